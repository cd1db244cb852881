"""Writes for placement locations, runs and recommendations. Every write is audited.

A run converts the programme's households awaiting arrival and its locations to the
engine's domain objects, solves synchronously within the run's time limit and stores
one recommendation per household (DESIGN §3 rule 5: the engine never sees a row).
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.core.audit import audit_record, changed_fields
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.people import services as people
from welcomehub.people.models import Household
from welcomehub.placement.domain import Case, Instance, Location, Solution
from welcomehub.placement.domain.scoring import RuleWeights
from welcomehub.placement.domain.solver import Options, solve
from welcomehub.placement.models import (
    Decision,
    PlacementLocation,
    PlacementRun,
    Recommendation,
    RunStatus,
)
from welcomehub.programmes.models import Programme

LOCATION_FIELDS = (
    "place",
    "period",
    "capacity_persons",
    "capacity_school_places",
    "capacity_medical_cases",
    "services",
    "languages",
    "diaspora_nationalities",
    "welcoming_note",
)
SCHOOL_AGES = range(5, 18)  # school-age children: members aged 5 to 17
AWAITING = "awaiting_arrival"


def _check_location(location: PlacementLocation) -> None:
    if not location.programme.places.filter(pk=location.place_id).exists():
        raise ValidationError({"place": _("This place is not served by the programme.")})


@transaction.atomic
def location_create(
    *, actor: Any, programme: Programme, channel: str = AuditChannel.WEB, **fields: Any
) -> PlacementLocation:
    unknown = set(fields) - set(LOCATION_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    location = PlacementLocation(programme=programme, **fields)
    location.full_clean()
    _check_location(location)
    location.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=location,
        organisation_id=programme.lead_id,
        channel=channel,
        detail={"fields": sorted(fields)},
    )
    return location


@transaction.atomic
def location_update(
    *, actor: Any, location: PlacementLocation, channel: str = AuditChannel.WEB, **changes: Any
) -> PlacementLocation:
    unknown = set(changes) - set(LOCATION_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    before = {name: getattr(location, name) for name in changes}
    for name, value in changes.items():
        setattr(location, name, value)
    location.full_clean()
    _check_location(location)
    location.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=location,
        organisation_id=location.programme.lead_id,
        channel=channel,
        detail={"fields": changed_fields(before, changes)},
    )
    return location


def _case(household: Household, today: datetime.date) -> Case:
    members = list(household.members.all())
    ages = [member.age_on(today) for member in members]
    # Family ties and stated preferences are not modelled yet: left empty.
    return Case(
        case_id=str(household.pk),
        size=len(members),
        school_age_children=sum(1 for age in ages if age is not None and age in SCHOOL_AGES),
        needs=frozenset(household.needs),
        languages=frozenset(household.languages),
        nationality=household.nationality,
    )


def _location(location: PlacementLocation) -> Location:
    return Location(
        location_id=str(location.pk),
        name=str(location),
        capacity_persons=location.capacity_persons,
        capacity_school_places=location.capacity_school_places,
        capacity_medical_cases=location.capacity_medical_cases,
        services=frozenset(location.services),
        languages=frozenset(location.languages),
        diaspora_nationalities=frozenset(location.diaspora_nationalities),
    )


def _store(run: PlacementRun, households: list[Household], solution: Solution) -> None:
    locations = {
        str(loc.pk): loc for loc in PlacementLocation.objects.filter(programme=run.programme)
    }
    assigned = dict(solution.assignments)
    recommendations = []
    for household in households:
        case_id = str(household.pk)
        explanation = solution.explanations.get(case_id)
        location_id = assigned.get(case_id)
        recommendations.append(
            Recommendation(
                run=run,
                household=household,
                location=locations[location_id] if location_id else None,
                score=explanation.score if explanation else 0.0,
                breakdown=dict(explanation.breakdown) if explanation else {},
                explanation=explanation.message if explanation else "",
            )
        )
    Recommendation.objects.bulk_create(recommendations)


def _batch(programme: Programme) -> tuple[list[Household], list[PlacementLocation]]:
    households = list(
        Household.objects.filter(programme=programme, status=AWAITING)
        .prefetch_related("members")
        .order_by("reference")
    )
    locations = list(PlacementLocation.objects.filter(programme=programme))
    if not households:
        raise ValidationError(_("No household of this programme is awaiting arrival."))
    if not locations:
        raise ValidationError(_("Add a placement location before starting a run."))
    return households, locations


def run_check(*, programme: Programme) -> None:
    """Refuse a run that could not start, before it is queued as a background task."""
    _batch(programme)


def run_create(
    *, actor: Any, programme: Programme, time_limit: int, channel: str = AuditChannel.WEB
) -> PlacementRun:
    """Solve the programme's waiting households, then store the run in one transaction.

    The solve happens outside any transaction: it may take up to the time limit, and a
    transaction held that long would block every other write (on SQLite, all of them).
    """
    households, locations = _batch(programme)
    weights = RuleWeights()
    run = PlacementRun(
        programme=programme,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        time_limit=time_limit,
        weights=dataclasses.asdict(weights),
    )
    run.status = RunStatus.FEASIBLE  # replaced by the engine's status below
    run.full_clean()
    today = timezone.localdate()
    instance = Instance(
        cases=tuple(_case(household, today) for household in households),
        locations=tuple(_location(location) for location in locations),
    )
    solution = solve(instance, Options(time_limit=float(time_limit), weights=weights))
    run.status = solution.status.value
    run.method = solution.method
    run.objective = float(solution.objective)
    run.bound = float(solution.bound)
    run.gap = float(solution.gap)
    run.persons_placed = solution.persons_placed
    run.capacity_prices = {key: list(value) for key, value in solution.capacity_prices.items()}
    run.finished_at = timezone.now()
    with transaction.atomic():
        run.save()
        _store(run, households, solution)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=run,
            organisation_id=programme.lead_id,
            channel=channel,
            detail={"households": len(households), "status": run.status},
        )
    return run


def _check_open(run: PlacementRun) -> None:
    if run.finalised_at is not None:
        raise ValidationError(_("This run has been finalised."))


def _decide(recommendation: Recommendation, actor: Any, decision: str) -> None:
    recommendation.decision = decision
    recommendation.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    recommendation.decided_at = timezone.now()
    recommendation.full_clean()
    recommendation.save()


@transaction.atomic
def recommendation_accept(
    *, actor: Any, recommendation: Recommendation, channel: str = AuditChannel.WEB
) -> Recommendation:
    _check_open(recommendation.run)
    if recommendation.location_id is None:
        raise ValidationError(_("There is no recommended location to accept."))
    recommendation.override_location = None
    recommendation.override_reason = ""
    _decide(recommendation, actor, Decision.ACCEPTED)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=recommendation,
        organisation_id=recommendation.run.programme.lead_id,
        channel=channel,
        detail={"decision": Decision.ACCEPTED},
    )
    return recommendation


@transaction.atomic
def recommendation_override(
    *,
    actor: Any,
    recommendation: Recommendation,
    location: PlacementLocation,
    reason: str,
    channel: str = AuditChannel.WEB,
) -> Recommendation:
    _check_open(recommendation.run)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the override.")})
    if location.programme_id != recommendation.run.programme_id:
        raise ValidationError({"location": _("This location is not one of the programme's.")})
    recommendation.override_location = location
    recommendation.override_reason = reason
    _decide(recommendation, actor, Decision.OVERRIDDEN)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=recommendation,
        organisation_id=recommendation.run.programme.lead_id,
        channel=channel,
        detail={"decision": Decision.OVERRIDDEN, "location": location.pk},
    )
    return recommendation


@transaction.atomic
def run_finalise(*, actor: Any, run: PlacementRun, channel: str = AuditChannel.WEB) -> int:
    """Give every accepted or overridden household its location; returns how many."""
    _check_open(run)
    decided = run.recommendations.exclude(decision=Decision.PENDING).select_related(
        "household", "location", "override_location"
    )
    count = 0
    for recommendation in decided:
        location = recommendation.final_location
        if location is None:
            continue
        people.household_update(
            actor=actor,
            household=recommendation.household,
            channel=channel,
            location=location.place,
        )
        count += 1
    run.finalised_at = timezone.now()
    run.full_clean()
    run.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=run,
        organisation_id=run.programme.lead_id,
        channel=channel,
        detail={"finalised": count},
    )
    return count
