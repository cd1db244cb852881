"""Twinning through the web pages, end to end; refusals of every route for anonymous
users, lower roles and other organisations are in matrix_twinning.py."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from welcomehub.exchange.models import (
    TwinningPair,
    TwinningPairStatus,
    TwinningReview,
    TwinningSignup,
)
from welcomehub.exchange.tests.support import Exchange

pytestmark = pytest.mark.django_db


def _sign_up(world: World, exchange: Exchange, org: str, role: str) -> Any:
    user = world.users["focal_point"] if org == "a" else world.users_b["focal_point"]
    organisation = world.org_a if org == "a" else world.org_b
    return world.client(user).post(
        reverse("exchange:twinning_signup", args=[exchange.round.pk]),
        {
            "organisation": organisation.pk,
            "role": role,
            "pair_kinds": ["ngo_ngo", "state_ngo"],
            "topics": ["language"],
            "languages": ["pt"],
            "statement": "Language courses",
        },
    )


def test_twinning_end_to_end(
    exchange: Exchange, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    fp_a = world.client(world.users["focal_point"])
    fp_b = world.client(world.users_b["focal_point"])
    coordinator = world.client(world.users["coordinator"])
    round_url = reverse("exchange:twinning_round", args=[exchange.round.pk])
    assert "Sign up to be twinned" in fp_a.get(round_url).content.decode()

    assert _sign_up(world, exchange, "a", "mentor").status_code == 302
    assert _sign_up(world, exchange, "b", "mentee").status_code == 302
    assert TwinningSignup.objects.count() == 2

    suggest = coordinator.get(reverse("exchange:twinning_suggest", args=[exchange.round.pk]))
    page = suggest.content.decode()
    assert "Welcome Network A" in page
    assert "offers what the other wants" in page
    response = coordinator.post(
        reverse("exchange:twinning_propose", args=[exchange.round.pk]), {"all": "on"}
    )
    assert response.status_code == 302
    pair = TwinningPair.objects.get()
    pair_url = reverse("exchange:twinning_pair", args=[pair.pk])
    assert "focal-b@example.org" not in fp_a.get(pair_url).content.decode()

    for client in (fp_a, fp_b):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("exchange:twinning_pair_accept", args=[pair.pk]))
    pair.refresh_from_db()
    assert pair.status == TwinningPairStatus.ACCEPTED
    assert "focal-b@example.org" in fp_a.get(pair_url).content.decode()

    bad = fp_a.post(
        reverse("exchange:twinning_agreement", args=[pair.pk]),
        {"goals": "G", "starts_on": "2027-01-01", "ends_on": "2026-01-01"},
    )
    assert bad.status_code == 200
    assert "The agreement ends before it starts." in bad.content.decode()
    pair.refresh_from_db()
    assert pair.status == TwinningPairStatus.ACCEPTED
    response = fp_a.post(
        reverse("exchange:twinning_agreement", args=[pair.pk]),
        {
            "goals": "Run a first language course",
            "starts_on": "2026-10-01",
            "ends_on": "2027-03-31",
            "activities": ["study_visit"],
            "topics": ["language"],
        },
    )
    assert response.status_code == 302
    response = fp_b.post(
        reverse("exchange:twinning_checkin", args=[pair.pk]),
        {"held_on": "2026-11-15", "notes": "Visit planned", "on_track": "on"},
    )
    assert response.status_code == 302
    response = coordinator.post(
        reverse("exchange:twinning_review", args=[pair.pk]),
        {
            "what_worked": "Peer visits",
            "what_did_not": "Long e-mail threads",
            "lessons": "Meet monthly",
            "rating": "5",
        },
    )
    assert response.status_code == 302
    assert TwinningReview.objects.count() == 1
    pair.refresh_from_db()
    assert pair.status == TwinningPairStatus.CLOSED

    library = reverse("exchange:twinning_library")
    for user in (world.users_b["coordinator"], world.users["focal_point"]):
        found = world.client(user).get(library, {"q": "monthly", "pair_kind": "ngo_ngo"})
        assert "Long e-mail threads" in found.content.decode()
    other_topic = fp_a.get(library, {"topic": "housing"}).content.decode()
    assert "Long e-mail threads" not in other_topic


def test_signup_form_errors_change_nothing(exchange: Exchange, world: World) -> None:
    response = world.client(world.users["focal_point"]).post(
        reverse("exchange:twinning_signup", args=[exchange.round.pk]),
        {"organisation": world.org_a.pk, "role": "mentor"},
    )
    assert response.status_code == 200
    assert not TwinningSignup.objects.exists()


def test_a_focal_point_cannot_sign_up_another_organisation(
    exchange: Exchange, world: World
) -> None:
    response = world.client(world.users["focal_point"]).post(
        reverse("exchange:twinning_signup", args=[exchange.round.pk]),
        {"organisation": world.org_b.pk, "role": "mentor", "pair_kinds": ["ngo_ngo"]},
    )
    assert response.status_code == 200  # not a choice of the form
    assert not TwinningSignup.objects.exists()


def test_a_focal_point_does_not_see_suggestions_or_others_pairs(
    exchange: Exchange, world: World
) -> None:
    url = reverse("exchange:twinning_suggest", args=[exchange.round.pk])
    assert world.client(world.users["focal_point"]).get(url).status_code == 404
    assert world.client(world.users["caseworker"]).get(url).status_code == 404
    assert world.client(None).get(url).status_code == 302


def test_figures_and_library_over_the_api(exchange: Exchange, world: World) -> None:
    _sign_up(world, exchange, "a", "mentor")
    url = f"/api/exchange/rounds/{exchange.round.pk}/figures"
    figures = world.client(world.users["coordinator"]).get(url).json()
    assert figures["round_id"] == exchange.round.pk
    assert figures["twinning"]["signups"] == 1
    assert figures["introductions"]["proposed"] == 1
    assert world.client(world.users["focal_point"]).get(url).status_code == 404
    assert world.client(world.users_b["coordinator"]).get(url).status_code == 404
    library = world.client(world.users_b["focal_point"]).get("/api/exchange/twinning/library")
    assert library.status_code == 200
    assert library.json() == []
    assert world.client(world.users["caseworker"]).get(
        "/api/exchange/twinning/library"
    ).status_code in (403, 404)
