"""The volunteer API: no contact details, only the coordinator's organisation, the
volunteer's own matches."""

from __future__ import annotations

import pytest

from conftest import World
from welcomehub.connections import services

from .conftest import apply, cleared, consent_matching, household_ref, volunteer_client

pytestmark = pytest.mark.django_db


def test_coordinator_lists_volunteers_without_contact_details(world: World) -> None:
    volunteer, _ = cleared(world)
    apply(world, email="other@example.org")
    response = world.client(world.users["volunteer_coordinator"]).get("/api/connections/volunteers")
    assert response.status_code == 200
    rows = response.json()
    assert {r["reference"] for r in rows} >= {volunteer.reference}
    assert len(rows) == 2
    assert "maria@example.org" not in response.content.decode()
    mine = next(r for r in rows if r["reference"] == volunteer.reference)
    assert mine["can_be_matched"] is True
    other = world.client(world.users_b["volunteer_coordinator"]).get("/api/connections/volunteers")
    assert other.json() == []
    refused = world.client(world.users["caseworker"]).get("/api/connections/volunteers")
    assert refused.status_code == 404
    assert world.client(None).get("/api/connections/volunteers").status_code == 401


def test_volunteer_reads_own_matches(world: World) -> None:
    volunteer, _ = cleared(world)
    consent_matching(world)
    coordinator = world.users["volunteer_coordinator"]
    (match,) = services.matches_suggest(actor=coordinator, organisation=world.org_a)
    services.match_approve(actor=coordinator, match=match, meeting_place="Park")
    services.match_introduce(actor=coordinator, match=match, household_told_how="Phone")
    response = volunteer_client(world, volunteer).get("/api/connections/me")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "cleared"
    assert [m["reference"] for m in body["matches"]] == [household_ref(world)]
    assert body["matches"][0]["first_name"] == ""
    assert "Fled" not in response.content.decode()
