"""Writes for accounts: organisations, users, memberships and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.accounts import permissions
from welcomehub.accounts.models import (
    ApiToken,
    Membership,
    Organisation,
    Role,
    RolePermission,
    RoleScope,
    User,
)
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel

TOKEN_PREFIX = "wh_"  # noqa: S105  (a public marker, not a secret)


def one_time_password() -> str:
    """A password to hand over once; the account must replace it at first sign-in."""
    return secrets.token_urlsafe(12)


@transaction.atomic
def organisation_create(
    *,
    actor: Any,
    name: str,
    org_type: str,
    country: str,
    requires_two_factor: bool = False,
    website: str = "",
) -> Organisation:
    organisation = Organisation(
        name=name,
        org_type=org_type,
        country=country,
        requires_two_factor=requires_two_factor,
        website=website,
    )
    organisation.full_clean()
    organisation.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=organisation, organisation_id=organisation.pk
    )
    return organisation


@transaction.atomic
def user_create(
    *, actor: Any, username: str, password: str | None, first_name: str = "", email: str = ""
) -> User:
    """A new account; without a password it can only sign in by other means."""
    user = User(username=username, first_name=first_name, email=email)
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=user, channel=AuditChannel.SYSTEM)
    return user


def _check_platform_role(actor: Any, role: Role) -> None:
    """Platform-wide roles are granted and taken away only by a platform administrator
    (or by the system itself, with no actor): an organisation's administrator must not
    change who administers the whole platform."""
    if (
        role.scope == RoleScope.PLATFORM
        and actor is not None
        and not permissions.is_platform_wide(actor, "membership.manage")
    ):
        raise ValidationError({"role": _("Only a platform administrator can change this role.")})


@transaction.atomic
def membership_add(
    *, actor: Any, user: User, organisation: Organisation, role_code: str
) -> Membership:
    role = Role.objects.filter(code=role_code).first()
    if role is None:
        raise ValidationError({"role": _("Unknown role.")})
    _check_platform_role(actor, role)
    if Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
        raise ValidationError({"role": _("This person already has that role here.")})
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    permissions.forget(user)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=membership,
        organisation_id=organisation.pk,
        detail={"role": role.code, "user_id": user.pk},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: Any, membership: Membership) -> None:
    # Which roles administer is data (roles.json), so ask the table, not a list of codes.
    if (
        membership.user_id == getattr(actor, "pk", None)
        and RolePermission.objects.filter(
            role_id=membership.role_id, permission_id="membership.manage"
        ).exists()
    ):
        raise ValidationError(_("You cannot remove your own administrator role."))
    _check_platform_role(actor, membership.role)
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=membership,
        organisation_id=membership.organisation_id,
        detail={"role": membership.role_id, "user_id": membership.user_id},
    )
    membership.delete()
    permissions.forget(membership.user)


@transaction.atomic
def member_invite(
    *, actor: Any, organisation: Organisation, username: str, role_code: str, first_name: str = ""
) -> tuple[Membership, str]:
    """A new account with a role here and a one-time password, returned once."""
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("An account with this user name exists already.")})
    password = one_time_password()
    user = user_create(actor=actor, username=username, password=None, first_name=first_name)
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    membership = membership_add(
        actor=actor, user=user, organisation=organisation, role_code=role_code
    )
    return membership, password


@transaction.atomic
def password_change(*, actor: Any, user: User, new_password: str) -> User:
    """Set a password the user chose; ends the one-time password."""
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=user, detail={"fields": ["password"]})
    return user


def _digest(raw: str) -> str:
    # Tokens carry 256 random bits, so a plain SHA-256 is enough to store them safely.
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def token_create(
    *, actor: Any, user: User, name: str, channel: str = AuditChannel.CLI
) -> tuple[ApiToken, str]:
    """A new API token; the raw value is returned once and never stored."""
    if not user.is_active:
        raise ValidationError(_("This account is not active."))
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(user=user, name=name or "token", prefix=prefix, digest=_digest(raw))
    token.full_clean()
    token.save()
    audit_record(
        actor=actor,
        action=AuditAction.TOKEN_CREATE,
        obj=token,
        channel=channel,
        detail={"user_id": user.pk},
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor: Any, token: ApiToken, channel: str = AuditChannel.WEB) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_record(actor=actor, action=AuditAction.TOKEN_REVOKE, obj=token, channel=channel)
    return token


@transaction.atomic
def token_authenticate(*, raw: str) -> User | None:
    """The active user behind a raw token, recording its use; None if it is not valid."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    token.last_used_at = timezone.now()
    token.save(update_fields=["last_used_at"])
    audit_record(
        actor=token.user, action=AuditAction.TOKEN_USE, obj=token, channel=AuditChannel.API
    )
    return token.user
