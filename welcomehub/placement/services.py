"""Writes for placement locations, runs, locks and bars, decisions and finalising.

Every write a person makes is audited. A run is queued by `run_start` (audited), then a
background task calls `run_solve`, which converts the batch to the engine's domain objects
(DESIGN §3 rule 5: the engine never sees a row), solves outside any transaction while
writing its progress (`run_progress`), and stores the recommendations in one transaction.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.core.audit import audit_record, changed_fields
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.people import selectors as people_selectors
from welcomehub.people import services as people
from welcomehub.people.models import Household
from welcomehub.placement import notices
from welcomehub.placement.domain import Case, Instance, Location, Solution
from welcomehub.placement.domain.scoring import RuleWeights
from welcomehub.placement.domain.solver import Options, solve
from welcomehub.placement.models import (
    Decision,
    ModelStatus,
    OutcomeModel,
    PairRule,
    PairRuleKind,
    PlacementLocation,
    PlacementRun,
    Recommendation,
    RunStatus,
    Scoring,
)
from welcomehub.programmes.models import Programme

logger = logging.getLogger(__name__)

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
    "receiving_organisation",
)
SCHOOL_AGES = range(5, 18)  # school-age children: members aged 5 to 17
AWAITING = "awaiting_arrival"
# The first pass of a run: a quick solution shown while the full solve goes on.
FIRST_PASS_SECONDS = 1.0
# The historical placement solved to estimate the policy's gain (model runs only).
ESTIMATE_SECONDS = 5.0


class Phase:
    """What a run is doing, as stored in PlacementRun.phase (labels in views.PHASES)."""

    QUEUED = "queued"
    PREPARING = "preparing"
    FIRST_SOLUTION = "first_solution"
    IMPROVING = "improving"
    ESTIMATING = "estimating"
    STORING = "storing"
    DONE = "done"
    FAILED = "failed"


def _check_location(location: PlacementLocation) -> None:
    if not location.programme.places.filter(pk=location.place_id).exists():
        raise ValidationError({"place": _("This place is not served by the programme.")})
    organisation_id = location.receiving_organisation_id
    taking_part = organisation_id in (None, location.programme.lead_id) or (
        location.programme.partners.filter(organisation_id=organisation_id).exists()
    )
    if not taking_part:
        raise ValidationError(
            {
                "receiving_organisation": _(
                    "The receiving organisation must lead the programme or be a partner."
                )
            }
        )


def _known(fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(LOCATION_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))


@transaction.atomic
def location_create(
    *, actor: Any, programme: Programme, channel: str = AuditChannel.WEB, **fields: Any
) -> PlacementLocation:
    _known(fields)
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
    _known(changes)
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


# --- Converting rows to the engine's objects -------------------------------------------


def _supported(cls: type, values: dict[str, Any]) -> dict[str, Any]:
    """Only the arguments the engine's dataclass knows (it grows while the app does)."""
    names = {item.name for item in dataclasses.fields(cls)}
    return {name: value for name, value in values.items() if name in names}


def household_demand(household: Household, today: datetime.date) -> tuple[int, int, int]:
    """Persons, school-age children and medical cases (0/1), as the engine counts them."""
    members = list(household.members.all())
    ages = [member.age_on(today) for member in members]
    school = sum(1 for age in ages if age is not None and age in SCHOOL_AGES)
    return (len(members), school, int("medical" in household.needs))


def case_of(
    household: Household,
    today: datetime.date,
    preference: Any = None,
    location_of_place: Mapping[int, str] | None = None,
) -> Case:
    """The engine's view of a household: demand, needs, languages, nationality, the head's
    gender, and its stated preferences and family tie mapped to the run's locations."""
    location_of_place = location_of_place or {}
    size, school, _medical = household_demand(household, today)
    head = people_selectors.head_of(household)
    preferred: tuple[str, ...] = ()
    family: str | None = None
    if preference is not None:
        preferred = tuple(
            dict.fromkeys(
                location_of_place[place_id]
                for place_id in preference.place_ids
                if place_id in location_of_place
            )
        )
        family = location_of_place.get(preference.family_place_id)
    values = {
        "case_id": str(household.pk),
        "size": size,
        "school_age_children": school,
        "needs": frozenset(household.needs),
        "languages": frozenset(household.languages),
        "nationality": household.nationality,
        "family_location_id": family,
        "preferred_location_ids": preferred,
        "head_gender": head.sex if head is not None else "",
    }
    return Case(**_supported(Case, values))


def location_of(location: PlacementLocation) -> Location:
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


def _preferences(household_ids: list[int]) -> dict[int, Any]:
    """The families' own stated preferences and consented family ties (people app)."""
    reader = getattr(people_selectors, "placement_preferences", None)
    if reader is None:  # the people app does not offer them (yet)
        return {}
    return dict(reader(household_ids))


def run_locations(programme: Programme, period: str) -> list[PlacementLocation]:
    locations = PlacementLocation.objects.filter(programme=programme).select_related("place")
    if period:
        locations = locations.filter(period=period)
    return list(locations.order_by("place__name", "period", "pk"))


def placed_household_ids(programme: Programme) -> set[int]:
    """Households a finalised run of the programme has given a location."""
    return set(
        Recommendation.objects.filter(run__programme=programme, run__finalised_at__isnull=False)
        .exclude(decision=Decision.PENDING)
        .values_list("household_id", flat=True)
    )


def _awaiting(programme: Programme) -> list[Household]:
    """The programme's households awaiting arrival that no finalised run has placed."""
    return list(
        Household.objects.filter(programme=programme, status=AWAITING)
        .exclude(pk__in=placed_household_ids(programme))
        .prefetch_related("members")
        .order_by("reference")
    )


def _batch_households(run: PlacementRun) -> list[Household]:
    return list(
        Household.objects.filter(pk__in=run.household_ids)
        .prefetch_related("members")
        .order_by("reference")
    )


@dataclasses.dataclass
class Batch:
    households: list[Household]
    locations: list[PlacementLocation]
    instance: Instance
    warm_start: dict[str, str]


def _build(run: PlacementRun, today: datetime.date) -> Batch:
    households = _batch_households(run)
    locations = run_locations(run.programme, run.period)
    location_of_place: dict[int, str] = {}
    for location in locations:
        location_of_place.setdefault(location.place_id, str(location.pk))
    preferences = _preferences([household.pk for household in households])
    cases = tuple(
        case_of(household, today, preferences.get(household.pk), location_of_place)
        for household in households
    )
    known = {str(location.pk) for location in locations}
    locked: dict[str, str] = {}
    barred: set[tuple[str, str]] = set()
    for rule in run.pair_rules.all():
        pair = (str(rule.household_id), str(rule.location_id))
        if pair[1] not in known:
            continue
        if rule.kind == PairRuleKind.LOCK:
            locked[pair[0]] = pair[1]
        else:
            barred.add(pair)
    warm: dict[str, str] = {}
    if run.parent_id is not None:
        for case_id, location_id in Recommendation.objects.filter(
            run_id=run.parent_id, location__isnull=False
        ).values_list("household_id", "location_id"):
            if str(location_id) in known:
                warm[str(case_id)] = str(location_id)
    values: dict[str, Any] = {
        "cases": cases,
        "locations": tuple(location_of(location) for location in locations),
        "locked": locked,
        "barred": frozenset(barred),
    }
    instance = Instance(**_supported(Instance, values))
    if run.outcome_model is not None:
        from welcomehub.placement import training

        instance = training.with_scores(run.outcome_model, instance)
    return Batch(households, locations, instance, warm)


def _options(run: PlacementRun, seconds: float, warm: Mapping[str, str]) -> Options:
    values: dict[str, Any] = {
        "time_limit": seconds,
        "weights": RuleWeights(**run.weights) if run.weights else RuleWeights(),
        "min_top_preference_share": run.min_top_preference_share,
        "group_floors": dict(run.group_floors),
        "warm_start": dict(warm) or None,
    }
    return Options(**_supported(Options, values))


# --- Runs -----------------------------------------------------------------------------


def _floors(
    households: list[Household], nationality_floor: float | None, gender_floor: float | None
) -> dict[str, float]:
    floors: dict[str, float] = {}
    if nationality_floor is not None:
        for nationality in sorted({h.nationality for h in households if h.nationality}):
            floors[f"nationality:{nationality}"] = float(nationality_floor)
    if gender_floor is not None:
        genders = set()
        for household in households:
            head = people_selectors.head_of(household)
            if head is not None and head.sex in ("female", "male"):
                genders.add(head.sex)
        for gender in sorted(genders):
            floors[f"head_gender:{gender}"] = float(gender_floor)
    return floors


def _check_model(programme: Programme, outcome_model: OutcomeModel | None) -> None:
    if outcome_model is None:
        return
    if outcome_model.programme_id != programme.pk or outcome_model.status != ModelStatus.READY:
        raise ValidationError(
            {"outcome_model": _("Choose a trained outcome model of this programme.")}
        )


def run_start(
    *,
    actor: Any,
    programme: Programme,
    time_limit: int,
    period: str = "",
    min_top_preference_share: float | None = None,
    nationality_floor: float | None = None,
    gender_floor: float | None = None,
    outcome_model: OutcomeModel | None = None,
    channel: str = AuditChannel.WEB,
) -> PlacementRun:
    """Queue a run of the programme's households awaiting placement; `run_solve` solves it."""
    households = _awaiting(programme)
    if not households:
        raise ValidationError(_("No household of this programme is awaiting arrival."))
    if not run_locations(programme, period):
        raise ValidationError(_("Add a placement location before starting a run."))
    _check_model(programme, outcome_model)
    for value in (nationality_floor, gender_floor):
        if value is not None and value < 0:
            raise ValidationError(_("A minimum expected outcome cannot be negative."))
    run = PlacementRun(
        programme=programme,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        time_limit=time_limit,
        period=period,
        weights=dataclasses.asdict(RuleWeights()),
        household_ids=[household.pk for household in households],
        status=RunStatus.QUEUED,
        phase=Phase.QUEUED,
        min_top_preference_share=min_top_preference_share,
        group_floors=_floors(households, nationality_floor, gender_floor),
        scoring=Scoring.MODEL if outcome_model is not None else Scoring.RULES,
        outcome_model=outcome_model,
    )
    run.full_clean()
    with transaction.atomic():
        run.save()
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=run,
            organisation_id=programme.lead_id,
            channel=channel,
            detail={
                "households": len(households),
                "period": period,
                "scoring": run.scoring,
                "min_top_preference_share": min_top_preference_share,
                "group_floors": run.group_floors,
            },
        )
    return run


def run_resolve(*, actor: Any, run: PlacementRun, channel: str = AuditChannel.WEB) -> PlacementRun:
    """Queue a re-solve of the same batch with the run's locks and bars, warm-started from
    its recommendations; households placed meanwhile leave the batch."""
    if not run.finished:
        raise ValidationError(_("The run has not finished yet."))
    _check_open(run)
    placed = placed_household_ids(run.programme)
    households = [
        household
        for household in _batch_households(run)
        if household.status == AWAITING and household.pk not in placed
    ]
    if not households:
        raise ValidationError(_("No household of this run is still awaiting placement."))
    with transaction.atomic():
        new = PlacementRun(
            programme=run.programme,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            time_limit=run.time_limit,
            period=run.period,
            weights=run.weights,
            household_ids=[household.pk for household in households],
            parent=run,
            status=RunStatus.QUEUED,
            phase=Phase.QUEUED,
            min_top_preference_share=run.min_top_preference_share,
            group_floors=run.group_floors,
            scoring=run.scoring,
            outcome_model=run.outcome_model,
        )
        new.full_clean()
        new.save()
        kept = {household.pk for household in households}
        PairRule.objects.bulk_create(
            PairRule(
                run=new,
                household_id=rule.household_id,
                location_id=rule.location_id,
                kind=rule.kind,
                reason=rule.reason,
                created_by_id=rule.created_by_id,
            )
            for rule in run.pair_rules.all()
            if rule.household_id in kept
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=new,
            organisation_id=run.programme.lead_id,
            channel=channel,
            detail={"resolve_of": run.pk, "households": len(households)},
        )
    return new


def run_progress(*, run_id: int, phase: str, solution: Solution | None = None) -> None:
    """Record how far a run has got. Written by the background task between phases; a
    technical state, not a person's decision, so it is not audited (start and end are)."""
    values: dict[str, Any] = {"phase": phase, "updated_at": timezone.now()}
    if phase == Phase.PREPARING:
        values["status"] = RunStatus.RUNNING
    if solution is not None:
        values.update(
            objective=float(solution.objective),
            bound=float(solution.bound),
            gap=float(solution.gap),
            persons_placed=solution.persons_placed,
            method=solution.method,
        )
    PlacementRun.objects.filter(pk=run_id).update(**values)


def _is_optimal(solution: Solution) -> bool:
    return solution.status.value == RunStatus.OPTIMAL and solution.gap <= 1e-9


def _warm(solution: Solution) -> dict[str, str]:
    return dict(solution.assignments)


def run_solve(*, run_id: int, today: datetime.date | None = None) -> PlacementRun | None:
    """Solve a queued run (the background task's work); returns it, or None when gone.

    A first pass of about a second gives a solution to show at once; the rest of the time
    limit improves it from there (warm start) unless the first is already proven optimal.
    """
    run = (
        PlacementRun.objects.select_related("programme", "outcome_model").filter(pk=run_id).first()
    )
    if run is None:
        return None
    # Claim the run: of two workers given the same task, only one finds it queued.
    claimed = PlacementRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, phase=Phase.PREPARING, updated_at=timezone.now()
    )
    if not claimed:
        run.refresh_from_db()
        return run
    today = today or timezone.localdate()
    try:
        batch = _build(run, today)
        limit = float(run.time_limit)
        first_limit = min(FIRST_PASS_SECONDS, limit)
        solution = solve(batch.instance, _options(run, first_limit, batch.warm_start))
        run_progress(run_id=run.pk, phase=Phase.FIRST_SOLUTION, solution=solution)
        if not _is_optimal(solution) and limit > first_limit:
            run_progress(run_id=run.pk, phase=Phase.IMPROVING, solution=solution)
            better = solve(batch.instance, _options(run, limit - first_limit, _warm(solution)))
            if (better.persons_placed, better.objective) >= (
                solution.persons_placed,
                solution.objective,
            ):
                solution = better
            else:  # keep the better placement, with the tighter proven bound
                solution = dataclasses.replace(solution, bound=min(solution.bound, better.bound))
        estimate = None
        if run.outcome_model is not None:
            from welcomehub.placement import training

            run_progress(run_id=run.pk, phase=Phase.ESTIMATING, solution=solution)
            estimate = training.policy_estimate(
                run.outcome_model, _options(run, limit, {}), ESTIMATE_SECONDS
            )
        run_progress(run_id=run.pk, phase=Phase.STORING, solution=solution)
    except Exception:
        logger.exception("placement run %s failed", run.pk)
        _fail(run)
        return run
    _finish(run, batch, solution, estimate)
    return run


def _fail(run: PlacementRun) -> None:
    with transaction.atomic():
        run.refresh_from_db()
        run.status = RunStatus.FAILED
        run.phase = Phase.FAILED
        run.error = _("The engine stopped with an error; the details are in the server log.")
        run.finished_at = timezone.now()
        run.save()
        audit_record(
            actor=run.created_by,
            action=AuditAction.UPDATE,
            obj=run,
            organisation_id=run.programme.lead_id,
            channel=AuditChannel.SYSTEM,
            detail={"status": run.status},
        )


def run_recover_stale(*, older_than_seconds: float = 60.0) -> list[int]:
    """Hand back runs left "running" by a worker that died (kill -9, power cut): a run
    that has shown no progress for its time limit plus `older_than_seconds` goes back to
    "queued", so the task queued again claims and solves it. Returns their ids.

    Without this a crashed run stays "running" for ever and a retried task finds nothing
    to claim. Safe beside live workers: a live run writes its progress well within its
    time limit, and the update re-checks the status and the time it read."""
    now = timezone.now()
    recovered = []
    for run in PlacementRun.objects.filter(status=RunStatus.RUNNING).select_related("programme"):
        stale_since = now - datetime.timedelta(seconds=run.time_limit + older_than_seconds)
        if run.updated_at > stale_since:
            continue
        with transaction.atomic():
            handed_back = PlacementRun.objects.filter(
                pk=run.pk, status=RunStatus.RUNNING, updated_at=run.updated_at
            ).update(status=RunStatus.QUEUED, phase=Phase.QUEUED, updated_at=now)
            if not handed_back:
                continue
            audit_record(
                actor=None,
                action=AuditAction.UPDATE,
                obj=run,
                organisation_id=run.programme.lead_id,
                channel=AuditChannel.SYSTEM,
                detail={"status": RunStatus.QUEUED, "recovered": "stale"},
            )
        recovered.append(run.pk)
    return recovered


def _alternatives(solution: Solution, case_id: str) -> list[dict[str, Any]]:
    alternatives = getattr(solution, "alternatives", {}) or {}
    return [
        {"location": int(location_id), "value": float(value)}
        for location_id, value in list(alternatives.get(case_id, ()))[:3]
    ]


def _finish(
    run: PlacementRun, batch: Batch, solution: Solution, estimate: dict[str, Any] | None
) -> None:
    locations = {str(location.pk): location for location in batch.locations}
    assigned = dict(solution.assignments)
    recommendations = []
    for household in batch.households:
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
                alternatives=_alternatives(solution, case_id),
            )
        )
    with transaction.atomic():
        run.refresh_from_db()
        run.status = solution.status.value
        run.phase = Phase.DONE
        run.method = solution.method
        run.objective = float(solution.objective)
        run.bound = float(solution.bound)
        run.gap = float(solution.gap)
        run.persons_placed = solution.persons_placed
        run.capacity_prices = {
            key: [float(price) for price in value]
            for key, value in solution.capacity_prices.items()
        }
        bounds = getattr(solution, "constraint_cost_bounds", {}) or {}
        run.constraint_costs = {
            str(key): [float(value), *(float(b) for b in bounds.get(key, (value, value)))]
            for key, value in (getattr(solution, "constraint_costs", {}) or {}).items()
        }
        run.notes = [str(note) for note in getattr(solution, "notes", ())]
        run.policy_estimate = estimate or {}
        run.finished_at = timezone.now()
        run.full_clean()
        run.save()
        Recommendation.objects.bulk_create(recommendations)
        audit_record(
            actor=run.created_by,
            action=AuditAction.UPDATE,
            obj=run,
            organisation_id=run.programme.lead_id,
            channel=AuditChannel.SYSTEM,
            detail={"households": len(batch.households), "status": run.status},
        )


def run_create(
    *,
    actor: Any,
    programme: Programme,
    time_limit: int,
    channel: str = AuditChannel.WEB,
    **options: Any,
) -> PlacementRun:
    """Queue and solve at once, in this process (the demo and tests; pages use the task)."""
    run = run_start(
        actor=actor, programme=programme, time_limit=time_limit, channel=channel, **options
    )
    run_solve(run_id=run.pk)
    run.refresh_from_db()
    return run


# --- Locks and bars -------------------------------------------------------------------


def _check_open(run: PlacementRun) -> None:
    if run.finalised_at is not None:
        raise ValidationError(_("This run has been finalised."))


@transaction.atomic
def pair_rule_set(
    *,
    actor: Any,
    run: PlacementRun,
    household: Household,
    location: PlacementLocation,
    kind: str,
    reason: str,
    channel: str = AuditChannel.WEB,
) -> PairRule:
    """Lock (or bar) a household to (from) a location for the run's re-solves; a second rule
    for the same pair replaces the first. A household has at most one lock."""
    _check_open(run)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the lock or bar.")})
    if household.pk not in run.household_ids:
        raise ValidationError(_("This household is not in the run."))
    if location.programme_id != run.programme_id:
        raise ValidationError({"location": _("This location is not one of the programme's.")})
    if run.period and location.period != run.period:
        raise ValidationError({"location": _("This location is not of the run's period.")})
    if kind == PairRuleKind.LOCK:
        PairRule.objects.filter(run=run, household=household, kind=PairRuleKind.LOCK).exclude(
            location=location
        ).delete()
    rule, _created = PairRule.objects.update_or_create(
        run=run,
        household=household,
        location=location,
        defaults={
            "kind": kind,
            "reason": reason,
            "created_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    rule.full_clean()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=rule,
        organisation_id=run.programme.lead_id,
        channel=channel,
        detail={"kind": kind, "household": household.reference, "location": location.pk},
    )
    return rule


@transaction.atomic
def pair_rule_delete(*, actor: Any, rule: PairRule, channel: str = AuditChannel.WEB) -> None:
    _check_open(rule.run)
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=rule,
        organisation_id=rule.run.programme.lead_id,
        channel=channel,
        detail={"kind": rule.kind, "location": rule.location_id},
    )
    rule.delete()


# --- Decisions and finalising ---------------------------------------------------------


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
    """Give every accepted or overridden household its location, tell each receiving
    organisation (a notice in the app and, after commit, an e-mail to its coordinators and
    caseworkers: references and sizes, never names); returns how many were placed."""
    _check_open(run)
    if not run.finished:
        raise ValidationError(_("The run has not finished yet."))
    decided = (
        run.recommendations.exclude(decision=Decision.PENDING)
        .select_related("household", "location__place", "override_location__place")
        .prefetch_related("household__members")
    )
    placed: list[tuple[Household, PlacementLocation]] = []
    already = placed_household_ids(run.programme)
    for recommendation in decided:
        location = recommendation.final_location
        if location is None:
            continue
        if recommendation.household_id in already:
            raise ValidationError(
                _("Household %(reference)s was placed by another run.")
                % {"reference": recommendation.household.reference}
            )
        people.household_update(
            actor=actor,
            household=recommendation.household,
            channel=channel,
            location=location.place,
        )
        placed.append((recommendation.household, location))
    created = notices.notices_create(run=run, placed=placed)
    run.finalised_at = timezone.now()
    run.full_clean()
    run.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=run,
        organisation_id=run.programme.lead_id,
        channel=channel,
        detail={
            "finalised": len(placed),
            "notified": sorted({notice.organisation_id for notice in created}),
        },
    )
    transaction.on_commit(lambda: notices.notices_send([notice.pk for notice in created]))
    return len(placed)
