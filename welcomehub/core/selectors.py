"""Reads of the audit trail."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from welcomehub.accounts.models import Membership
from welcomehub.accounts.permissions import is_platform_wide, organisations_with
from welcomehub.core.models import AuditEvent


def audit_events_for(user: Any) -> QuerySet[AuditEvent]:
    """Platform auditors see everything; an organisation's administrator sees the rows
    about their organisation's records and the actions of its members."""
    if is_platform_wide(user, "audit.view"):
        return AuditEvent.objects.all()
    org_ids = organisations_with(user, "audit.view")
    # A subquery, not a join: a member with several roles must not repeat their rows.
    members = Membership.objects.filter(organisation_id__in=org_ids).values("user_id")
    return AuditEvent.objects.filter(Q(organisation_id__in=org_ids) | Q(actor_id__in=members))


def audit_search(
    events: QuerySet[AuditEvent],
    *,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    if actor:
        events = events.filter(actor_username__iexact=actor.strip())
    if action:
        events = events.filter(action=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id.strip())
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events.distinct().order_by("-at", "-id")
