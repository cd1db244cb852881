"""The volunteer API: the coordinator's volunteers with screening state and load (no
contact details), and the volunteer's own matches."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from welcomehub.connections import selectors
from welcomehub.connections.access import managed_organisations, own_volunteer
from welcomehub.core.audit import audit_reads
from welcomehub.core.models import AuditAction, AuditChannel

router = Router(tags=["connections"])


class VolunteerOut(Schema):
    reference: str
    organisation_id: int
    status: str
    role_wanted: str
    languages: list[str]
    cleared_on: datetime.date | None
    clearance_expires_on: datetime.date | None
    can_be_matched: bool
    hours_last_7_days: Decimal
    over_weekly_limit: bool
    open_matches: int


@router.get("/volunteers", response=list[VolunteerOut])
def volunteers(request: HttpRequest) -> list[dict[str, Any]]:
    """Volunteers of the organisations where the user holds volunteer.manage; 404 for
    anyone else."""
    org_ids = managed_organisations(request.user)
    if not org_ids:
        raise Http404
    today = timezone.localdate()
    loads = {load.volunteer.pk: load for load in selectors.loads(org_ids, today)}
    rows = list(selectors.volunteers_of(org_ids))
    audit_reads(
        actor=request.user,
        objects=rows,
        organisation_of=lambda v: v.organisation_id,
        channel=AuditChannel.API,
        action=AuditAction.LIST,
    )
    out = []
    for v in rows:
        clearance = v.clearances.order_by("-expires_on").first()
        load = loads.get(v.pk)
        out.append(
            {
                "reference": v.reference,
                "organisation_id": v.organisation_id,
                "status": v.status,
                "role_wanted": v.role_wanted,
                "languages": v.languages,
                "cleared_on": v.cleared_on,
                "clearance_expires_on": clearance.expires_on if clearance else None,
                "can_be_matched": not selectors.matching_blockers(v, today),
                "hours_last_7_days": load.hours_week if load else Decimal(0),
                "over_weekly_limit": load.over_limit if load else False,
                "open_matches": selectors.open_match_count(v),
            }
        )
    return out


class OwnMatchOut(Schema):
    reference: str
    first_name: str
    languages: list[str]
    meeting_place: str
    since: datetime.datetime | None


class OwnVolunteeringOut(Schema):
    reference: str
    status: str
    hours_total: Decimal
    matches: list[OwnMatchOut]


@router.get("/me", response=OwnVolunteeringOut)
def me(request: HttpRequest) -> dict[str, Any]:
    """The signed-in volunteer's status, hours and introduced matches (404 for anyone
    without a volunteer record)."""
    volunteer = own_volunteer(request.user)
    return {
        "reference": volunteer.reference,
        "status": volunteer.status,
        "hours_total": selectors.volunteer_hours(volunteer),
        "matches": selectors.own_matches(volunteer),
    }
