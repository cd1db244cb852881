"""Writes of sponsor groups, their members' checks and training, and named sponsorship.

Each service is keyword-only, atomic, validates with full_clean() and leaves one audit
row. Staff callers need sponsorship.manage in the organisation overseeing the group; an
actor of None is the system (demo, commands).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.accounts.models import Organisation
from welcomehub.accounts.permissions import has_any, has_perm
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.programmes.models import Place, Programme
from welcomehub.sponsorship.models import (
    CheckKind,
    Decision,
    GroupMember,
    MemberCheck,
    MemberTraining,
    NamedRequest,
    SponsorGroup,
)

MANAGE = "sponsorship.manage"
OWN = "own_sponsorship.view"


def require_manage(actor: Any, organisation_id: int) -> None:
    if actor is None:
        return
    if not has_perm(actor, MANAGE, organisation_id):
        raise PermissionDenied


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _audit(actor: Any, action: str, obj: Any, org_id: int, channel: str, **detail: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        organisation_id=org_id,
        channel=channel,
        detail=detail,
    )


@transaction.atomic
def group_create(
    *,
    actor: Any,
    programme: Programme,
    organisation: Organisation,
    name: str,
    kind: str,
    model: str,
    place: Place,
    housing_persons: int,
    households_capacity: int = 1,
    languages: list[str] | None = None,
    supports: list[str] | None = None,
    funds_available: Decimal | int = 0,
    channel: str = AuditChannel.WEB,
) -> SponsorGroup:
    """A sponsor group under one of the three models, overseen by a programme partner."""
    require_manage(actor, organisation.pk)
    partners = {programme.lead_id, *programme.partners.values_list("organisation_id", flat=True)}
    if organisation.pk not in partners:
        raise ValidationError(
            {"organisation": _("The overseeing organisation must be a partner of the programme.")}
        )
    if not programme.places.filter(pk=place.pk).exists():
        raise ValidationError({"place": _("Choose a place the programme serves.")})
    if households_capacity < 1:
        raise ValidationError(
            {"households_capacity": _("A group sponsors at least one household.")}
        )
    if Decimal(funds_available) < 0:
        raise ValidationError({"funds_available": _("Funds cannot be negative.")})
    group = SponsorGroup(
        programme=programme,
        organisation=organisation,
        name=name.strip(),
        kind=kind,
        model=model,
        place=place,
        housing_persons=housing_persons,
        households_capacity=households_capacity,
        languages=list(languages or []),
        supports=list(supports or []),
        funds_available=Decimal(funds_available),
        created_by=_user(actor),
    )
    group.full_clean()
    group.save()
    _audit(actor, AuditAction.CREATE, group, organisation.pk, channel, model=model, kind=kind)
    return group


@transaction.atomic
def group_funds_set(
    *, actor: Any, group: SponsorGroup, funds_available: Decimal, channel: str = AuditChannel.WEB
) -> SponsorGroup:
    require_manage(actor, group.organisation_id)
    if funds_available < 0:
        raise ValidationError({"funds_available": _("Funds cannot be negative.")})
    group.funds_available = funds_available
    group.full_clean()
    group.save(update_fields=["funds_available", "updated_at"])
    _audit(actor, AuditAction.UPDATE, group, group.organisation_id, channel, fields=["funds"])
    return group


@transaction.atomic
def member_add(
    *,
    actor: Any,
    group: SponsorGroup,
    name: str,
    contact: str = "",
    channel: str = AuditChannel.WEB,
) -> GroupMember:
    require_manage(actor, group.organisation_id)
    if not name.strip():
        raise ValidationError({"name": _("Give the member's name.")})
    member = GroupMember(group=group, name=name.strip(), contact=contact.strip())
    member.full_clean()
    member.save()
    _audit(actor, AuditAction.CREATE, member, group.organisation_id, channel, group=group.pk)
    return member


@transaction.atomic
def member_link_user(
    *, actor: Any, member: GroupMember, user: Any, channel: str = AuditChannel.WEB
) -> GroupMember:
    """Give a member's sponsor account sight of the group (it must hold the sponsor role)."""
    require_manage(actor, member.group.organisation_id)
    if not has_any(user, OWN):
        raise ValidationError({"user": _("This account does not have the sponsor role.")})
    if GroupMember.objects.filter(group=member.group, user=user).exclude(pk=member.pk).exists():
        raise ValidationError({"user": _("This account is already linked to another member.")})
    member.user = user
    member.save(update_fields=["user", "updated_at"])
    _audit(
        actor, AuditAction.UPDATE, member, member.group.organisation_id, channel, fields=["user"]
    )
    return member


@transaction.atomic
def check_record(
    *,
    actor: Any,
    member: GroupMember,
    kind: str,
    checked_on: datetime.date,
    expires_on: datetime.date | None = None,
    issued_by: str = "",
    reference: str = "",
    channel: str = AuditChannel.WEB,
) -> MemberCheck:
    """An identity or police/safeguarding check; police checks expire."""
    require_manage(actor, member.group.organisation_id)
    today = timezone.localdate()
    if checked_on > today:
        raise ValidationError({"checked_on": _("A check cannot be dated in the future.")})
    if kind == CheckKind.POLICE and expires_on is None:
        raise ValidationError({"expires_on": _("A police check has an expiry date.")})
    if expires_on is not None and expires_on <= checked_on:
        raise ValidationError({"expires_on": _("The expiry date must follow the check.")})
    check = MemberCheck(
        member=member,
        kind=kind,
        checked_on=checked_on,
        expires_on=expires_on,
        issued_by=issued_by.strip(),
        reference=reference.strip(),
        verified_by=_user(actor),
    )
    check.full_clean()
    check.save()
    _audit(actor, AuditAction.CREATE, check, member.group.organisation_id, channel, kind=kind)
    return check


@transaction.atomic
def training_record(
    *,
    actor: Any,
    member: GroupMember,
    module: str,
    completed_on: datetime.date,
    hours: Decimal | int = 0,
    channel: str = AuditChannel.WEB,
) -> MemberTraining:
    require_manage(actor, member.group.organisation_id)
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("Training cannot be dated in the future.")})
    if Decimal(hours) < 0:
        raise ValidationError({"hours": _("Hours cannot be negative.")})
    training = MemberTraining(
        member=member, module=module, completed_on=completed_on, hours=Decimal(hours)
    )
    training.full_clean()
    training.save()
    _audit(
        actor, AuditAction.CREATE, training, member.group.organisation_id, channel, module=module
    )
    return training


def _may_submit(actor: Any, group: SponsorGroup) -> bool:
    if actor is None or has_perm(actor, MANAGE, group.organisation_id):
        return True
    return has_any(actor, OWN) and group.members.filter(user=actor).exists()


@transaction.atomic
def named_request_submit(
    *,
    actor: Any,
    group: SponsorGroup,
    names: str,
    relationship: str,
    current_location: str,
    persons: int,
    case_number: str = "",
    channel: str = AuditChannel.WEB,
) -> NamedRequest:
    """The group names the refugees it wants to sponsor (a member or the programme)."""
    if not _may_submit(actor, group):
        raise PermissionDenied
    if group.model != "named":
        raise ValidationError(_("Only a group under the named sponsorship model names refugees."))
    if persons < 1:
        raise ValidationError({"persons": _("Name at least one person.")})
    request = NamedRequest(
        group=group,
        names=names.strip(),
        case_number=case_number.strip(),
        relationship=relationship.strip(),
        current_location=current_location.strip(),
        persons=persons,
    )
    request.full_clean()
    request.save()
    _audit(actor, AuditAction.CREATE, request, group.organisation_id, channel, group=group.pk)
    return request


@transaction.atomic
def named_request_decide(
    *,
    actor: Any,
    request: NamedRequest,
    additional: bool,
    protection_need: bool,
    approve: bool,
    reasons: str,
    channel: str = AuditChannel.WEB,
) -> NamedRequest:
    """The programme's decision, with its reasons. Approval needs both of UNHCR's checks:
    the place is additional to government resettlement, and the people need protection."""
    require_manage(actor, request.group.organisation_id)
    request = NamedRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != Decision.PENDING:
        raise ValidationError(_("This request was already decided."))
    if not reasons.strip():
        raise ValidationError({"reasons": _("Give the reasons for the decision.")})
    if approve and not additional:
        raise ValidationError(
            {
                "additional": _(
                    "A named sponsorship must add to government places, not replace them."
                )
            }
        )
    if approve and not protection_need:
        raise ValidationError(
            {"protection_need": _("A named sponsorship is for people with a protection need.")}
        )
    request.additional = additional
    request.protection_need = protection_need
    request.status = Decision.APPROVED if approve else Decision.REFUSED
    request.reasons = reasons.strip()
    request.decided_by = _user(actor)
    request.decided_at = timezone.now()
    request.full_clean()
    request.save()
    _audit(
        actor,
        AuditAction.UPDATE,
        request,
        request.group.organisation_id,
        channel,
        decision=request.status,
        additional=additional,
        protection_need=protection_need,
    )
    return request
