"""A batch of 300 households at 25 locations through the services: the run, then a
re-solve with locks and bars, which holds them. Timing is printed (run with -s), never
asserted."""

from __future__ import annotations

import random
import time

import pytest

from conftest import World
from welcomehub.people import services as people
from welcomehub.placement import services
from welcomehub.placement.models import PairRuleKind, RunStatus
from welcomehub.programmes import services as programmes

pytestmark = pytest.mark.django_db

LANGUAGES = ["ar", "fa", "uk", "fr", "ti"]
NATIONALITIES = ["SY", "AF", "UA", "CD", "ER"]


def _batch(world: World, households: int = 300, locations: int = 25) -> None:
    rng = random.Random(3)
    places = [
        programmes.place_create(actor=None, name=f"Town {index}", kind="municipality", country="PT")
        for index in range(locations)
    ]
    world.programme.places.add(*places)
    persons = 0
    for _index in range(households):
        k = rng.randrange(len(LANGUAGES))
        household = people.household_create(
            actor=None,
            organisation=world.org_a,
            programme=world.programme,
            pathway="resettlement",
            status="awaiting_arrival",
            nationality=NATIONALITIES[k],
            languages=[LANGUAGES[k]],
            needs=["medical"] if rng.random() < 0.1 else [],
        )
        size = rng.randint(1, 6)
        persons += size
        for member in range(size):
            people.person_create(
                actor=None,
                household=household,
                given_name="Member",
                sex="female" if rng.random() < 0.4 else "male",
                relationship="head" if member == 0 else "child",
                date_of_birth=f"{2026 - (35 if member == 0 else rng.randint(1, 17))}-01-01",
            )
    capacity = int(persons * 1.1 / locations) + 1
    for index, place in enumerate(places):
        services.location_create(
            actor=None,
            programme=world.programme,
            place=place,
            capacity_persons=capacity,
            capacity_school_places=capacity,
            capacity_medical_cases=3,
            services=["medical"],
            languages=[LANGUAGES[index % len(LANGUAGES)]],
            diaspora_nationalities=[NATIONALITIES[(index + 1) % len(NATIONALITIES)]],
        )


def test_resolve_of_300_holds_locks_and_bars(world: World) -> None:
    _batch(world)
    coordinator = world.users["coordinator"]
    started = time.perf_counter()
    run = services.run_create(actor=coordinator, programme=world.programme, time_limit=10)
    print(f"run of 300: {time.perf_counter() - started:.2f} s, {run.status}, gap {run.gap}")
    assert len(run.household_ids) == 300
    recommendations = list(
        run.recommendations.exclude(location=None).select_related("household", "location")
    )
    target = services.run_locations(world.programme, "")[3]
    barred = recommendations[:5]
    locked = [r for r in recommendations[5:] if r.location != target][:5]
    for recommendation in barred:
        assert recommendation.location is not None
        services.pair_rule_set(
            actor=coordinator,
            run=run,
            household=recommendation.household,
            location=recommendation.location,
            kind=PairRuleKind.BAR,
            reason="Barred in the test",
        )
    for recommendation in locked:
        services.pair_rule_set(
            actor=coordinator,
            run=run,
            household=recommendation.household,
            location=target,
            kind=PairRuleKind.LOCK,
            reason="Locked in the test",
        )
    started = time.perf_counter()
    new = services.run_resolve(actor=coordinator, run=run)
    services.run_solve(run_id=new.pk)
    print(f"re-solve of 300: {time.perf_counter() - started:.2f} s")
    new.refresh_from_db()
    assert new.status in (RunStatus.OPTIMAL, RunStatus.FEASIBLE)
    placed = dict(new.recommendations.values_list("household_id", "location_id"))
    for recommendation in barred:
        assert placed[recommendation.household_id] != recommendation.location_id
    for recommendation in locked:
        assert placed[recommendation.household_id] == target.pk
