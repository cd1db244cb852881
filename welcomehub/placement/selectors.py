"""Reads for placement pages. Recommendations show household references and facts
needed to place them, never names; showing them is an audited read (DESIGN §6)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from welcomehub.accounts.permissions import organisations_with
from welcomehub.core.audit import audit_reads
from welcomehub.placement.models import (
    ModelStatus,
    OutcomeModel,
    PairRule,
    PlacementLocation,
    PlacementNotice,
    PlacementRun,
    Recommendation,
)
from welcomehub.programmes.models import Programme

DIMENSIONS = ("persons", "school_places", "medical_cases")


def placement_programmes(user: Any) -> QuerySet[Programme]:
    """Programmes whose placements the user runs (coordinator of the lead organisation)."""
    return Programme.objects.filter(lead_id__in=organisations_with(user, "placement.manage"))


def notices_for(user: Any) -> QuerySet[PlacementNotice]:
    """Notices to the organisations where the user places or keeps households."""
    organisations = organisations_with(user, "placement.manage") | organisations_with(
        user, "household.view"
    )
    return PlacementNotice.objects.filter(organisation_id__in=organisations).select_related(
        "run__programme", "location__place", "organisation"
    )


def programme_locations(programme: Programme) -> QuerySet[PlacementLocation]:
    return PlacementLocation.objects.filter(programme=programme).select_related(
        "place", "receiving_organisation"
    )


def programme_periods(programme: Programme) -> list[str]:
    return sorted(
        set(PlacementLocation.objects.filter(programme=programme).values_list("period", flat=True))
    )


def programme_runs(programme: Programme) -> QuerySet[PlacementRun]:
    return PlacementRun.objects.filter(programme=programme).annotate(
        households=Count("recommendations")
    )


def outcome_models(programme: Programme) -> QuerySet[OutcomeModel]:
    return OutcomeModel.objects.filter(programme=programme).defer("fitted")


def ready_models(programme: Programme) -> QuerySet[OutcomeModel]:
    return outcome_models(programme).filter(status=ModelStatus.READY)


@dataclass
class Row:
    recommendation: Recommendation
    alternatives: list[tuple[PlacementLocation | None, float]] = field(default_factory=list)
    rules: list[PairRule] = field(default_factory=list)


def run_rows(*, actor: Any, run: PlacementRun) -> list[Row]:
    """The run's recommendations with their alternatives and the locks and bars of each
    household; the households shown are recorded as read."""
    recommendations: list[Recommendation] = list(
        run.recommendations.select_related(
            "household", "location__place", "override_location__place"
        ).annotate(size=Count("household__members"))
    )
    locations = {location.pk: location for location in programme_locations(run.programme)}
    rules: dict[int, list[PairRule]] = {}
    for rule in run.pair_rules.select_related("location__place"):
        rules.setdefault(rule.household_id, []).append(rule)
    audit_reads(
        actor=actor,
        objects=[recommendation.household for recommendation in recommendations],
        organisation_of=lambda household: household.organisation_id,
    )
    return [
        Row(
            recommendation,
            [
                (locations.get(item["location"]), float(item["value"]))
                for item in recommendation.alternatives
            ],
            rules.get(recommendation.household_id, []),
        )
        for recommendation in recommendations
    ]


@dataclass(frozen=True)
class LocationUse:
    location: PlacementLocation
    persons: int  # persons the run recommends there
    prices: tuple[float, ...]  # LP duals per capacity dimension, empty when none


def run_location_use(run: PlacementRun) -> list[LocationUse]:
    """Each location's recommended load and capacity prices (score per unit of capacity)."""
    persons = dict(
        Recommendation.objects.filter(run=run, location__isnull=False)
        .order_by()
        .values_list("location")
        .annotate(persons=Count("household__members"))
    )
    locations = programme_locations(run.programme)
    if run.period:
        locations = locations.filter(period=run.period)
    return [
        LocationUse(
            location=location,
            persons=persons.get(location.pk, 0),
            prices=tuple(run.capacity_prices.get(str(location.pk), ())),
        )
        for location in locations
    ]


@dataclass(frozen=True)
class CapacityRow:
    location: PlacementLocation
    capacity: tuple[int, int, int]
    used: tuple[int, int, int]

    @property
    def left(self) -> tuple[int, int, int]:
        c, u = self.capacity, self.used
        return (c[0] - u[0], c[1] - u[1], c[2] - u[2])

    @property
    def cells(self) -> list[tuple[int, int, int, bool]]:
        """(capacity, used, left, over capacity) per dimension."""
        return [
            (cap, used, cap - used, used > cap)
            for cap, used in zip(self.capacity, self.used, strict=True)
        ]

    @property
    def over(self) -> bool:
        return any(left < 0 for left in self.left)


def capacity_use(programme: Programme, period: str | None) -> list[CapacityRow]:
    """Each location's capacities, what finalised placements used of them, and what is left.

    Aggregate figures only: no household is named. `period` None means every period."""
    from welcomehub.placement.services import household_demand

    locations = list(programme_locations(programme))
    if period is not None:
        locations = [location for location in locations if location.period == period]
    used: dict[int, list[int]] = {location.pk: [0, 0, 0] for location in locations}
    today = timezone.localdate()
    recommendations = (
        Recommendation.objects.filter(run__programme=programme, run__finalised_at__isnull=False)
        .exclude(decision="pending")
        .select_related("household", "location", "override_location")
        .prefetch_related("household__members")
    )
    for recommendation in recommendations:
        final = recommendation.final_location
        if final is None or final.pk not in used:
            continue
        demand = household_demand(recommendation.household, today)
        for index, amount in enumerate(demand):
            used[final.pk][index] += amount
    return [
        CapacityRow(
            location,
            (
                location.capacity_persons,
                location.capacity_school_places,
                location.capacity_medical_cases,
            ),
            (used[location.pk][0], used[location.pk][1], used[location.pk][2]),
        )
        for location in locations
    ]
