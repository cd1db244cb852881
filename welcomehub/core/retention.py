"""Retention and erasure (DESIGN §6, docs/dpia.md).

The schedule is data (`core/data/retention.json`); `retention_apply(today=...)` erases,
anonymises or deletes what has reached its period, exactly on the anniversary and not a
day earlier, and is run by `welcomehub manage retention [--dry-run]` and `retention_task`.

`person_erase` / `household_erase` are the data subject's erasure: every personal field of
the person (names, contact, date of birth, notes) and free text about them in every app is
blanked, consents are withdrawn, portal codes deleted and the portal account disabled.
Codes, dates, counts and scores stay, so aggregates are unchanged. The set of rows to
scrub is found from the models themselves (every model with a foreign key to a person or a
household), so the apps added later are covered without a list to maintain.
`erasure_preview` counts what they would blank, following the same walk, for the page
where the caseworker confirms an erasure (people/views_erasure.py).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django_tasks import task

from welcomehub.core.audit import audit_record
from welcomehub.core.fields import EncryptedDateField, EncryptedTextField
from welcomehub.core.models import AuditAction, AuditChannel, AuditEvent

SCHEDULE_FILE = Path(__file__).resolve().parent / "data" / "retention.json"
ERASED = "[erased]"
# Short text fields that hold a name or contact detail wherever they appear.
NAME_FIELDS = {"name", "given_name", "family_name", "contact", "email", "phone", "address"}
ERASE_PERMISSION = "household.edit"
# Why an erasure happened, as a code: the audit row never holds free text.
REASONS = ("data_subject_request", "retention", "consent_withdrawn")


@cache
def schedule() -> dict[str, dict[str, Any]]:
    data = json.loads(SCHEDULE_FILE.read_text(encoding="utf-8"))
    return {rule["id"]: rule for rule in data["rules"]}


def cutoff(rule_id: str, today: datetime.date) -> datetime.date:
    """The last day whose records have reached their period on `today`."""
    rule = schedule()[rule_id]
    if "years" in rule:
        try:
            return today.replace(year=today.year - rule["years"])
        except ValueError:  # 29 February
            return today.replace(year=today.year - rule["years"], day=28)
    return today - datetime.timedelta(days=rule["days"])


def _end_of(day: datetime.date) -> datetime.datetime:
    """The first instant after `day` (UTC): records before it are at or before `day`."""
    return datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time(), datetime.UTC
    )


# --- erasure ------------------------------------------------------------------------------


def _links(target: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """(model, field name) of every foreign key to `target` in every installed app."""
    found = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is target:
                found.append((model, f.name))
    return found


def _blank_values(model: type[models.Model], *, keep: set[str] = frozenset()) -> dict[str, Any]:  # type: ignore[assignment]
    """Values that erase the personal fields of a model: encrypted fields (names, contact
    details, dates of birth, notes) and free text; codes, dates, numbers stay."""
    values: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if f.name in keep or f.primary_key or f.is_relation:
            continue
        if isinstance(f, EncryptedDateField):
            if f.null:
                values[f.attname] = None
        elif isinstance(f, (EncryptedTextField, models.TextField)) or (
            isinstance(f, models.CharField) and f.name in NAME_FIELDS and not f.choices
        ):
            values[f.attname] = "" if f.blank else ERASED
    return values


@dataclass
class Erasure:
    """The rows an erasure reached, by kind. Counted by primary key, so a row reached on two
    paths (a plan goal hangs off both the member and the household) counts once. With
    `write=False` the same walk only counts: the preview cannot disagree with the erasure."""

    write: bool = True
    ids: dict[str, set[Any]] = field(default_factory=dict)

    def add(self, label: str, ids: Iterable[Any]) -> None:
        found = set(ids)
        if found:
            self.ids.setdefault(label, set()).update(found)

    @property
    def rows(self) -> dict[str, int]:
        return {label: len(ids) for label, ids in self.ids.items()}


def _linked(
    target_model: type[models.Model],
    targets: models.QuerySet[Any],
    skip: set[type[models.Model]],
    depth: int = 3,
) -> Iterator[tuple[type[models.Model], models.QuerySet[Any], dict[str, Any]]]:
    """Every set of rows that hangs off `targets` down the foreign keys (plans -> goals ->
    steps, referrals -> events, ...), `depth` levels deep, with the values that blank their
    personal fields. The one walk both the erasure and its preview follow."""
    if depth == 0:
        return
    for model, name in _links(target_model):
        if model in skip or model is target_model:
            continue
        rows = model._default_manager.filter(**{f"{name}__in": targets})
        yield model, rows, _blank_values(model)
        yield from _linked(model, rows, skip | {target_model}, depth - 1)


def _scrub_linked(
    target_model: type[models.Model],
    targets: models.QuerySet[Any],
    erasure: Erasure,
    skip: set[type[models.Model]],
) -> None:
    """Blank the personal fields of every row that hangs off `targets`."""
    for model, rows, values in _linked(target_model, targets, skip):
        if values:
            erasure.add(model._meta.label_lower, rows.values_list("pk", flat=True))
            if erasure.write:
                rows.update(**values)


def _erase_person(person: Any, erasure: Erasure, now: datetime.datetime) -> None:
    from welcomehub.people.models import Consent, Person, PortalInvitation

    consents = Consent.objects.filter(person=person, withdrawn_at__isnull=True)
    invitations = PortalInvitation.objects.filter(person=person)
    erasure.add("people.person", [person.pk])
    erasure.add("people.consent", consents.values_list("pk", flat=True))
    erasure.add("people.portalinvitation", invitations.values_list("pk", flat=True))
    if person.user_id:
        erasure.add("accounts.user", [person.user_id])
    if erasure.write:
        values = _blank_values(Person, keep={"birth_year"})  # the year alone, for age bands
        Person.objects.filter(pk=person.pk).update(**values)
        consents.update(withdrawn_at=now)
        invitations.delete()
        if person.user_id:
            type(person.user).objects.filter(pk=person.user_id).update(
                is_active=False, first_name="", last_name="", email=""
            )
    _scrub_linked(
        Person, Person.objects.filter(pk=person.pk), erasure, skip={Consent, PortalInvitation}
    )


def _erase_household(household: Any, erasure: Erasure, now: datetime.datetime) -> None:
    from welcomehub.people.models import Household, Person

    for person in Person.objects.filter(household=household):
        _erase_person(person, erasure, now)
    erasure.add("people.household", [household.pk])
    if erasure.write:
        Household.objects.filter(pk=household.pk).update(**_blank_values(Household))
    _scrub_linked(Household, Household.objects.filter(pk=household.pk), erasure, skip={Person})


def erasure_preview(target: Any) -> dict[str, int]:
    """What erasing a household (with its members) or one person would blank now, as
    the rows per kind of record `household_erase` / `person_erase` then report. Read
    only: the same walk, counted instead of written."""
    from welcomehub.people.models import Household

    preview = Erasure(write=False)
    if isinstance(target, Household):
        _erase_household(target, preview, timezone.now())
    else:
        _erase_person(target, preview, timezone.now())
    return preview.rows


def erased_fields(label: str) -> list[str]:
    """The fields an erasure blanks in a kind of record ("app.model"), by field name."""
    from welcomehub.people.models import Person

    model = apps.get_model(label)
    keep = {"birth_year"} if model is Person else set()
    return sorted(
        f.name for f in model._meta.concrete_fields if f.attname in _blank_values(model, keep=keep)
    )


def _check(actor: Any, household: Any, reason: str) -> None:
    from django.core.exceptions import ValidationError

    from welcomehub.accounts.permissions import has_perm

    if reason not in REASONS:
        raise ValidationError(f"unknown erasure reason {reason!r}")

    if actor is not None and not has_perm(actor, ERASE_PERMISSION, household.organisation_id):
        raise PermissionDenied


@transaction.atomic
def person_erase(*, actor: Any, person: Any, reason: str) -> Erasure:
    """Erase one person's personal data everywhere (a data subject's request, taken by the
    household's caseworker); `actor=None` is the retention schedule."""
    household = person.household
    _check(actor, household, reason)
    erasure = Erasure()
    _erase_person(person, erasure, timezone.now())
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=person,
        organisation_id=household.organisation_id,
        detail={"erasure": "person", "reason": reason, "rows": erasure.rows},
    )
    return erasure


@transaction.atomic
def household_erase(*, actor: Any, household: Any, reason: str) -> Erasure:
    """Erase the personal data of a household and of all its members everywhere."""
    _check(actor, household, reason)
    erasure = Erasure()
    _erase_household(household, erasure, timezone.now())
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=household,
        organisation_id=household.organisation_id,
        detail={"erasure": "household", "reason": reason, "rows": erasure.rows},
    )
    return erasure


def erased_households() -> set[str]:
    return set(
        AuditEvent.objects.filter(
            action=AuditAction.DELETE,
            object_type="people.household",
            detail__erasure="household",
        ).values_list("object_id", flat=True)
    )


# --- the schedule -------------------------------------------------------------------------


def due(today: datetime.date) -> dict[str, models.QuerySet[Any]]:
    """What the schedule reaches on `today`, rule by rule."""
    from welcomehub.feedback.models import Feedback
    from welcomehub.people.models import Household, PortalInvitation

    done = erased_households()
    return {
        "closed_households": Household.objects.filter(
            status="closed", updated_at__lt=_end_of(cutoff("closed_households", today))
        ).exclude(pk__in=[int(pk) for pk in done if pk.isdigit()]),
        "anonymous_feedback": Feedback.objects.filter(
            author__isnull=True, received_on__lte=cutoff("anonymous_feedback", today)
        ),
        "portal_codes": PortalInvitation.objects.filter(
            expires_at__lt=_end_of(cutoff("portal_codes", today))
        ),
        "sessions": Session.objects.filter(expire_date__lt=_end_of(cutoff("sessions", today))),
    }


@transaction.atomic
def retention_apply(*, today: datetime.date | None = None, dry_run: bool = False) -> dict[str, int]:
    """Apply the schedule as of `today`; returns the count per rule. One audit row (by the
    system) records what was done."""
    today = today or timezone.localdate()
    found = due(today)
    counts = {rule: query.count() for rule, query in found.items()}
    if dry_run or not any(counts.values()):
        return counts
    for household in found["closed_households"].select_related("organisation"):
        household_erase(actor=None, household=household, reason="retention")
    for rule in ("anonymous_feedback", "portal_codes", "sessions"):
        found[rule].delete()
    audit_record(
        actor=None,
        action=AuditAction.DELETE,
        object_type="core.retention",
        channel=AuditChannel.SYSTEM,
        detail={"today": today.isoformat(), "counts": counts},
    )
    return counts


@task()
def retention_task() -> dict[str, int]:
    """The periodic run (queue it daily, e.g. from cron: `welcomehub manage retention`)."""
    return retention_apply()
