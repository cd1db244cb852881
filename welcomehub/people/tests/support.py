"""Helpers shared by the people tests: typed handles on the world and row counts."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.people.models import Consent, Household, Person

# Personal values the shared world writes; none may reach an audit row or a raw column.
PERSONAL_VALUES = (
    "Amal",
    "Lina",
    "Rania",
    "Haddad",
    "+351 912 345 678",
    "912 345",
    "1988-05-17",
    "Fled after threats",
)


@dataclass(frozen=True)
class Family:
    """The world's households and persons without the Optional wrapping."""

    household_a: Household
    household_b: Household
    head_a: Person
    child_a: Person
    head_b: Person


def family_of(world: World) -> Family:
    assert world.household_a is not None
    assert world.household_b is not None
    assert world.head_a is not None
    assert world.child_a is not None
    assert world.head_b is not None
    return Family(
        household_a=world.household_a,
        household_b=world.household_b,
        head_a=world.head_a,
        child_a=world.child_a,
        head_b=world.head_b,
    )


def counts() -> dict[str, int]:
    """Rows of every table a people write may touch."""
    return {
        "households": Household.objects.count(),
        "persons": Person.objects.count(),
        "consents": Consent.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def last_audit_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def audit_after(mark: int) -> list[AuditEvent]:
    """Audit rows written after `mark` (an id from `last_audit_id`), oldest first."""
    return list(AuditEvent.objects.filter(id__gt=mark).order_by("id"))


def writes_after(mark: int) -> list[AuditEvent]:
    """Audit rows of writes to records after `mark` (no reads, sign-ins or token uses)."""
    return [row for row in audit_after(mark) if row.action in ("create", "update", "delete")]


def data_counts() -> dict[str, int]:
    """Rows of the people tables alone, for requests whose access gate audits a read."""
    found = counts()
    del found["audit"]
    return found


def audit_text() -> str:
    """Every audit row as raw JSON, as an auditor reading the log would see it."""
    rows = AuditEvent.objects.values(
        "actor_username", "action", "channel", "object_type", "object_id", "detail"
    )
    return json.dumps(list(rows), default=str, ensure_ascii=False)


def years_ago(years: int, *, days_later: int = 0) -> datetime.date:
    """The birth date of someone who turns `years` old today (or `days_later` days from now)."""
    day = datetime.date.today() + datetime.timedelta(days=days_later)
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)
