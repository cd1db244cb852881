"""Reads of referrals: the lists of each side and what the receiving side may read."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet
from django.utils import timezone

from welcomehub.accounts.permissions import is_platform_wide, organisations_with
from welcomehub.core import taxonomy
from welcomehub.people.models import Person
from welcomehub.programmes.models import Referral
from welcomehub.programmes.referrals import PERMISSION, sharing_holds


def _base() -> QuerySet[Referral]:
    return Referral.objects.select_related(
        "service", "household", "from_organisation", "to_organisation"
    ).prefetch_related("persons")


def referrals_sent(user: Any) -> QuerySet[Referral]:
    if is_platform_wide(user, PERMISSION):
        return _base()
    return _base().filter(from_organisation_id__in=organisations_with(user, PERMISSION))


def referrals_received(user: Any) -> list[Referral]:
    """Referrals to the user's organisations from elsewhere, while sharing holds."""
    received = _base().filter(to_organisation_id__in=organisations_with(user, PERMISSION))
    return [
        r
        for r in received.exclude(from_organisation_id=F("to_organisation_id"))
        if sharing_holds(r)
    ]


@dataclass
class SharedField:
    code: str
    label: str
    value: str


def _age(person: Person, today: datetime.date) -> str:
    age = person.age_on(today)
    return str(age) if age is not None else "—"


def shared_fields(referral: Referral) -> list[SharedField]:
    """The values the receiving side may read, for the fields the referrer chose;
    call only where sharing holds."""
    household = referral.household
    persons = list(referral.persons.all())
    today = timezone.localdate()
    values = {
        "household_size": lambda: str(household.members.count()),
        "languages": lambda: ", ".join(taxonomy.labels("languages", household.languages)),
        "needs": lambda: ", ".join(taxonomy.labels("placement_needs", household.needs)),
        "nationality": lambda: taxonomy.label("countries", household.nationality),
        "location": lambda: household.location.name if household.location else "—",
        "names": lambda: ", ".join(str(p) for p in persons),
        "ages": lambda: ", ".join(_age(p, today) for p in persons),
        "contact": lambda: ", ".join(p.phone for p in persons if p.phone) or "—",
        "protection_notes": lambda: household.protection_notes or "—",
    }
    return [
        SharedField(code, taxonomy.label("referral_shared_fields", code), values[code]() or "—")
        for code in taxonomy.codes("referral_shared_fields")
        if code in referral.shared_fields
    ]
