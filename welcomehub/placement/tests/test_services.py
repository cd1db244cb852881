"""Placement services against the database: runs, decisions, finalising, audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.people import services as people
from welcomehub.people.models import Household
from welcomehub.placement import services
from welcomehub.placement.models import Decision, PlacementLocation, Recommendation
from welcomehub.placement.tests.support import Placement, build_placement
from welcomehub.programmes import services as programmes

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(world: World) -> Placement:
    return build_placement(world)


def _recommendation(placement: Placement, household: Household | None) -> Recommendation:
    assert household is not None
    return placement.run.recommendations.get(household=household)


def test_run_places_every_household_within_capacity(placement: Placement, world: World) -> None:
    run = placement.run
    assert run.status == "optimal"
    assert run.finished_at is not None
    recommendations = list(run.recommendations.select_related("location", "household"))
    assert len(recommendations) == 2
    assert all(r.location is not None for r in recommendations)
    load: dict[int, int] = {}
    for r in recommendations:
        assert r.location is not None
        load[r.location.pk] = load.get(r.location.pk, 0) + r.household.members.count()
    for location in (placement.lisboa, placement.porto):
        assert load.get(location.pk, 0) <= location.capacity_persons
    # household A (two persons, a school-age child) only fits Lisboa
    assert _recommendation(placement, world.household_a).location == placement.lisboa
    assert run.persons_placed == 3
    assert run.bound >= run.objective
    # queued by the coordinator, finished by the task in the coordinator's name
    assert AuditEvent.objects.filter(object_type="placement.placementrun").count() == 2


def test_run_without_households_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        services.run_create(
            actor=world.users["coordinator"], programme=world.programme, time_limit=5
        )


def test_location_update_checks_codes_and_places(placement: Placement, world: World) -> None:
    coordinator = world.users["coordinator"]
    services.location_update(actor=coordinator, location=placement.porto, capacity_persons=4)
    placement.porto.refresh_from_db()
    assert placement.porto.capacity_persons == 4
    with pytest.raises(ValidationError):
        services.location_update(actor=coordinator, location=placement.porto, services=["spa"])
    placement.porto.refresh_from_db()
    assert placement.porto.services == ["medical"]


def test_override_needs_a_reason(placement: Placement, world: World) -> None:
    recommendation = _recommendation(placement, world.household_b)
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.recommendation_override(
            actor=world.users["coordinator"],
            recommendation=recommendation,
            location=placement.lisboa,
            reason="  ",
        )
    recommendation.refresh_from_db()
    assert recommendation.decision == Decision.PENDING
    assert recommendation.override_location is None
    assert AuditEvent.objects.count() == audits


def test_override_to_another_programme_is_refused(placement: Placement, world: World) -> None:
    other = programmes.programme_create(
        actor=None,
        name="Other Programme",
        kind="national",
        country="PT",
        area=world.place,
        lead=world.org_b,
        places=[world.place],
    )
    foreign = PlacementLocation.objects.create(
        programme=other, place=world.place, capacity_persons=10
    )
    recommendation = _recommendation(placement, world.household_b)
    with pytest.raises(ValidationError):
        services.recommendation_override(
            actor=world.users["coordinator"],
            recommendation=recommendation,
            location=foreign,
            reason="Family nearby",
        )
    recommendation.refresh_from_db()
    assert recommendation.decision == Decision.PENDING
    assert recommendation.override_location is None


def test_finalise_sets_locations_and_audits(placement: Placement, world: World) -> None:
    coordinator = world.users["coordinator"]
    services.recommendation_accept(
        actor=coordinator, recommendation=_recommendation(placement, world.household_a)
    )
    services.recommendation_override(
        actor=coordinator,
        recommendation=_recommendation(placement, world.household_b),
        location=placement.lisboa,
        reason="A cousin lives in Lisboa",
    )
    before = AuditEvent.objects.count()
    assert services.run_finalise(actor=coordinator, run=placement.run) == 2
    assert world.household_a is not None
    assert world.household_b is not None
    world.household_a.refresh_from_db()
    world.household_b.refresh_from_db()
    assert world.household_a.location == world.place
    assert world.household_b.location == world.place
    events = AuditEvent.objects.order_by("pk")[before:]
    assert [(e.object_type, e.actor_id) for e in events] == [
        ("people.household", coordinator.pk),
        ("people.household", coordinator.pk),
        ("placement.placementrun", coordinator.pk),
    ]
    with pytest.raises(ValidationError):
        services.run_finalise(actor=coordinator, run=placement.run)
    with pytest.raises(ValidationError):
        services.recommendation_accept(
            actor=coordinator, recommendation=_recommendation(placement, world.household_a)
        )


def test_unplaced_household_is_explained(world: World) -> None:
    assert world.household_a is not None
    people.household_update(
        actor=None, household=world.household_a, status="awaiting_arrival", needs=["wheelchair"]
    )
    services.location_create(
        actor=None, programme=world.programme, place=world.place, capacity_persons=10
    )
    run = services.run_create(
        actor=world.users["coordinator"], programme=world.programme, time_limit=5
    )
    recommendation = run.recommendations.get()
    assert recommendation.location is None
    assert recommendation.explanation
    with pytest.raises(ValidationError):
        services.recommendation_accept(actor=None, recommendation=recommendation)
