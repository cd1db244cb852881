"""Writes for households, persons and consent. Every write leaves an audit row."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.accounts.models import Organisation
from welcomehub.accounts.permissions import has_perm
from welcomehub.core.audit import audit_record, changed_fields
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.people.models import ActivityKind, Consent, FamilyActivity, Household, Person
from welcomehub.programmes.models import Programme

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
HOUSEHOLD_FIELDS = (
    "pathway",
    "status",
    "arrival_date",
    "location",
    "nationality",
    "languages",
    "needs",
    "protection_notes",
)
PERSON_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "relationship",
    "languages",
    "phone",
    "email",
    "health_notes",
)
ASSENT_AGE = 7  # children from this age are asked for their own assent


def _new_reference() -> str:
    while True:
        reference = "HH-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        if not Household.objects.filter(reference=reference).exists():
            return reference


def _check_household(household: Household) -> None:
    programme = household.programme
    if not programme.partners.filter(organisation_id=household.organisation_id).exists():
        raise ValidationError(_("The organisation does not take part in this programme."))
    if household.location_id and not programme.places.filter(pk=household.location_id).exists():
        raise ValidationError({"location": _("This place is not served by the programme.")})


@transaction.atomic
def household_create(
    *,
    actor: Any,
    organisation: Organisation,
    programme: Programme,
    channel: str = AuditChannel.WEB,
    **fields: Any,
) -> Household:
    unknown = set(fields) - set(HOUSEHOLD_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    household = Household(
        reference=_new_reference(), organisation=organisation, programme=programme, **fields
    )
    household.full_clean()
    _check_household(household)
    household.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=household,
        organisation_id=organisation.pk,
        channel=channel,
        detail={"fields": sorted(fields)},
    )
    return household


def _apply(instance: Any, allowed: tuple[str, ...], changes: dict[str, Any]) -> list[str]:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    before = {name: getattr(instance, name) for name in changes}
    for name, value in changes.items():
        setattr(instance, name, value)
    return changed_fields(before, changes)


@transaction.atomic
def household_update(
    *, actor: Any, household: Household, channel: str = AuditChannel.WEB, **changes: Any
) -> Household:
    changed = _apply(household, HOUSEHOLD_FIELDS, changes)
    household.full_clean()
    _check_household(household)
    household.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=household,
        organisation_id=household.organisation_id,
        channel=channel,
        detail={"fields": changed},
    )
    return household


def _birth_year(person: Person) -> None:
    """Normalise the date of birth to a date and keep its year in clear.

    Callers may pass an ISO string (commands, imports); a malformed one is a validation
    error on the field rather than a crash in the arithmetic below.
    """
    raw: Any = person.date_of_birth
    try:
        born = Person._meta.get_field("date_of_birth").to_python(raw)
    except (TypeError, ValueError, ValidationError) as exc:
        raise ValidationError(
            {"date_of_birth": _("Enter a valid date (YYYY-MM-DD).")}, code="invalid"
        ) from exc
    person.date_of_birth = born
    person.birth_year = born.year if born else None


@transaction.atomic
def person_create(
    *, actor: Any, household: Household, channel: str = AuditChannel.WEB, **fields: Any
) -> Person:
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    person = Person(household=household, **fields)
    _birth_year(person)
    person.full_clean()
    if person.relationship == "head" and household.members.filter(relationship="head").exists():
        raise ValidationError({"relationship": _("The household already has a head.")})
    person.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=person,
        organisation_id=household.organisation_id,
        channel=channel,
        detail={"household": household.reference, "fields": sorted(fields)},
    )
    return person


@transaction.atomic
def person_update(
    *, actor: Any, person: Person, channel: str = AuditChannel.WEB, **changes: Any
) -> Person:
    changed = _apply(person, PERSON_FIELDS, changes)
    _birth_year(person)
    person.full_clean()
    if (
        person.relationship == "head"
        and person.household.members.filter(relationship="head").exclude(pk=person.pk).exists()
    ):
        raise ValidationError({"relationship": _("The household already has a head.")})
    person.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=person,
        organisation_id=person.household.organisation_id,
        channel=channel,
        detail={"fields": changed},
    )
    return person


@transaction.atomic
def person_link_user(
    *, actor: Any, person: Person, user: Any, channel: str = AuditChannel.WEB
) -> Person:
    """Give a person their own sign-in, to see and act on their own household."""
    if Person.objects.filter(user=user).exclude(pk=person.pk).exists():
        raise ValidationError(_("This account already belongs to another person."))
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=person,
        organisation_id=person.household.organisation_id,
        channel=channel,
        detail={"fields": ["user"]},
    )
    return person


def _check_minor(
    person: Person, guardian: Person | None, child_assent: str, today: datetime.date
) -> None:
    if not person.is_minor(today):
        if guardian is not None or child_assent:
            raise ValidationError(_("An adult gives consent for themselves."))
        return
    if guardian is None:
        raise ValidationError({"guardian": _("A guardian must give consent for a child.")})
    if guardian.household_id != person.household_id or guardian.is_minor(today):
        raise ValidationError(
            {"guardian": _("The guardian must be an adult of the same household.")}
        )
    age = person.age_on(today) or 0
    if not child_assent:
        raise ValidationError({"child_assent": _("Record the child's own assent.")})
    if child_assent == "too_young" and age >= ASSENT_AGE:
        raise ValidationError(
            {
                "child_assent": _("From the age of %(age)s, a child is asked for their own assent.")
                % {"age": ASSENT_AGE}
            }
        )
    if child_assent == "refused":
        raise ValidationError(
            {
                "child_assent": _(
                    "The child did not agree: their refusal is respected "
                    "and no consent is recorded."
                )
            }
        )


@transaction.atomic
def consent_record(
    *,
    actor: Any,
    person: Person,
    purpose: str,
    method: str,
    partner: Organisation | None = None,
    guardian: Person | None = None,
    child_assent: str = "",
    text_version: str = "1",
    channel: str = AuditChannel.WEB,
) -> Consent:
    """Record consent for one purpose; sharing names the partner it may go to."""
    if purpose == "sharing" and partner is None:
        raise ValidationError(
            {"partner": _("Consent to sharing must name the partner the data may go to.")}
        )
    if purpose != "sharing" and partner is not None:
        raise ValidationError({"partner": _("Only consent to sharing names a partner.")})
    _check_minor(person, guardian, child_assent, timezone.localdate())
    active = Consent.objects.filter(
        person=person, purpose=purpose, partner=partner, withdrawn_at=None
    )
    if active.exists():
        raise ValidationError(_("This consent is already recorded."))
    consent = Consent(
        person=person,
        purpose=purpose,
        partner=partner,
        method=method,
        guardian=guardian,
        child_assent=child_assent,
        text_version=text_version,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    consent.full_clean()
    consent.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=consent,
        organisation_id=person.household.organisation_id,
        channel=channel,
        detail={"purpose": purpose, "person": person.pk},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Any, consent: Consent, channel: str = AuditChannel.WEB) -> Consent:
    """Withdrawal takes effect at once; the record stays for accountability."""
    if consent.withdrawn_at is not None:
        raise ValidationError(_("This consent was already withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor if getattr(actor, "is_authenticated", False) else None
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=consent,
        organisation_id=consent.person.household.organisation_id,
        channel=channel,
        detail={"withdrawn": True, "purpose": consent.purpose, "person": consent.person_id},
    )
    household = consent.person.household
    if (
        getattr(actor, "is_authenticated", False)
        and household.members.filter(user_id=actor.pk).exists()
        and not has_perm(actor, "consent.manage", household.organisation_id)
    ):
        FamilyActivity.objects.create(
            household=household,
            user=actor,
            kind=ActivityKind.CONSENT_WITHDRAWN,
            detail={"consent": consent.pk, "purpose": consent.purpose},
        )
    return consent
