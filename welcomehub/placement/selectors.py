"""Reads for placement pages. Recommendations show household references and facts
needed to place them, never names; showing them is an audited read (DESIGN §6)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from welcomehub.core.audit import audit_reads
from welcomehub.placement.models import PlacementLocation, PlacementRun, Recommendation
from welcomehub.programmes.models import Programme


def programme_locations(programme: Programme) -> QuerySet[PlacementLocation]:
    return PlacementLocation.objects.filter(programme=programme).select_related("place")


def programme_runs(programme: Programme) -> QuerySet[PlacementRun]:
    return PlacementRun.objects.filter(programme=programme).annotate(
        households=Count("recommendations")
    )


def run_recommendations(*, actor: Any, run: PlacementRun) -> list[Recommendation]:
    recommendations: list[Recommendation] = list(
        run.recommendations.select_related(
            "household", "location__place", "override_location__place"
        ).annotate(size=Count("household__members"))
    )
    audit_reads(
        actor=actor,
        objects=[recommendation.household for recommendation in recommendations],
        organisation_of=lambda household: household.organisation_id,
    )
    return recommendations


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
    return [
        LocationUse(
            location=location,
            persons=persons.get(location.pk, 0),
            prices=tuple(run.capacity_prices.get(str(location.pk), ())),
        )
        for location in programme_locations(run.programme)
    ]
