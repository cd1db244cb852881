"""The sponsor's own pages (own_sponsorship.view): their group, its members' check and
training status, the settlement plan and the upcoming check-ins. Never another group's
data; of the household only what the match shares (size, languages, place, arrival)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from welcomehub.accounts.permissions import has_any
from welcomehub.core.audit import audit_reads
from welcomehub.core.models import AuditAction
from welcomehub.sponsorship import selectors
from welcomehub.sponsorship.models import PlanArea
from welcomehub.sponsorship.services import OWN


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
    entries = []
    for group in groups:
        sponsorships = []
        for sponsorship in group.sponsorships.select_related("household__location"):
            plan = {item.area: item for item in sponsorship.plan.all()}
            sponsorships.append(
                {
                    "sponsorship": sponsorship,
                    "size": sponsorship.household.members.count(),
                    "languages": sponsorship.household.languages,
                    "place": sponsorship.household.location,
                    "plan": [(code, label, plan.get(code)) for code, label in PlanArea.choices],
                    "total": selectors.plan_total(sponsorship),
                    "checkins": list(sponsorship.checkins.all()),
                }
            )
        entries.append(
            {
                "group": group,
                "ready": selectors.readiness(group, on=today),
                "funds": selectors.funds(group),
                "sponsorships": sponsorships,
                "requests": list(group.named_requests.all()),
            }
        )
    return render(request, "sponsorship/mine.html", {"entries": entries, "today": today})
