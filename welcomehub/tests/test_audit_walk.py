"""Every read of personal data leaves an audit row, and no audit row holds a personal value.

DESIGN §6: "Every read and write of personal data leaves an audit row"; the audit
model promises rows that name records by type and id, never by their content.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.people import services as people
from welcomehub.people.models import Household, Person


@dataclass(frozen=True)
class Walk:
    """One personal-data route: a URL name or API path, fetched by one role of A."""

    target: str
    role: str = "caseworker"

    def url(self, world: World) -> str:
        household, head = _household(world), _head(world)
        values = {"reference": household.reference, "person_id": head.pk}
        if self.target.startswith("/api/"):
            return self.target.format(**values)
        needed = {
            "people:household_detail": ["reference"],
            "people:household_edit": ["reference"],
            "people:person_edit": ["person_id"],
            "people:consent_create": ["person_id"],
            "outcomes:assessment_record": ["person_id"],
            "outcomes:person_progress": ["person_id"],
        }.get(self.target, [])
        return reverse(self.target, kwargs={name: values[name] for name in needed})


WALKS = [
    Walk("people:household_list"),
    Walk("people:household_detail"),
    Walk("people:household_edit"),
    Walk("people:person_edit"),
    Walk("people:consent_create"),
    Walk("outcomes:assessment_record"),
    Walk("outcomes:person_progress"),
    Walk("outcomes:missing_baselines"),
    Walk("people:my_household", role="refugee"),
    Walk("/api/households"),
    Walk("/api/households/{reference}"),
    Walk("/api/households/{reference}/persons"),
    Walk("/api/persons/{person_id}"),
    Walk("/api/persons/{person_id}/consents"),
]


def _household(world: World) -> Household:
    assert world.household_a is not None
    return world.household_a


def _head(world: World) -> Person:
    assert world.head_a is not None
    return world.head_a


def _personal_values(world: World) -> list[str]:
    """What the audit trail must never contain: names, birth dates, phones, notes."""
    people_ = [p for p in (world.head_a, world.child_a, world.head_b) if p is not None]
    values = [p.given_name for p in people_] + [p.family_name for p in people_]
    values += [p.phone for p in people_ if p.phone]
    values += [p.date_of_birth.isoformat() for p in people_ if p.date_of_birth]
    values.append(_household(world).protection_notes)
    return values


def _leaks(values: list[str]) -> list[tuple[int, str]]:
    found = []
    for event in AuditEvent.objects.order_by("id"):
        text = json.dumps(
            [event.detail, event.actor_username, event.object_type, event.object_id],
            ensure_ascii=False,
        )
        found += [(event.pk, value) for value in values if value and value in text]
    return found


def _client(world: World, role: str) -> Client:
    return world.client(world.users[role])


@pytest.fixture
def consented(world: World) -> World:
    """The world with one consent of A's head, so the consent list has a row to show."""
    people.consent_record(
        actor=world.users["caseworker"], person=_head(world), purpose="matching", method="verbal"
    )
    return world


@pytest.mark.django_db
@pytest.mark.parametrize("walk", WALKS, ids=[w.target for w in WALKS])
def test_a_read_of_personal_data_leaves_an_audit_row(walk: Walk, consented: World) -> None:
    world = consented
    user = world.users[walk.role]
    client = _client(world, walk.role)  # signing in writes its own row: count after it
    before = AuditEvent.objects.filter(actor=user).count()
    response = client.get(walk.url(world))
    assert response.status_code == 200
    new = AuditEvent.objects.filter(actor=user, actor_username=user.get_username())
    assert new.count() > before, f"{walk.target} showed personal data without an audit row"
    assert not _leaks(_personal_values(world))


@pytest.mark.django_db
def test_writes_record_field_names_never_values(consented: World) -> None:
    world = consented
    head, household = _head(world), _household(world)
    old_values = _personal_values(world)
    client = _client(world, "caseworker")
    before = AuditEvent.objects.count()
    response = client.patch(
        f"/api/persons/{head.pk}",
        json.dumps({"given_name": "Zainab", "phone": "+351 900 000 001"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    response = client.patch(
        f"/api/households/{household.reference}",
        json.dumps({"status": "settled"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    response = client.post(
        reverse("people:household_edit", kwargs={"reference": household.reference}),
        {
            "pathway": household.pathway,
            "status": "settled",
            "nationality": household.nationality,
            "languages": household.languages,
            "protection_notes": "Now at a safe address in Braga",
        },
    )
    assert response.status_code == 302, response.content[:500]
    updates: list[Any] = list(
        AuditEvent.objects.filter(action="update").order_by("id").values("detail")
    )
    assert AuditEvent.objects.count() > before
    assert {"fields": ["given_name", "phone"]} in [u["detail"] for u in updates]
    new_values = ["Zainab", "+351 900 000 001", "Now at a safe address in Braga"]
    assert not _leaks(old_values + new_values)
