"""Reads of sponsorship: groups a user oversees or belongs to, readiness, funds,
check-ins due, and suggestions of households for groups."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from welcomehub.accounts.permissions import is_platform_wide, organisations_with
from welcomehub.sponsorship.models import (
    MIN_INDIVIDUALS,
    REQUIRED_CHECKS,
    REQUIRED_TRAINING,
    CheckIn,
    CheckKind,
    GroupKind,
    GroupMember,
    MemberCheck,
    PlanArea,
    PlanItem,
    SponsorGroup,
    Sponsorship,
    SponsorshipStatus,
    TrainingModule,
)
from welcomehub.sponsorship.rules import CheckRecord, member_ready

MANAGE = "sponsorship.manage"
ACTIVE = (SponsorshipStatus.APPROVED, SponsorshipStatus.INTRODUCED)


def managed_groups(user: Any) -> QuerySet[SponsorGroup]:
    if not getattr(user, "is_authenticated", False):
        return SponsorGroup.objects.none()
    if is_platform_wide(user, MANAGE):
        return SponsorGroup.objects.all()
    return SponsorGroup.objects.filter(organisation_id__in=organisations_with(user, MANAGE))


def own_groups(user: Any) -> QuerySet[SponsorGroup]:
    """The groups the user is a member of through their sponsor account."""
    if not getattr(user, "is_authenticated", False):
        return SponsorGroup.objects.none()
    return SponsorGroup.objects.filter(members__user=user).distinct()


def with_members(groups: QuerySet[SponsorGroup]) -> QuerySet[SponsorGroup]:
    return groups.select_related("programme", "place", "organisation").prefetch_related(
        Prefetch(
            "members",
            queryset=GroupMember.objects.prefetch_related("checks", "trainings"),
        )
    )


@dataclass
class Readiness:
    members: dict[int, list[str]]  # member id → what they lack (labels)
    problems: list[str] = field(default_factory=list)  # group-level

    @property
    def ready(self) -> bool:
        return not self.problems and not any(self.members.values())


def readiness(group: SponsorGroup, *, on: datetime.date) -> Readiness:
    """Whether every member is checked and trained on the date, and the group is big
    enough; a group can be matched only when it is ready."""
    labels = {str(k): str(v) for k, v in [*CheckKind.choices, *TrainingModule.choices]}
    members = list(group.members.all())
    result = Readiness(members={})
    for member in members:
        lacking = member_ready(
            [CheckRecord(c.kind, c.expires_on) for c in member.checks.all()],
            [t.module for t in member.trainings.all()],
            required_checks=[str(k) for k in REQUIRED_CHECKS],
            required_training=[str(m) for m in REQUIRED_TRAINING],
            on=on,
        )
        result.members[member.pk] = [labels[code] for code in lacking]
    if not members:
        result.problems.append(_("The group has no members yet."))
    if group.kind == GroupKind.INDIVIDUALS and len(members) < MIN_INDIVIDUALS:
        result.problems.append(
            _("A group of individuals needs at least %(n)s members.") % {"n": MIN_INDIVIDUALS}
        )
    return result


@dataclass(frozen=True)
class Funds:
    available: Decimal
    committed: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.available - self.committed


def funds(group: SponsorGroup, *, excluding: Sponsorship | None = None) -> Funds:
    """The group's funds against what its live sponsorships' plans commit."""
    items = PlanItem.objects.filter(sponsorship__group=group, sponsorship__status__in=ACTIVE)
    if excluding is not None:
        items = items.exclude(sponsorship=excluding)
    committed = sum((item.monthly_amount * item.months for item in items), Decimal(0))
    return Funds(available=group.funds_available, committed=committed)


def plan_total(sponsorship: Sponsorship) -> Decimal:
    return sum((item.monthly_amount * item.months for item in sponsorship.plan.all()), Decimal(0))


def checkins_due(
    sponsorships: QuerySet[Sponsorship], *, today: datetime.date, within_days: int = 14
) -> list[CheckIn]:
    """Check-ins not yet done that are overdue or due within the coming days."""
    horizon = today + datetime.timedelta(days=within_days)
    return list(
        CheckIn.objects.filter(
            sponsorship__in=sponsorships,
            sponsorship__status=SponsorshipStatus.INTRODUCED,
            done_on__isnull=True,
            due_on__lte=horizon,
        ).select_related("sponsorship__group", "sponsorship__household")
    )


@dataclass(frozen=True)
class PastCheckIn:
    checkin: CheckIn
    notes: str | None  # None: written by the programme's staff, not shown to the group


def past_checkins(sponsorship: Sponsorship) -> list[PastCheckIn]:
    """The sponsorship's check-ins held, latest first, as its group may reread them: the
    notes its members wrote; notes the programme wrote stay with it (decision 0030)."""
    authors = set(sponsorship.group.members.exclude(user=None).values_list("user_id", flat=True))
    held = sponsorship.checkins.filter(done_on__isnull=False).order_by("-done_on", "-id")
    return [
        PastCheckIn(checkin, checkin.notes if checkin.recorded_by_id in authors else None)
        for checkin in held
    ]


def live_count(group: SponsorGroup) -> int:
    return group.sponsorships.filter(status__in=ACTIVE).count()


def committed_by_group(groups: QuerySet[SponsorGroup]) -> dict[int, Decimal]:
    rows = PlanItem.objects.filter(
        sponsorship__group__in=groups, sponsorship__status__in=ACTIVE
    ).values("sponsorship__group_id", "monthly_amount", "months")
    totals: dict[int, Decimal] = {}
    for row in rows:
        key = row["sponsorship__group_id"]
        totals[key] = totals.get(key, Decimal(0)) + row["monthly_amount"] * row["months"]
    return totals


def expiring_checks(
    groups: QuerySet[SponsorGroup], *, today: datetime.date, within_days: int = 60
) -> list[MemberCheck]:
    """Each member's latest police check that expires within the coming days or has
    expired, so the overseer renews it before the group stops being ready."""
    latest: dict[int, MemberCheck] = {}
    checks = MemberCheck.objects.filter(
        member__group__in=groups, kind=CheckKind.POLICE
    ).select_related("member__group")
    for check in checks.order_by("member_id", "expires_on"):
        latest[check.member_id] = check  # the one expiring last
    horizon = today + datetime.timedelta(days=within_days)
    found = [c for c in latest.values() if c.expires_on is not None and c.expires_on <= horizon]
    return sorted(found, key=lambda c: (c.expires_on or today, c.pk))


def plan_areas(sponsorship: Sponsorship) -> list[tuple[str, str]]:
    """The areas of support a sponsorship answers for, as (code, label): those of its
    settlement plan, or all of them when no plan was written. Escalation hands each one
    over; the closing review gives each one an outcome."""
    planned = set(sponsorship.plan.values_list("area", flat=True)) or set(PlanArea.values)
    return [(code, str(label)) for code, label in PlanArea.choices if code in planned]
