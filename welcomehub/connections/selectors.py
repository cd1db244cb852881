"""Reads for volunteers and matches."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from welcomehub.connections.models import (
    ACTIVE_MATCH_STATUSES,
    Clearance,
    Match,
    MatchStatus,
    Volunteer,
    VolunteerStatus,
)
from welcomehub.core.taxonomy import labels
from welcomehub.people.selectors import head_of

ALERT_DAYS = 30
REQUIRED_TRAINING = "safeguarding"


def weekly_hour_limit() -> Decimal:
    """Hours a week above which the coordinator is warned (WELCOMEHUB_VOLUNTEER_WEEKLY_HOURS)."""
    return Decimal(str(getattr(settings, "WELCOMEHUB_VOLUNTEER_WEEKLY_HOURS", 8)))


def current_clearance(volunteer: Volunteer, today: datetime.date) -> Clearance | None:
    """The verified clearance valid today with the latest expiry, if any."""
    return (
        volunteer.clearances.filter(issued_on__lte=today, expires_on__gte=today)
        .order_by("-expires_on")
        .first()
    )


def screening_gaps(volunteer: Volunteer, today: datetime.date) -> list[str]:
    """What still stands between the applicant and clearance (empty: can be cleared)."""
    gaps = []
    if not volunteer.interviews.filter(recommendation="proceed").exists():
        gaps.append(_("An interview recommending to proceed"))
    checked = volunteer.references.filter(checked_on__isnull=False, satisfactory=True).count()
    if checked < 2:
        gaps.append(_("Two references checked and satisfactory"))
    if current_clearance(volunteer, today) is None:
        gaps.append(_("A police clearance valid today, verified"))
    if not volunteer.trainings.filter(module=REQUIRED_TRAINING).exists():
        gaps.append(_("Safeguarding training"))
    if volunteer.code_of_conduct_signed_on is None:
        gaps.append(_("The signed code of conduct"))
    if volunteer.role_boundaries_signed_on is None:
        gaps.append(_("The signed role boundaries"))
    return gaps


def matching_blockers(volunteer: Volunteer, today: datetime.date) -> list[str]:
    """Why this volunteer cannot be matched today (empty: can be matched)."""
    blockers = []
    if volunteer.status != VolunteerStatus.CLEARED:
        blockers.append(
            _("Not cleared (status: %(status)s)") % {"status": volunteer.get_status_display()}
        )
    return blockers + screening_gaps(volunteer, today)


def open_match_count(volunteer: Volunteer) -> int:
    return volunteer.matches.filter(status__in=ACTIVE_MATCH_STATUSES).count()


def volunteers_of(organisation_ids: set[int]) -> QuerySet[Volunteer]:
    return Volunteer.objects.filter(organisation_id__in=organisation_ids).select_related(
        "organisation", "place"
    )


def expiring_clearances(organisation_ids: set[int], today: datetime.date) -> QuerySet[Clearance]:
    """The latest clearance of each cleared volunteer that ends within 30 days (or has
    ended), soonest first."""
    latest = []
    volunteers = Volunteer.objects.filter(
        organisation_id__in=organisation_ids,
        status__in=[VolunteerStatus.CLEARED, VolunteerStatus.SUSPENDED],
    )
    for volunteer in volunteers:
        clearance = volunteer.clearances.order_by("-expires_on").first()
        if clearance and clearance.expires_on <= today + datetime.timedelta(days=ALERT_DAYS):
            latest.append(clearance.pk)
    return (
        Clearance.objects.filter(pk__in=latest).select_related("volunteer").order_by("expires_on")
    )


@dataclass(frozen=True)
class Load:
    volunteer: Volunteer
    hours_total: Decimal
    hours_week: Decimal
    open_matches: int
    over_limit: bool


def loads(organisation_ids: set[int], today: datetime.date) -> list[Load]:
    """Hours (all time and the last seven days) and open matches per volunteer, with a
    warning above the weekly limit."""
    limit = weekly_hour_limit()
    week_start = today - datetime.timedelta(days=6)
    out = []
    for volunteer in volunteers_of(organisation_ids).exclude(
        status__in=[VolunteerStatus.REJECTED, VolunteerStatus.WITHDRAWN, VolunteerStatus.APPLIED]
    ):
        total = volunteer.hours.aggregate(s=Sum("hours"))["s"] or Decimal(0)
        week = volunteer.hours.filter(worked_on__gte=week_start, worked_on__lte=today).aggregate(
            s=Sum("hours")
        )["s"] or Decimal(0)
        out.append(Load(volunteer, total, week, open_match_count(volunteer), week > limit))
    return sorted(out, key=lambda load: (-load.hours_week, load.volunteer.reference))


def matches_of(organisation_ids: set[int]) -> QuerySet[Match]:
    return Match.objects.filter(volunteer__organisation_id__in=organisation_ids).select_related(
        "volunteer", "household", "household__location"
    )


def training_hours(volunteer: Volunteer) -> Decimal:
    return volunteer.trainings.aggregate(s=Sum("hours"))["s"] or Decimal(0)


def volunteer_hours(volunteer: Volunteer) -> Decimal:
    return volunteer.hours.aggregate(s=Sum("hours"))["s"] or Decimal(0)


def own_matches(volunteer: Volunteer) -> list[dict[str, Any]]:
    """What the volunteer may know of each household: its reference, the head's first
    name only where the family agreed, languages and the meeting place. Never protection
    notes, needs or contact details."""
    out = []
    for match in volunteer.matches.filter(status__in=ACTIVE_MATCH_STATUSES).select_related(
        "household"
    ):
        if match.status != MatchStatus.INTRODUCED:
            continue
        head = head_of(match.household) if match.share_first_name else None
        out.append(
            {
                "reference": match.household.reference,
                "first_name": head.given_name if head else "",
                "languages": labels("languages", match.household.languages),
                "meeting_place": match.meeting_place,
                "since": match.introduced_at,
            }
        )
    return out
