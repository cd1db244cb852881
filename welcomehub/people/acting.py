"""Who may write on a household's behalf, asked again by every service that writes.

Views already pass through the access gates; the services repeat the question so that
no other caller (API, command, a future view) can let a refugee touch another family.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied

from welcomehub.accounts.permissions import has_any, has_perm
from welcomehub.people.models import Household, Person


class Acting(StrEnum):
    SYSTEM = "system"  # no user: demo loader, imports, tests of the data layer
    STAFF = "staff"  # a caseworker of the household's organisation
    FAMILY = "family"  # an adult of the household, signed in to the portal


def own_person(user: Any) -> Person | None:
    """The person record linked to a signed-in account, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.select_related("household").filter(user_id=user.pk).first()


def acting_for(
    actor: Any,
    household: Household,
    *,
    staff_permission: str,
    family_permission: str = "own_plan.edit",
) -> Acting:
    """How the actor writes for this household; PermissionDenied when they may not."""
    if actor is None:
        return Acting.SYSTEM
    if has_perm(actor, staff_permission, household.organisation_id):
        return Acting.STAFF
    person = own_person(actor)
    if (
        person is not None
        and person.household_id == household.pk
        and has_any(actor, family_permission)
    ):
        return Acting.FAMILY
    raise PermissionDenied
