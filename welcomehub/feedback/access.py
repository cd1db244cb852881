"""Who may open which feedback page. A missing and a forbidden record look alike (404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from welcomehub.accounts.permissions import has_perm, organisations_with
from welcomehub.feedback.models import Feedback
from welcomehub.feedback.services import MANAGE, can_manage, partner_ids
from welcomehub.programmes.models import Programme

FIGURES = "aggregate.view"


def handled_feedback(user: Any) -> QuerySet[Feedback]:
    """Feedback routed to one of the user's organisations, or given to a programme that
    one of them leads, where the user holds feedback.manage."""
    if not user.is_authenticated:
        return Feedback.objects.none()
    org_ids = organisations_with(user, MANAGE)
    return Feedback.objects.filter(Q(routed_to_id__in=org_ids) | Q(programme__lead_id__in=org_ids))


def access_feedback(*, user: Any, reference: str) -> Feedback:
    feedback = (
        Feedback.objects.select_related("programme", "routed_to", "place")
        .filter(reference=reference)
        .first()
    )
    if feedback is None or not user.is_authenticated or not can_manage(user, feedback):
        raise Http404
    return feedback


def public_programme(programme_id: int) -> Programme:
    """Programmes are public facts: anyone may give feedback to one or read its board."""
    programme = Programme.objects.select_related("lead").filter(pk=programme_id).first()
    if programme is None:
        raise Http404
    return programme


def _holds_in_partner(user: Any, programme: Programme, *permissions: str) -> bool:
    if not user.is_authenticated:
        return False
    partners = partner_ids(programme)
    return any(has_perm(user, p, org) for p in permissions for org in partners)


def access_programme_for(
    *, user: Any, programme_id: int, permissions: tuple[str, ...]
) -> Programme:
    """A programme the user works in with one of these permissions."""
    programme = public_programme(programme_id)
    if not _holds_in_partner(user, programme, *permissions):
        raise Http404
    return programme


def programmes_for(user: Any, *permissions: str) -> QuerySet[Programme]:
    if not user.is_authenticated:
        return Programme.objects.none()
    org_ids: set[int] = set()
    for permission in permissions:
        org_ids |= organisations_with(user, permission)
    return Programme.objects.filter(
        Q(lead_id__in=org_ids) | Q(partners__organisation_id__in=org_ids)
    ).distinct()
