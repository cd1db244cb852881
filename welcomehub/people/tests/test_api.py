"""The households, persons and consent API with Bearer tokens."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from conftest import World
from welcomehub.accounts.models import ApiToken, User
from welcomehub.accounts.services import token_create, token_revoke
from welcomehub.core.models import AuditAction, AuditChannel, AuditEvent
from welcomehub.people import services
from welcomehub.people.models import Consent, Household, Person
from welcomehub.people.tests.support import (
    Family,
    audit_after,
    data_counts,
    last_audit_id,
    writes_after,
)


class Api:
    """A test client that sends one user's Bearer token with every request."""

    def __init__(self, user: User | None, raw: str | None = None) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {}
        if user is not None:
            self.token, raw = token_create(actor=None, user=user, name="t")
        if raw is not None:
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api{path}", params, **self.headers)  # type: ignore[arg-type]

    def send(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.client.generic(
            method,
            f"/api{path}",
            json.dumps(body or {}),
            content_type="application/json",
            **self.headers,  # type: ignore[arg-type]
        )


def _api(world: World, role: str = "caseworker", side: str = "a") -> Api:
    return Api((world.users if side == "a" else world.users_b)[role])


def _new_household(world: World, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "organisation_id": world.org_a.pk,
        "programme_id": world.programme.pk,
        "pathway": "named_sponsorship",
        "status": "awaiting_arrival",
        "arrival_date": "2026-09-01",
        "location_id": world.place.pk,
        "nationality": "ER",
        "languages": ["ti"],
        "needs": [],
    }
    body.update(overrides)
    return body


# Households


def test_list_households_is_the_own_caseload(world: World, family: Family) -> None:
    """The list holds A's household only, with its count, and audits the listing on the API."""
    api = _api(world)
    mark = last_audit_id()
    response = api.get("/households")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert [item["reference"] for item in body["items"]] == [family.household_a.reference]
    assert body["items"][0]["member_count"] == 2
    rows = audit_after(mark)
    listed = [(r.object_id, r.channel) for r in rows if r.action == AuditAction.LIST]
    assert listed == [(str(family.household_a.pk), AuditChannel.API)]


def test_token_use_is_audited(world: World) -> None:
    """Every request with a token leaves a token_use row for that token and its user."""
    api = _api(world)
    mark = last_audit_id()
    api.get("/households")
    uses = [r for r in audit_after(mark) if r.action == AuditAction.TOKEN_USE]
    assert [(r.object_type, r.object_id, r.actor_id) for r in uses] == [
        ("accounts.apitoken", str(api.token.pk), world.users["caseworker"].pk)
    ]
    assert ApiToken.objects.get(pk=api.token.pk).last_used_at is not None


def test_get_household(world: World, family: Family) -> None:
    """A's household is returned to A's caseworker; B's and a missing one are 404."""
    api = _api(world)
    response = api.get(f"/households/{family.household_a.reference}")
    assert response.status_code == 200
    assert response.json()["nationality"] == "SY"
    assert response.json()["member_count"] == 2
    assert "protection_notes" not in response.json()
    assert api.get(f"/households/{family.household_b.reference}").status_code == 404
    assert api.get("/households/HH-MISSING1").status_code == 404


def test_create_household(world: World) -> None:
    """A valid household is created in A's caseload with 201 and one API audit row."""
    api = _api(world)
    mark = last_audit_id()
    response = api.send("POST", "/households", _new_household(world))
    assert response.status_code == 201, response.content
    body = response.json()
    household = Household.objects.get(reference=body["reference"])
    assert (household.organisation_id, household.nationality) == (world.org_a.pk, "ER")
    assert body["member_count"] == 0
    writes = writes_after(mark)
    assert [(r.action, r.object_id, r.channel) for r in writes] == [
        (AuditAction.CREATE, str(household.pk), AuditChannel.API)
    ]


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("nationality", "XX", "nationality"),
        ("pathway", "boat", "pathway"),
        ("languages", ["ti", "xx"], "languages"),
        ("needs", ["jetpack"], "needs"),
        ("location_id", 987654, "location_id"),
    ],
)
def test_create_household_with_bad_codes_is_422(
    world: World, field: str, value: Any, key: str
) -> None:
    """A bad code is refused with 422 naming the field; nothing is created."""
    api = _api(world)
    before = data_counts()
    mark = last_audit_id()
    response = api.send("POST", "/households", _new_household(world, **{field: value}))
    assert response.status_code == 422
    assert key in response.json()["detail"]
    assert data_counts() == before
    assert writes_after(mark) == []


def test_create_household_for_another_organisation_is_404(world: World) -> None:
    """A's caseworker cannot register a household in B's caseload."""
    before = data_counts()
    response = _api(world).send(
        "POST", "/households", _new_household(world, organisation_id=world.org_b.pk)
    )
    assert response.status_code == 404
    assert data_counts() == before


def test_patch_household(world: World, family: Family) -> None:
    """PATCH changes only the fields sent; a bad code is 422 and changes nothing."""
    api = _api(world)
    url = f"/households/{family.household_a.reference}"
    response = api.send("PATCH", url, {"status": "settled", "location_id": world.other_place.pk})
    assert response.status_code == 200
    stored = Household.objects.get(pk=family.household_a.pk)
    assert (stored.status, stored.location_id, stored.nationality) == (
        "settled",
        world.other_place.pk,
        "SY",
    )
    bad = api.send("PATCH", url, {"nationality": "XX"})
    assert bad.status_code == 422
    assert "nationality" in bad.json()["detail"]
    assert Household.objects.get(pk=family.household_a.pk).nationality == "SY"
    assert _api(world, side="b").send("PATCH", url, {"status": "closed"}).status_code == 404
    assert Household.objects.get(pk=family.household_a.pk).status == "settled"


# Persons


def test_list_persons(world: World, family: Family) -> None:
    """The members of A's household come decrypted, each read audited on the API."""
    api = _api(world)
    mark = last_audit_id()
    response = api.get(f"/households/{family.household_a.reference}/persons")
    assert response.status_code == 200
    names = [(p["given_name"], p["family_name"], p["relationship"]) for p in response.json()]
    assert names == [("Amal", "Haddad", "head"), ("Lina", "Haddad", "child")]
    assert response.json()[0]["phone"] == "+351 912 345 678"
    viewed = {r.object_id for r in audit_after(mark) if r.object_type == "people.person"}
    assert viewed == {str(family.head_a.pk), str(family.child_a.pk)}
    other = api.get(f"/households/{family.household_b.reference}/persons")
    assert other.status_code == 404


def test_create_person(world: World, family: Family) -> None:
    """A member is added with 201; a second head is 422 and adds nobody."""
    api = _api(world)
    url = f"/households/{family.household_a.reference}/persons"
    body = {
        "given_name": "Omar",
        "family_name": "Haddad",
        "date_of_birth": "1985-02-03",
        "sex": "male",
        "relationship": "spouse",
        "languages": ["ar"],
    }
    response = api.send("POST", url, body)
    assert response.status_code == 201, response.content
    person = Person.objects.get(pk=response.json()["id"])
    assert (person.household_id, person.given_name, person.birth_year) == (
        family.household_a.pk,
        "Omar",
        1985,
    )
    before = data_counts()
    second_head = api.send("POST", url, {**body, "relationship": "head"})
    assert second_head.status_code == 422
    assert "relationship" in second_head.json()["detail"]
    assert data_counts() == before
    other = api.send("POST", f"/households/{family.household_b.reference}/persons", body)
    assert other.status_code == 404
    assert data_counts() == before


def test_get_and_patch_person(world: World, family: Family) -> None:
    """A person is read and patched by A's caseworker; B's caseworker and a missing id get 404."""
    api = _api(world)
    response = api.get(f"/persons/{family.head_a.pk}")
    assert response.status_code == 200
    assert response.json()["household"] == family.household_a.reference
    assert response.json()["date_of_birth"] == "1988-05-17"
    patched = api.send("PATCH", f"/persons/{family.head_a.pk}", {"phone": "+351 900 111 222"})
    assert patched.status_code == 200
    stored = Person.objects.get(pk=family.head_a.pk)
    assert (stored.phone, stored.given_name) == ("+351 900 111 222", "Amal")
    bad = api.send("PATCH", f"/persons/{family.head_a.pk}", {"sex": "robot"})
    assert bad.status_code == 422
    assert "sex" in bad.json()["detail"]
    assert api.get("/persons/987654").status_code == 404
    api_b = _api(world, side="b")
    assert api_b.get(f"/persons/{family.head_a.pk}").status_code == 404
    blocked = api_b.send("PATCH", f"/persons/{family.head_a.pk}", {"phone": "0"})
    assert blocked.status_code == 404
    assert Person.objects.get(pk=family.head_a.pk).phone == "+351 900 111 222"


# Consent


def test_consents_list_create_and_withdraw(world: World, family: Family) -> None:
    """Consent is recorded, listed and withdrawn; a second withdrawal is 422."""
    api = _api(world)
    created = api.send(
        "POST",
        f"/persons/{family.child_a.pk}/consents",
        {
            "purpose": "case_management",
            "method": "written",
            "guardian_id": family.head_a.pk,
            "child_assent": "given",
        },
    )
    assert created.status_code == 201, created.content
    consent_id = created.json()["id"]
    assert created.json()["guardian_id"] == family.head_a.pk
    assert created.json()["active"] is True
    listed = api.get(f"/persons/{family.child_a.pk}/consents")
    assert listed.status_code == 200
    assert [c["id"] for c in listed.json()] == [consent_id]
    withdrawn = api.send("POST", f"/consents/{consent_id}/withdraw")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["active"] is False
    assert Consent.objects.get(pk=consent_id).withdrawn_at is not None
    again = api.send("POST", f"/consents/{consent_id}/withdraw")
    assert again.status_code == 422
    assert "already withdrawn" in json.dumps(again.json()["detail"])


def test_consent_for_a_child_without_guardian_is_422(world: World, family: Family) -> None:
    """Without a guardian a child's consent is refused, naming the field, and nothing is made."""
    api = _api(world)
    before = data_counts()
    mark = last_audit_id()
    response = api.send(
        "POST",
        f"/persons/{family.child_a.pk}/consents",
        {"purpose": "case_management", "method": "written", "child_assent": "given"},
    )
    assert response.status_code == 422
    assert "guardian" in response.json()["detail"]
    assert data_counts() == before
    assert writes_after(mark) == []


def test_consent_with_a_guardian_from_another_household_is_422(
    world: World, family: Family
) -> None:
    """The guardian must be a member of the child's household."""
    before = data_counts()
    response = _api(world).send(
        "POST",
        f"/persons/{family.child_a.pk}/consents",
        {
            "purpose": "case_management",
            "method": "written",
            "guardian_id": family.head_b.pk,
            "child_assent": "given",
        },
    )
    assert response.status_code == 422
    assert "guardian_id" in response.json()["detail"]
    assert data_counts() == before


def test_consents_of_another_organisation_are_404(world: World, family: Family) -> None:
    """B's caseworker neither lists, records nor withdraws A's consents."""
    consent = services.consent_record(
        actor=None, person=family.head_a, purpose="matching", method="verbal"
    )
    api_b = _api(world, side="b")
    assert api_b.get(f"/persons/{family.head_a.pk}/consents").status_code == 404
    body = {"purpose": "aggregate_statistics", "method": "verbal"}
    assert api_b.send("POST", f"/persons/{family.head_a.pk}/consents", body).status_code == 404
    assert api_b.send("POST", f"/consents/{consent.pk}/withdraw").status_code == 404
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is None
    assert Consent.objects.count() == 1


# Authentication


def test_no_token_is_401(world: World, family: Family) -> None:
    """Without credentials every endpoint answers 401."""
    api = Api(None)
    assert api.get("/households").status_code == 401
    assert api.get(f"/households/{family.household_a.reference}").status_code == 401
    before = data_counts()
    assert api.send("POST", "/households", _new_household(world)).status_code == 401
    assert data_counts() == before


@pytest.mark.parametrize("raw", ["wh_nothing_here", "not-even-a-token"])
def test_unknown_token_is_401(world: World, raw: str) -> None:
    """A token that was never issued is refused."""
    assert Api(None, raw).get("/households").status_code == 401


def test_revoked_token_is_401(world: World) -> None:
    """A revoked token stops working at once."""
    api = _api(world)
    assert api.get("/households").status_code == 200
    token_revoke(actor=None, token=api.token)
    mark = last_audit_id()
    assert api.get("/households").status_code == 401
    assert not [r for r in audit_after(mark) if r.action == AuditAction.TOKEN_USE]


def test_analyst_token_sees_no_person(world: World, family: Family) -> None:
    """An analyst's token lists nothing and reaches no household or person."""
    api = _api(world, role="analyst")
    response = api.get("/households")
    assert response.status_code == 200
    assert response.json() == {"count": 0, "items": []}
    assert api.get(f"/households/{family.household_a.reference}").status_code == 404
    assert api.get(f"/households/{family.household_a.reference}/persons").status_code == 404
    assert api.get(f"/persons/{family.head_a.pk}").status_code == 404
    before = data_counts()
    assert api.send("POST", "/households", _new_household(world)).status_code == 404
    assert data_counts() == before
    assert not AuditEvent.objects.filter(
        actor=world.users["analyst"], object_type__startswith="people."
    ).exists()


def test_session_writes_need_the_csrf_token(world: World, family: Family) -> None:
    """A signed-in browser session may read, but a write without the CSRF token is refused."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["caseworker"])
    listed = client.get("/api/households")
    assert listed.status_code == 200
    assert [item["reference"] for item in listed.json()["items"]] == [family.household_a.reference]
    before = data_counts()
    response = client.post(
        "/api/households", json.dumps(_new_household(world)), content_type="application/json"
    )
    assert response.status_code == 403
    assert data_counts() == before
