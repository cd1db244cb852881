"""Helpers shared by the outcomes tests."""

from __future__ import annotations

import datetime
from typing import Any

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.outcomes import services
from welcomehub.outcomes.models import Assessment, Observation
from welcomehub.people import services as people
from welcomehub.people.models import Person

TODAY = datetime.date.today()


def head_a(world: World) -> Person:
    assert world.head_a is not None
    return world.head_a


def consent(world: World, person: Person) -> None:
    people.consent_record(
        actor=world.users["caseworker"], person=person, purpose="case_management", method="verbal"
    )


def record(world: World, person: Person, answers: dict[str, int | None], **details: Any) -> Any:
    values: dict[str, Any] = {
        "kind": "baseline",
        "date": TODAY,
        "answered_by": "together",
        "language": "ar",
    }
    values.update(details)
    return services.assessment_record(
        actor=world.users["caseworker"], person=person, answers=answers, **values
    )


def counts() -> dict[str, int]:
    return {
        "assessments": Assessment.objects.count(),
        "observations": Observation.objects.count(),
        "audit": AuditEvent.objects.count(),
    }
