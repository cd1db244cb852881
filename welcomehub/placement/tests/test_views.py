"""Placement pages: only the lead's coordinator gets in; bad input changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.placement.models import Decision, PlacementLocation, PlacementRun
from welcomehub.placement.tests.support import Placement, build_placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(world: World) -> Placement:
    return build_placement(world)


def _get_urls(world: World, placement: Placement) -> list[str]:
    return [
        reverse("placement:programme", args=[world.programme.pk]),
        reverse("placement:run_detail", args=[placement.run.pk]),
    ]


def _post_urls(world: World, placement: Placement) -> list[str]:
    recommendation = placement.run.recommendations.first()
    assert recommendation is not None
    return [
        reverse("placement:location_add", args=[world.programme.pk]),
        reverse("placement:run_add", args=[world.programme.pk]),
        reverse("placement:run_finalise", args=[placement.run.pk]),
        reverse("placement:recommendation_accept", args=[recommendation.pk]),
        reverse("placement:recommendation_override", args=[recommendation.pk]),
    ]


def test_anonymous_is_sent_to_sign_in(world: World, placement: Placement) -> None:
    client = world.client(None)
    for url in _get_urls(world, placement) + _post_urls(world, placement):
        response = client.get(url) if url in _get_urls(world, placement) else client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "user_key",
    ["a:caseworker", "a:analyst", "a:org_admin", "a:platform_admin", "b:coordinator"],
)
def test_others_get_404(world: World, placement: Placement, user_key: str) -> None:
    org, role = user_key.split(":")
    client = world.client((world.users if org == "a" else world.users_b)[role])
    for url in _get_urls(world, placement):
        assert client.get(url).status_code == 404
    for url in _post_urls(world, placement):
        assert client.post(url, {"time_limit": 5}).status_code == 404
    assert not placement.run.recommendations.exclude(decision=Decision.PENDING).exists()
    assert PlacementRun.objects.count() == 1
    assert reverse("placement:programme", args=[999999])  # a missing programme looks the same
    assert client.get(reverse("placement:programme", args=[999999])).status_code == 404


def test_coordinator_sees_the_run_without_names(world: World, placement: Placement) -> None:
    client = world.client(world.users["coordinator"])
    assert client.get(_get_urls(world, placement)[0]).status_code == 200
    response = client.get(_get_urls(world, placement)[1])
    body = response.content.decode()
    assert response.status_code == 200
    assert world.household_a is not None
    assert world.head_a is not None
    assert world.household_a.reference in body
    assert world.head_a.given_name not in body
    assert "Haddad" not in body
    uses = {use.location: use.persons for use in response.context["uses"]}
    assert uses == {placement.lisboa: 2, placement.porto: 1}


def test_bad_location_input_shows_an_error(world: World, placement: Placement) -> None:
    client = world.client(world.users["coordinator"])
    url = reverse("placement:location_add", args=[world.programme.pk])
    response = client.post(
        url, {"place": world.place.pk, "capacity_persons": -1, "services": ["spa"]}
    )
    assert response.status_code == 200
    assert response.context["location_form"].errors
    assert PlacementLocation.objects.count() == 2


def test_location_and_run_through_the_pages(world: World, placement: Placement) -> None:
    client = world.client(world.users["coordinator"])
    response = client.post(
        reverse("placement:location_add", args=[world.programme.pk]),
        {
            "place": world.place.pk,
            "period": "2027-Q1",
            "capacity_persons": 5,
            "capacity_school_places": 2,
            "capacity_medical_cases": 0,
        },
    )
    assert response.status_code == 302
    assert PlacementLocation.objects.count() == 3
    response = client.post(
        reverse("placement:run_add", args=[world.programme.pk]), {"time_limit": 0}
    )
    assert response.status_code == 200
    assert response.context["run_form"].errors
    assert PlacementRun.objects.count() == 1
    response = client.post(
        reverse("placement:run_add", args=[world.programme.pk]), {"time_limit": 5}
    )
    assert response.status_code == 302
    assert PlacementRun.objects.count() == 2


def test_override_without_reason_shows_an_error(world: World, placement: Placement) -> None:
    client = world.client(world.users["coordinator"])
    recommendation = placement.run.recommendations.first()
    assert recommendation is not None
    prefix = f"r{recommendation.pk}"
    response = client.post(
        reverse("placement:recommendation_override", args=[recommendation.pk]),
        {f"{prefix}-location": placement.porto.pk, f"{prefix}-reason": ""},
    )
    assert response.status_code == 200
    recommendation.refresh_from_db()
    assert recommendation.decision == Decision.PENDING


def test_accept_and_finalise_through_the_pages(world: World, placement: Placement) -> None:
    client = world.client(world.users["coordinator"])
    for recommendation in placement.run.recommendations.all():
        response = client.post(reverse("placement:recommendation_accept", args=[recommendation.pk]))
        assert response.status_code == 302
    response = client.post(reverse("placement:run_finalise", args=[placement.run.pk]))
    assert response.status_code == 302
    placement.run.refresh_from_db()
    assert placement.run.finalised_at is not None
    assert world.household_a is not None
    world.household_a.refresh_from_db()
    assert world.household_a.location == world.place


def test_location_edit(world: World, placement: Placement) -> None:
    client = world.client(world.users["coordinator"])
    url = reverse("placement:location_edit", args=[placement.porto.pk])
    assert client.get(url).status_code == 200
    data = {
        "place": world.other_place.pk,
        "period": "2026-Q4",
        "capacity_persons": 3,
        "capacity_school_places": 1,
        "capacity_medical_cases": 1,
        "services": ["medical", "wheelchair"],
    }
    assert client.post(url, {**data, "capacity_persons": -3}).status_code == 200
    placement.porto.refresh_from_db()
    assert placement.porto.capacity_persons == 1
    assert client.post(url, data).status_code == 302
    placement.porto.refresh_from_db()
    assert placement.porto.capacity_persons == 3
    assert placement.porto.services == ["medical", "wheelchair"]
    other = world.client(world.users_b["coordinator"])
    assert other.get(url).status_code == 404


def test_run_page_read_is_audited(world: World, placement: Placement) -> None:
    client = world.client(world.users["coordinator"])
    before = AuditEvent.objects.filter(object_type="people.household", action="view").count()
    client.get(reverse("placement:run_detail", args=[placement.run.pk]))
    after = AuditEvent.objects.filter(object_type="people.household", action="view").count()
    assert after - before == 2


def test_run_without_households_shows_an_error(world: World) -> None:
    client = world.client(world.users["coordinator"])
    response = client.post(
        reverse("placement:run_add", args=[world.programme.pk]), {"time_limit": 5}
    )
    assert response.status_code == 200
    assert response.context["run_form"].non_field_errors()
    assert not PlacementRun.objects.exists()
