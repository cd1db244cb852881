"""A placement world on top of the shared test world: both households awaiting
arrival, a location in Lisboa and one in Porto, and one finished run."""

from __future__ import annotations

from dataclasses import dataclass

from conftest import World
from welcomehub.people import services as people
from welcomehub.placement import services
from welcomehub.placement.models import PlacementLocation, PlacementRun


@dataclass
class Placement:
    lisboa: PlacementLocation
    porto: PlacementLocation
    run: PlacementRun


def build_placement(world: World, *, households: bool = True) -> Placement:
    """With `households`, the world's two households wait for placement; without, they
    keep their status and only a new one-person household of A does (so pages
    shown to the coordinator do not carry household A's reference)."""
    coordinator = world.users["coordinator"]
    if households:
        for household in (world.household_a, world.household_b):
            assert household is not None
            people.household_update(actor=None, household=household, status="awaiting_arrival")
    else:
        newcomer = people.household_create(
            actor=None,
            organisation=world.org_a,
            programme=world.programme,
            pathway="resettlement",
            status="awaiting_arrival",
            nationality="AF",
            languages=["fa"],
        )
        people.person_create(
            actor=None,
            household=newcomer,
            given_name="Farid",
            sex="male",
            relationship="head",
        )
    lisboa = services.location_create(
        actor=coordinator,
        programme=world.programme,
        place=world.place,
        period="2026-Q4",
        capacity_persons=2,
        capacity_school_places=1,
        capacity_medical_cases=1,
        services=["medical"],
        languages=["ar"],
        diaspora_nationalities=["SY"],
    )
    porto = services.location_create(
        actor=coordinator,
        programme=world.programme,
        place=world.other_place,
        period="2026-Q4",
        capacity_persons=1,
        capacity_school_places=0,
        capacity_medical_cases=1,
        services=["medical"],
    )
    run = services.run_create(actor=coordinator, programme=world.programme, time_limit=5)
    return Placement(lisboa=lisboa, porto=porto, run=run)
