"""Who may open which volunteer record or match. Missing and forbidden both give 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from welcomehub.accounts.permissions import organisations_with
from welcomehub.connections.models import Match, Volunteer
from welcomehub.connections.services import MANAGE, OWN


def managed_organisations(user: Any) -> set[int]:
    if not user.is_authenticated:
        return set()
    return organisations_with(user, MANAGE)


def require_manager(user: Any) -> set[int]:
    orgs = managed_organisations(user)
    if not orgs:
        raise Http404
    return orgs


def access_volunteer(*, user: Any, reference: str) -> Volunteer:
    volunteer = (
        Volunteer.objects.select_related("organisation", "place", "user")
        .filter(reference=reference)
        .first()
    )
    if volunteer is None or volunteer.organisation_id not in managed_organisations(user):
        raise Http404
    return volunteer


def access_match(*, user: Any, match_id: int) -> Match:
    match = Match.objects.select_related("volunteer", "household").filter(pk=match_id).first()
    if match is None or match.volunteer.organisation_id not in managed_organisations(user):
        raise Http404
    return match


def own_volunteer(user: Any) -> Volunteer:
    """The signed-in volunteer's own record (own_volunteering.view in its organisation)."""
    if not user.is_authenticated:
        raise Http404
    volunteer = Volunteer.objects.select_related("organisation").filter(user=user).first()
    if volunteer is None or volunteer.organisation_id not in organisations_with(user, OWN):
        raise Http404
    return volunteer
