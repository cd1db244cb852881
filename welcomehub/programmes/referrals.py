"""Referrals of people to services, checked against their consent to sharing (DESIGN §6).

A caseworker refers people of their caseload to a service. When the service belongs to
another organisation, every person referred must consent to sharing with that
organisation, or the caseworker gives a reason to share without it (audited). The
receiving organisation sees the household reference and the fields chosen, read live
from the case file, and only while sharing holds: a withdrawal of consent ends it at once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from welcomehub.accounts.models import Organisation, User
from welcomehub.accounts.permissions import has_perm
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.people.models import Consent, Household, Person
from welcomehub.programmes import referral_rules as rules
from welcomehub.programmes.models import Referral, ReferralStatus, Service
from welcomehub.programmes.referral_rules import Side

PERMISSION = "referral.manage"
SHARING = "sharing"
DEFAULT_ANSWER_DAYS = 7


def _people_without_consent(persons: list[Person], organisation: Organisation) -> list[Person]:
    consenting = set(
        Consent.objects.filter(
            person__in=persons, purpose=SHARING, partner=organisation, withdrawn_at__isnull=True
        ).values_list("person_id", flat=True)
    )
    return [person for person in persons if person.pk not in consenting]


def _check_new(
    actor: Any, household: Household, service: Service, persons: list[Person], due: datetime.date
) -> None:
    if not has_perm(actor, PERMISSION, household.organisation_id):
        raise ValidationError(_("You do not make referrals for this caseload."))
    if service.status != "active":
        raise ValidationError({"service": _("This service is not open at the moment.")})
    if not persons:
        raise ValidationError({"persons": _("Choose at least one person to refer.")})
    if any(person.household_id != household.pk for person in persons):
        raise ValidationError({"persons": _("Only members of this household can be referred.")})
    if due < timezone.localdate():
        raise ValidationError({"due_date": _("The answer cannot be due in the past.")})


@transaction.atomic
def referral_create(
    *,
    actor: Any,
    household: Household,
    service: Service,
    persons: list[Person],
    shared_fields: list[str],
    barriers: list[str],
    due_date: datetime.date | None = None,
    note: str = "",
    override_reason: str = "",
    channel: str = AuditChannel.WEB,
) -> Referral:
    """Refer these members of the household; refused without consent to share with the
    provider unless `override_reason` says why it must be shared anyway."""
    due = due_date or timezone.localdate() + datetime.timedelta(days=DEFAULT_ANSWER_DAYS)
    _check_new(actor, household, service, persons, due)
    receiver = service.organisation
    override_reason = override_reason.strip()
    missing = _check_consent(household, persons, receiver, override_reason)
    referral = Referral(
        service=service,
        household=household,
        from_organisation_id=household.organisation_id,
        to_organisation=receiver,
        referred_by=actor if getattr(actor, "is_authenticated", False) else None,
        shared_fields=shared_fields,
        barriers=barriers,
        note=note,
        # An override only stands where consent was missing; otherwise it says nothing.
        override_reason=override_reason if missing else "",
        due_date=due,
    )
    referral.full_clean()
    referral.save()
    referral.persons.set(persons)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=referral,
        organisation_id=household.organisation_id,
        channel=channel,
        detail={
            "household": household.reference,
            "service": service.pk,
            "to_organisation": receiver.pk,
            "persons": sorted(p.pk for p in persons),
            "shared_fields": sorted(shared_fields),
            "consent_override": bool(missing),
            "without_consent": sorted(p.pk for p in missing),
        },
    )
    _notify_new(referral)
    return referral


def _check_consent(
    household: Household, persons: list[Person], receiver: Organisation, override_reason: str
) -> list[Person]:
    """The people without consent to sharing with the receiver; refused unless there is
    a reason to share anyway. Nothing is shared within one organisation."""
    if receiver.pk == household.organisation_id:
        return []
    missing = _people_without_consent(persons, receiver)
    if missing and not override_reason:
        raise ValidationError(
            _(
                "%(count)s of the people referred have not consented to sharing with "
                "%(organisation)s. Record their consent, or give the reason to share "
                "without it."
            )
            % {"count": len(missing), "organisation": receiver.name},
            code="consent_missing",
        )
    return missing


def _notify_new(referral: Referral) -> None:
    service = referral.service
    _notify(
        referral.to_organisation,
        _("Welcome Hub: a new referral to “%(service)s”") % {"service": service.name},
        _(
            "%(sender)s referred people to your service “%(service)s”. Please answer by "
            "%(due)s in Welcome Hub: %(link)s"
        )
        % {
            "sender": referral.household.organisation.name,
            "service": service.name,
            "due": referral.due_date.isoformat(),
            "link": reverse("referrals:list"),
        },
    )


def sharing_holds(referral: Referral) -> bool:
    """Whether the receiving organisation may still see the people referred.

    Within one organisation nothing is shared. Otherwise each person must consent to
    sharing with the receiver now, or the referral was made with an override and the
    person has not withdrawn a consent to that sharing since."""
    if referral.from_organisation_id == referral.to_organisation_id:
        return True
    persons = list(referral.persons.all())
    if not persons:
        return False
    consents = Consent.objects.filter(
        person__in=persons, purpose=SHARING, partner_id=referral.to_organisation_id
    )
    active = set(consents.filter(withdrawn_at__isnull=True).values_list("person_id", flat=True))
    withdrawn_since = set(
        consents.filter(withdrawn_at__gte=referral.created_at).values_list("person_id", flat=True)
    )
    for person in persons:
        if person.pk in active:
            continue
        if referral.override_reason and person.pk not in withdrawn_since:
            continue
        return False
    return True


def sides_of(user: Any, referral: Referral) -> frozenset[Side]:
    """The sides of the referral the user acts for; the receiving side only while
    sharing holds."""
    sides = set()
    if has_perm(user, PERMISSION, referral.from_organisation_id):
        sides.add(Side.SENDER)
    if has_perm(user, PERMISSION, referral.to_organisation_id) and sharing_holds(referral):
        sides.add(Side.RECEIVER)
    return frozenset(sides)


def _locked(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().get(pk=referral.pk)


@transaction.atomic
def referral_move(
    *,
    actor: Any,
    referral: Referral,
    status: str,
    reason: str = "",
    outcome: str = "",
    due_date: datetime.date | None = None,
    channel: str = AuditChannel.WEB,
) -> Referral:
    """Accept, decline (with a reason), complete or cancel a referral, each by the side
    whose move it is (referral_rules)."""
    sides = sides_of(actor, referral)
    referral = _locked(referral)
    if not rules.can_move(referral.status, status, sides):
        raise ValidationError(_("This referral cannot be moved to that status by you now."))
    _apply_move(referral, status, reason.strip(), outcome.strip(), due_date)
    referral.full_clean()
    referral.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=referral,
        organisation_id=(
            referral.to_organisation_id
            if Side.RECEIVER in sides and status != ReferralStatus.CANCELLED
            else referral.from_organisation_id
        ),
        channel=channel,
        detail={"status": status},
    )
    if status in (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED):
        _notify(
            referral.from_organisation,
            _("Welcome Hub: a referral was answered"),
            _("%(receiver)s answered a referral of your organisation to “%(service)s”: %(status)s.")
            % {
                "receiver": referral.to_organisation.name,
                "service": referral.service.name,
                "status": ReferralStatus(status).label,
            },
        )
    return referral


def _apply_move(
    referral: Referral,
    status: str,
    reason: str,
    outcome: str,
    due_date: datetime.date | None,
) -> None:
    """Set the status and what goes with it: a decline's reason, an acceptance's
    completion date, a completion's outcome, the times answered and closed."""
    if status == ReferralStatus.DECLINED and not reason:
        raise ValidationError({"reason": _("Say why the referral is declined.")})
    now = timezone.now()
    referral.status = status
    if status == ReferralStatus.DECLINED:
        referral.decline_reason = reason
    if status in (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED):
        referral.answered_at = now
    if status == ReferralStatus.ACCEPTED and due_date is not None:
        if due_date < timezone.localdate():
            raise ValidationError({"due_date": _("The completion cannot be due in the past.")})
        referral.due_date = due_date
    if status == ReferralStatus.COMPLETED:
        referral.outcome_note = outcome
    if status in rules.FINAL:
        referral.closed_at = now


def _contacts(organisation: Organisation) -> list[str]:
    """E-mail addresses of the organisation's members who handle referrals."""
    users = User.objects.filter(
        is_active=True,
        memberships__organisation=organisation,
        memberships__role__permissions__code=PERMISSION,
    ).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _notify(organisation: Organisation, subject: str, body: str) -> None:
    """One e-mail to the organisation's referral handlers, in Bcc, sent after commit.
    It names organisations and services only, never a person or a household."""
    recipients = _contacts(organisation)
    if not recipients:
        return
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, bcc=recipients
    )
    transaction.on_commit(message.send)


@transaction.atomic
def referrals_remind_due(*, today: datetime.date, channel: str = AuditChannel.SYSTEM) -> int:
    """Remind each organisation that must act on open referrals due by today (once a
    day); returns how many organisations were reminded."""
    due = list(
        Referral.objects.select_for_update()
        .filter(status__in=rules.OPEN, due_date__lte=today)
        .exclude(reminded_on=today)
        .select_related("to_organisation")
    )
    by_organisation: dict[int, list[Referral]] = {}
    for referral in due:
        by_organisation.setdefault(referral.to_organisation_id, []).append(referral)
    for referrals in by_organisation.values():
        organisation = referrals[0].to_organisation
        Referral.objects.filter(pk__in=[r.pk for r in referrals]).update(reminded_on=today)
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            object_type="programmes.referral",
            organisation_id=organisation.pk,
            channel=channel,
            detail={"reminded": sorted(r.pk for r in referrals)},
        )
        _notify(
            organisation,
            _("Welcome Hub: referrals are waiting for your organisation"),
            ngettext(
                "%(organisation)s has %(count)s referral to answer or complete, due on "
                "%(due)s. Please open Welcome Hub: %(link)s",
                "%(organisation)s has %(count)s referrals to answer or complete, the "
                "oldest due on %(due)s. Please open Welcome Hub: %(link)s",
                len(referrals),
            )
            % {
                "organisation": organisation.name,
                "count": len(referrals),
                "due": min(r.due_date for r in referrals).isoformat(),
                "link": reverse("referrals:list"),
            },
        )
    return len(by_organisation)
