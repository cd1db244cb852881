"""Reads for accounts."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from welcomehub.accounts.models import ApiToken, Membership, Organisation, Permission, Role


def memberships_of(user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation", "role")


def organisation_members(organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user", "role").order_by(
        "user__username", "role__code"
    )


def role_table() -> tuple[list[Role], list[Permission], dict[tuple[str, str], str]]:
    """Roles by permissions, each cell "granted", "implied" or absent."""
    roles = list(Role.objects.order_by("code"))
    perms = list(Permission.objects.order_by("code"))
    cells = {
        (link.role_id, link.permission_id): "implied" if link.implied else "granted"
        for role in roles
        for link in role.rolepermission_set.all()
    }
    return roles, perms, cells


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")
