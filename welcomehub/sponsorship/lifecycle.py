"""Writes of a sponsorship's life: approval of a match, introduction, the settlement
plan and its sign-off, monitoring check-ins, and escalation to the safety net."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.accounts.permissions import has_any, has_perm
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.people.models import Household
from welcomehub.people.selectors import consent_is_active, head_of
from welcomehub.sponsorship import selectors
from welcomehub.sponsorship.models import (
    CheckIn,
    Continuity,
    Decision,
    Escalation,
    Flag,
    NamedRequest,
    PlanArea,
    PlanItem,
    SponsorGroup,
    Sponsorship,
    SponsorshipStatus,
)
from welcomehub.sponsorship.rules import checkin_due_dates, may_sponsor
from welcomehub.sponsorship.services import MANAGE, OWN, require_manage


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _audit(actor: Any, action: str, obj: Any, org_id: int, channel: str, **detail: Any) -> None:
    audit_record(
        actor=actor, action=action, obj=obj, organisation_id=org_id, channel=channel, detail=detail
    )


def matching_consent(household: Household) -> bool:
    """The head of household agreed to matching (DESIGN §6: no match without it)."""
    head = head_of(household)
    return head is not None and consent_is_active(person=head, purpose="matching")


def _check_match(
    group: SponsorGroup, household: Household, named_request: NamedRequest | None
) -> None:
    if household.programme_id != group.programme_id:
        raise ValidationError(_("The household and the group belong to different programmes."))
    if not may_sponsor(
        household_org=household.organisation_id,
        group_org=group.organisation_id,
        programme_lead=group.programme.lead_id,
    ):
        raise ValidationError(_("The household is not in the caseload of the group's overseer."))
    if not matching_consent(household):
        raise ValidationError(_("The household has not agreed to be matched (consent: matching)."))
    ready = selectors.readiness(group, on=timezone.localdate())
    if not ready.ready:
        raise ValidationError(
            _("Every member must be checked and trained before the group is matched.")
        )
    if selectors.live_count(group) >= group.households_capacity:
        raise ValidationError(_("The group already sponsors as many households as it can."))
    if household.members.count() > group.housing_persons:
        raise ValidationError(_("The group's housing is too small for this household."))
    if Sponsorship.objects.filter(household=household, status__in=selectors.ACTIVE).exists():
        raise ValidationError(_("This household already has a sponsor group."))
    if group.model == "named":
        if named_request is None or named_request.group_id != group.pk:
            raise ValidationError(_("A named sponsorship needs the group's approved request."))
        if named_request.status != Decision.APPROVED:
            raise ValidationError(_("The programme has not approved this named request."))


@transaction.atomic
def sponsorship_approve(
    *,
    actor: Any,
    group: SponsorGroup,
    household: Household,
    score: float = 0.0,
    reasons: Sequence[Sequence[str]] = (),
    named_request: NamedRequest | None = None,
    channel: str = AuditChannel.WEB,
) -> Sponsorship:
    """The coordinator approves a match of a household with a group."""
    require_manage(actor, group.organisation_id)
    SponsorGroup.objects.select_for_update().filter(pk=group.pk).first()
    _check_match(group, household, named_request)
    sponsorship = Sponsorship(
        group=group,
        household=household,
        named_request=named_request,
        status=SponsorshipStatus.APPROVED,
        score=score,
        reasons=list(reasons),
        approved_by=_user(actor),
    )
    sponsorship.full_clean()
    sponsorship.save()
    _audit(
        actor,
        AuditAction.CREATE,
        sponsorship,
        group.organisation_id,
        channel,
        group=group.pk,
        household=household.reference,
    )
    return sponsorship


@transaction.atomic
def sponsorship_introduce(
    *,
    actor: Any,
    sponsorship: Sponsorship,
    introduced_on: datetime.date,
    arrival_date: datetime.date | None = None,
    channel: str = AuditChannel.WEB,
) -> Sponsorship:
    """The group and the family are introduced; the four check-ins are scheduled from
    the arrival date."""
    require_manage(actor, sponsorship.group.organisation_id)
    if sponsorship.status != SponsorshipStatus.APPROVED:
        raise ValidationError(_("Only an approved match can be introduced."))
    arrival = arrival_date or sponsorship.household.arrival_date
    if arrival is None:
        raise ValidationError({"arrival_date": _("Give the household's arrival date.")})
    if introduced_on > timezone.localdate():
        raise ValidationError({"introduced_on": _("The introduction cannot be in the future.")})
    sponsorship.status = SponsorshipStatus.INTRODUCED
    sponsorship.introduced_on = introduced_on
    sponsorship.arrival_date = arrival
    sponsorship.full_clean()
    sponsorship.save()
    CheckIn.objects.bulk_create(
        CheckIn(sponsorship=sponsorship, day=day, due_on=due)
        for day, due in checkin_due_dates(arrival).items()
    )
    _audit(
        actor,
        AuditAction.UPDATE,
        sponsorship,
        sponsorship.group.organisation_id,
        channel,
        status=sponsorship.status,
    )
    return sponsorship


def _live(sponsorship: Sponsorship) -> None:
    if sponsorship.status not in selectors.ACTIVE:
        raise ValidationError(_("This sponsorship is no longer running."))


@transaction.atomic
def plan_item_set(
    *,
    actor: Any,
    sponsorship: Sponsorship,
    area: str,
    responsible: str,
    actions: str,
    monthly_amount: Decimal | int = 0,
    months: int = 0,
    channel: str = AuditChannel.WEB,
) -> PlanItem:
    """Write one area of the settlement plan; a change reopens a signed-off plan."""
    require_manage(actor, sponsorship.group.organisation_id)
    _live(sponsorship)
    if Decimal(monthly_amount) < 0 or months < 0:
        raise ValidationError({"monthly_amount": _("Amounts and months cannot be negative.")})
    if Decimal(monthly_amount) > 0 and months == 0:
        raise ValidationError({"months": _("Say for how many months the amount is paid.")})
    item = PlanItem.objects.filter(sponsorship=sponsorship, area=area).first() or PlanItem(
        sponsorship=sponsorship, area=area
    )
    created = item.pk is None
    item.responsible = responsible.strip()
    item.actions = actions.strip()
    item.monthly_amount = Decimal(monthly_amount)
    item.months = months
    item.full_clean()
    item.save()
    if sponsorship.plan_signed_off_at is not None:
        sponsorship.plan_signed_off_at = None
        sponsorship.plan_signed_off_by = None
        sponsorship.save(update_fields=["plan_signed_off_at", "plan_signed_off_by", "updated_at"])
    _audit(
        actor,
        AuditAction.CREATE if created else AuditAction.UPDATE,
        item,
        sponsorship.group.organisation_id,
        channel,
        area=area,
    )
    return item


@transaction.atomic
def plan_sign_off(
    *, actor: Any, sponsorship: Sponsorship, channel: str = AuditChannel.WEB
) -> Sponsorship:
    """The programme agrees the plan: every area covered, and the group's funds cover
    what this plan and its other live plans commit."""
    require_manage(actor, sponsorship.group.organisation_id)
    _live(sponsorship)
    covered = set(sponsorship.plan.values_list("area", flat=True))
    missing = [str(label) for code, label in PlanArea.choices if code not in covered]
    if missing:
        raise ValidationError(_("The plan does not cover: %s") % ", ".join(missing))
    funds = selectors.funds(sponsorship.group, excluding=sponsorship)
    total = selectors.plan_total(sponsorship)
    if funds.committed + total > funds.available:
        raise ValidationError(
            _("The plan commits %(total)s but the group has %(left)s left.")
            % {"total": total, "left": funds.remaining}
        )
    sponsorship.plan_signed_off_at = timezone.now()
    sponsorship.plan_signed_off_by = _user(actor)
    sponsorship.save(update_fields=["plan_signed_off_at", "plan_signed_off_by", "updated_at"])
    _audit(
        actor,
        AuditAction.UPDATE,
        sponsorship,
        sponsorship.group.organisation_id,
        channel,
        plan="signed_off",
        committed=str(total),
    )
    return sponsorship


def _may_check_in(actor: Any, sponsorship: Sponsorship) -> bool:
    if actor is None or has_perm(actor, MANAGE, sponsorship.group.organisation_id):
        return True
    return has_any(actor, OWN) and sponsorship.group.members.filter(user=actor).exists()


@transaction.atomic
def checkin_record(
    *,
    actor: Any,
    checkin: CheckIn,
    done_on: datetime.date,
    notes: str = "",
    flags: Sequence[str] = (),
    channel: str = AuditChannel.WEB,
) -> CheckIn:
    """A monitoring check-in held, with notes and flags (staff, or a member of the group)."""
    sponsorship = checkin.sponsorship
    if not _may_check_in(actor, sponsorship):
        raise PermissionDenied
    if sponsorship.status != SponsorshipStatus.INTRODUCED:
        raise ValidationError(_("Check-ins are recorded for running sponsorships only."))
    if checkin.done_on is not None:
        raise ValidationError(_("This check-in is already recorded."))
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("A check-in cannot be dated in the future.")})
    if sponsorship.arrival_date and done_on < sponsorship.arrival_date:
        raise ValidationError({"done_on": _("A check-in cannot precede the arrival.")})
    unknown = sorted(set(flags) - set(Flag.values))
    if unknown:
        raise ValidationError({"flags": _("Unknown flags: %s") % ", ".join(unknown)})
    checkin.done_on = done_on
    checkin.notes = notes.strip()
    checkin.flags = sorted(set(flags))
    checkin.recorded_by = _user(actor)
    checkin.full_clean()
    checkin.save()
    _audit(
        actor,
        AuditAction.UPDATE,
        checkin,
        sponsorship.group.organisation_id,
        channel,
        day=checkin.day,
        flags=checkin.flags,
    )
    return checkin


@dataclass(frozen=True)
class Handover:
    area: str
    taken_over_by: str
    starts_on: datetime.date


@transaction.atomic
def sponsorship_escalate(
    *,
    actor: Any,
    sponsorship: Sponsorship,
    reason: str,
    occurred_on: datetime.date,
    safety_net: str,
    handovers: Sequence[Handover],
    details: str = "",
    channel: str = AuditChannel.WEB,
) -> Escalation:
    """A sponsorship broke down: the programme's safety net takes over. Every area of the
    plan is handed to someone from the breakdown date at the latest, so support has no gap."""
    require_manage(actor, sponsorship.group.organisation_id)
    if sponsorship.status != SponsorshipStatus.INTRODUCED:
        raise ValidationError(_("Only a running sponsorship can be escalated."))
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("The breakdown cannot be in the future.")})
    if not safety_net.strip():
        raise ValidationError({"safety_net": _("Say what the safety net provides.")})
    handed = {h.area for h in handovers if h.taken_over_by.strip()}
    uncovered = [label for code, label in selectors.plan_areas(sponsorship) if code not in handed]
    if uncovered:
        raise ValidationError({"handovers": _("Nobody takes over: %s") % ", ".join(uncovered)})
    late = [h for h in handovers if h.starts_on > occurred_on]
    if late:
        raise ValidationError(
            {"handovers": _("Support must continue from the breakdown date, without a gap.")}
        )
    escalation = Escalation(
        sponsorship=sponsorship,
        reason=reason,
        details=details.strip(),
        occurred_on=occurred_on,
        safety_net=safety_net.strip(),
        recorded_by=_user(actor),
    )
    escalation.full_clean()
    escalation.save()
    for handover in handovers:
        if not handover.taken_over_by.strip():
            continue
        row = Continuity(
            escalation=escalation,
            area=handover.area,
            taken_over_by=handover.taken_over_by.strip(),
            starts_on=handover.starts_on,
        )
        row.full_clean()
        row.save()
    sponsorship.status = SponsorshipStatus.BROKEN_DOWN
    sponsorship.save(update_fields=["status", "updated_at"])
    _audit(
        actor,
        AuditAction.CREATE,
        escalation,
        sponsorship.group.organisation_id,
        channel,
        reason=reason,
        sponsorship=sponsorship.pk,
    )
    return escalation
