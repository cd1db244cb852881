"""What a user may do, and in which organisations, from their memberships.

The answer is computed once per user object and kept on it for the request.
"""

from __future__ import annotations

from typing import Any

from welcomehub.accounts.models import Membership, RolePermission, RoleScope

ALL_ORGANISATIONS = 0  # key for permissions held across the platform


def permission_map(user: Any) -> dict[int, frozenset[str]]:
    """Organisation id → permissions held there (key 0: platform-wide)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, "_welcomehub_permissions", None)
    if cached is not None:
        return cached
    by_role: dict[str, set[str]] = {}
    for role_id, permission_id in RolePermission.objects.values_list("role_id", "permission_id"):
        by_role.setdefault(role_id, set()).add(permission_id)
    result: dict[int, set[str]] = {}
    for membership in Membership.objects.filter(user=user).select_related("role"):
        key = (
            ALL_ORGANISATIONS
            if membership.role.scope == RoleScope.PLATFORM
            else membership.organisation_id
        )
        result.setdefault(key, set()).update(by_role.get(membership.role_id, set()))
    frozen = {key: frozenset(perms) for key, perms in result.items()}
    user._welcomehub_permissions = frozen
    return frozen


def forget(user: Any) -> None:
    """Drop the cached answer after memberships change."""
    if hasattr(user, "_welcomehub_permissions"):
        del user._welcomehub_permissions


def has_perm(user: Any, permission: str, organisation_id: int | None) -> bool:
    perms = permission_map(user)
    if permission in perms.get(ALL_ORGANISATIONS, frozenset()):
        return True
    return organisation_id is not None and permission in perms.get(organisation_id, frozenset())


def has_any(user: Any, permission: str) -> bool:
    """Whether the user holds the permission in at least one organisation."""
    return any(permission in perms for perms in permission_map(user).values())


def is_platform_wide(user: Any, permission: str) -> bool:
    return permission in permission_map(user).get(ALL_ORGANISATIONS, frozenset())


def organisations_with(user: Any, permission: str) -> set[int]:
    """Ids of the organisations where the user holds the permission (not platform-wide)."""
    return {
        org_id
        for org_id, perms in permission_map(user).items()
        if org_id != ALL_ORGANISATIONS and permission in perms
    }


def needs_two_factor(user: Any) -> bool:
    """Staff roles in an organisation that requires two-factor sign-in."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, role__staff=True, organisation__requires_two_factor=True
    ).exists()
