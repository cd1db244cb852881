"""The refugee portal's sign-in: a caseworker invites an adult of the household, who
signs in with a short one-time code (decision 0015).

Codes are 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), about 40
bits. Only an HMAC of the code, keyed with the server's secret, is stored, so a copy of
the database alone does not let anyone try codes offline. A code works once, expires,
and wrong codes count as failed sign-ins for django-axes, which locks out the client.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from welcomehub.accounts import services as accounts
from welcomehub.accounts.models import Membership, User
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.people.acting import Acting, acting_for
from welcomehub.people.models import Person, PortalInvitation
from welcomehub.people.services import person_link_user

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CODE_VALID_DAYS = 14
REFUGEE_ROLE = "refugee"
# The "user name" under which django-axes counts wrong codes: not a valid user name
# (Django's allow only letters, digits and @.+-_), so no account can share its lockout.
AXES_USERNAME = "#portal-code"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """What the person typed, as a code: case, spaces and dashes do not matter."""
    return "".join(ch for ch in raw.upper() if ch not in " -\t\n")


def display_code(code: str) -> str:
    """Two groups of four, easier to read out and type."""
    half = CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def is_well_formed(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def code_digest(code: str) -> str:
    return salted_hmac("welcomehub.portal.code", code, algorithm="sha256").hexdigest()


def _portal_user(actor: Any, person: Person) -> User:
    """The person's own account, created without a password on the first invitation."""
    organisation = person.household.organisation
    user = person.user
    if user is None:
        username = f"family-{secrets.token_hex(5)}"
        user = accounts.user_create(actor=actor, username=username, password=None)
        person_link_user(actor=actor, person=person, user=user)
    roles = set(Membership.objects.filter(user=user).values_list("role_id", flat=True))
    if roles - {REFUGEE_ROLE}:
        raise ValidationError(
            _("This person's account has a staff role; it cannot sign in with a code.")
        )
    if not Membership.objects.filter(
        user=user, organisation=organisation, role_id=REFUGEE_ROLE
    ).exists():
        accounts.membership_add(
            actor=actor, user=user, organisation=organisation, role_code=REFUGEE_ROLE
        )
    return user


@transaction.atomic
def portal_invite(
    *, actor: Any, person: Person, language: str, channel: str = AuditChannel.WEB
) -> tuple[PortalInvitation, str]:
    """A new one-time code for an adult of the household; earlier unused codes of the
    same person stop working. The code is returned once and never stored."""
    household = person.household
    if acting_for(actor, household, staff_permission="plan.edit") == Acting.FAMILY:
        raise PermissionDenied
    if person.is_minor(timezone.localdate()):
        raise ValidationError({"person": _("Only an adult of the household can be invited.")})
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the interface languages.")})
    user = _portal_user(actor, person)
    if not user.is_active:
        raise ValidationError(_("This person's account is switched off."))
    now = timezone.now()
    PortalInvitation.objects.filter(person=person, used_at=None, revoked_at=None).update(
        revoked_at=now
    )
    code = new_code()
    while PortalInvitation.objects.filter(code_digest=code_digest(code)).exists():
        code = new_code()
    invitation = PortalInvitation(
        person=person,
        code_digest=code_digest(code),
        language=language,
        expires_at=now + datetime.timedelta(days=CODE_VALID_DAYS),
        invited_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    invitation.full_clean()
    invitation.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=invitation,
        organisation_id=household.organisation_id,
        channel=channel,
        detail={"person": person.pk, "household": household.reference},
    )
    return invitation, code


@transaction.atomic
def portal_redeem(*, code: str) -> tuple[User, PortalInvitation] | None:
    """The account a valid code opens, the code then used up; None for any bad code."""
    code = normalise_code(code)
    if not is_well_formed(code):
        return None
    invitation = (
        # Lock the invitation row only: PostgreSQL cannot lock the nullable side of the
        # outer join that reaches the person's (optional) account.
        PortalInvitation.objects.select_for_update(of=("self",))
        .select_related("person__household", "person__user")
        .filter(code_digest=code_digest(code))
        .first()
    )
    if invitation is None or invitation.used_at or invitation.revoked_at:
        return None
    if invitation.expires_at <= timezone.now():
        return None
    user = invitation.person.user
    if user is None or not user.is_active:
        return None
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at", "updated_at"])
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=invitation,
        organisation_id=invitation.person.household.organisation_id,
        detail={"used": True},
    )
    return user, invitation


@transaction.atomic
def portal_revoke(
    *, actor: Any, invitation: PortalInvitation, channel: str = AuditChannel.WEB
) -> PortalInvitation:
    household = invitation.person.household
    if acting_for(actor, household, staff_permission="plan.edit") == Acting.FAMILY:
        raise PermissionDenied
    if invitation.used_at or invitation.revoked_at:
        raise ValidationError(_("This code was already used or withdrawn."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=invitation,
        organisation_id=household.organisation_id,
        channel=channel,
        detail={"revoked": True},
    )
    return invitation
