"""The sponsor's own pages (own_sponsorship.view): their group, its members' check and
training status, the settlement plan, the upcoming check-ins and the past ones with the
notes the group wrote, and a completed sponsorship's closing review. Never another group's
data; of the household only what the match shares (size, languages, place, arrival)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from welcomehub.accounts.permissions import has_any
from welcomehub.core.audit import audit_reads
from welcomehub.core.models import AuditAction
from welcomehub.sponsorship import selectors
from welcomehub.sponsorship.models import PlanArea, Sponsorship, SponsorshipStatus
from welcomehub.sponsorship.services import OWN


def _sponsorship_entry(request: HttpRequest, sponsorship: Sponsorship) -> dict[str, Any]:
    """What the group sees of one of its sponsorships; reading its notes is audited."""
    plan = {item.area: item for item in sponsorship.plan.all()}
    past = selectors.past_checkins(sponsorship)
    audit_reads(
        actor=request.user,
        objects=[row.checkin for row in past if row.notes],
        organisation_of=lambda c: c.sponsorship.group.organisation_id,
        action=AuditAction.LIST,
    )
    running = sponsorship.status == SponsorshipStatus.INTRODUCED
    return {
        "sponsorship": sponsorship,
        "size": sponsorship.household.members.count(),
        "languages": sponsorship.household.languages,
        "place": sponsorship.household.location,
        "plan": [(code, label, plan.get(code)) for code, label in PlanArea.choices],
        "total": selectors.plan_total(sponsorship),
        "upcoming": list(sponsorship.checkins.filter(done_on=None)) if running else [],
        "past": past,
        "closing": getattr(sponsorship, "closing", None),
    }


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    if not has_any(request.user, OWN):
        raise Http404
    today = timezone.localdate()
    groups = list(selectors.with_members(selectors.own_groups(request.user)))
    audit_reads(
        actor=request.user,
        objects=groups,
        organisation_of=lambda g: g.organisation_id,
        action=AuditAction.LIST,
    )
    entries = [
        {
            "group": group,
            "ready": selectors.readiness(group, on=today),
            "funds": selectors.funds(group),
            "sponsorships": [
                _sponsorship_entry(request, sponsorship)
                for sponsorship in group.sponsorships.select_related("household__location")
            ],
            "requests": list(group.named_requests.all()),
        }
        for group in groups
    ]
    return render(request, "sponsorship/mine.html", {"entries": entries, "today": today})
