"""Fixtures of the volunteer programme: a screened applicant, a cleared volunteer and a
household of A that consented to matching."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from conftest import World
from welcomehub.connections import services
from welcomehub.connections.models import Volunteer
from welcomehub.people import services as people


def today() -> datetime.date:
    return timezone.localdate()


def apply(world: World, **overrides: Any) -> Volunteer:
    fields: dict[str, Any] = {
        "actor": None,
        "organisation": world.org_a,
        "given_name": "Maria",
        "family_name": "Silva",
        "email": "maria@example.org",
        "phone": "+351 900 000 000",
        "sex": "female",
        "place": world.place,
        "languages": ["ar", "pt"],
        "availability": ["weekends"],
        "interests": ["cooking", "children_activities"],
        "role_wanted": "buddy",
        "motivation": "I was welcomed once too.",
    }
    fields.update(overrides)
    return services.volunteer_apply(**fields)


def screen(world: World, volunteer: Volunteer, *, expires_in: int = 365) -> Volunteer:
    """Every screening step done by A's volunteer coordinator."""
    coordinator = world.users["volunteer_coordinator"]
    day = today()
    services.interview_record(
        actor=coordinator, volunteer=volunteer, held_on=day, recommendation="proceed",
        notes="Warm, clear about boundaries",
    )  # fmt: skip
    for name in ("Ref One", "Ref Two"):
        ref = services.reference_add(
            actor=coordinator, volunteer=volunteer, referee_name=name, referee_contact="ref@x.org"
        )
        services.reference_check(actor=coordinator, reference=ref, satisfactory=True)
    services.clearance_record(
        actor=coordinator, volunteer=volunteer, issuing_body="Registo Criminal",
        number="PT-123456", issued_on=day - datetime.timedelta(days=10),
        expires_on=day + datetime.timedelta(days=expires_in),
    )  # fmt: skip
    services.training_record(
        actor=coordinator, volunteer=volunteer, module="safeguarding",
        hours=Decimal("3.0"), completed_on=day,
    )  # fmt: skip
    services.agreements_sign(
        actor=coordinator, volunteer=volunteer, code_of_conduct_on=day, role_boundaries_on=day
    )
    volunteer.refresh_from_db()
    return volunteer


def cleared(world: World, *, expires_in: int = 365, **overrides: Any) -> tuple[Volunteer, str]:
    volunteer = screen(world, apply(world, **overrides), expires_in=expires_in)
    volunteer, _, password = services.volunteer_clear(
        actor=world.users["volunteer_coordinator"], volunteer=volunteer
    )
    return volunteer, password


def consent_matching(world: World) -> None:
    assert world.head_a is not None
    people.consent_record(
        actor=world.users["caseworker"], person=world.head_a, purpose="matching", method="verbal"
    )


@pytest.fixture
def volunteer(world: World) -> Volunteer:
    return cleared(world)[0]


def household_ref(world: World) -> str:
    assert world.household_a is not None
    return world.household_a.reference


def volunteer_client(world: World, volunteer: Volunteer) -> Any:
    """A client signed in as the volunteer after they replaced the one-time password."""
    user = volunteer.user
    assert user is not None
    user.must_change_password = False
    user.save(update_fields=["must_change_password"])
    return world.client(user)
