"""The sponsorship API: the groups a user oversees with their readiness and funds, the
check-ins due, and a sponsor's own groups. Group-level facts only: no member's or
family's name leaves through it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from welcomehub.accounts.permissions import has_any
from welcomehub.core.audit import audit_reads
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.sponsorship import selectors
from welcomehub.sponsorship.models import SponsorGroup, Sponsorship
from welcomehub.sponsorship.services import MANAGE, OWN

router = Router(tags=["sponsorship"])


class GroupOut(Schema):
    id: int
    name: str
    programme: int
    organisation: int
    kind: str
    model: str
    place: int
    members: int
    ready: bool
    problems: list[str]
    funds_available: Decimal
    funds_committed: Decimal
    sponsorships: int


class CheckInOut(Schema):
    id: int
    sponsorship: int
    group: int
    day: int
    due_on: datetime.date
    overdue: bool


def _groups(request: HttpRequest, groups: Any) -> list[dict[str, Any]]:
    today = timezone.localdate()
    found = list(selectors.with_members(groups))
    audit_reads(
        actor=request.user,
        objects=found,
        organisation_of=lambda g: g.organisation_id,
        channel=AuditChannel.API,
        action=AuditAction.LIST,
    )
    rows = []
    for group in found:
        ready = selectors.readiness(group, on=today)
        funds = selectors.funds(group)
        rows.append(
            {
                "id": group.pk,
                "name": group.name,
                "programme": group.programme_id,
                "organisation": group.organisation_id,
                "kind": group.kind,
                "model": group.model,
                "place": group.place_id,
                "members": len(ready.members),
                "ready": ready.ready,
                "problems": ready.problems,
                "funds_available": funds.available,
                "funds_committed": funds.committed,
                "sponsorships": selectors.live_count(group),
            }
        )
    return rows


@router.get("/groups", response=list[GroupOut])
def group_list(request: HttpRequest) -> list[dict[str, Any]]:
    """The sponsor groups overseen by the user's organisations (sponsorship.manage)."""
    if not has_any(request.user, MANAGE):
        raise Http404
    return _groups(request, selectors.managed_groups(request.user))


@router.get("/checkins/due", response=list[CheckInOut])
def checkins_due(request: HttpRequest, within_days: int = 14) -> list[dict[str, Any]]:
    """Check-ins not yet held, overdue or due within `within_days` (default 14)."""
    if not has_any(request.user, MANAGE):
        raise Http404
    today = timezone.localdate()
    rows = selectors.checkins_due(
        Sponsorship.objects.filter(group__in=selectors.managed_groups(request.user)),
        today=today,
        within_days=max(0, min(within_days, 365)),
    )
    return [
        {
            "id": c.pk,
            "sponsorship": c.sponsorship_id,
            "group": c.sponsorship.group_id,
            "day": c.day,
            "due_on": c.due_on,
            "overdue": c.due_on < today,
        }
        for c in rows
    ]


@router.get("/mine", response=list[GroupOut])
def my_groups(request: HttpRequest) -> list[dict[str, Any]]:
    """A sponsor's own groups (own_sponsorship.view)."""
    if not has_any(request.user, OWN):
        raise Http404
    groups: Any = selectors.own_groups(request.user)
    return _groups(request, SponsorGroup.objects.filter(pk__in=groups.values("pk")))
