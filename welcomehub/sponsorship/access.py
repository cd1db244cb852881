"""Access gates of sponsorship (DESIGN §3 rule 3): one condition per line; a missing and
a forbidden record both raise Http404. Staff hold sponsorship.manage in the organisation
overseeing the group; a sponsor holds own_sponsorship.view and is a member of the group.
Every successful fetch of a record with personal data leaves an audit row."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from welcomehub.accounts.permissions import has_any, has_perm
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.people.models import Household
from welcomehub.programmes.models import Programme
from welcomehub.sponsorship.models import (
    CheckIn,
    GroupMember,
    NamedRequest,
    SponsorGroup,
    Sponsorship,
)
from welcomehub.sponsorship.rules import may_sponsor

MANAGE = "sponsorship.manage"
OWN = "own_sponsorship.view"


def _manages(user: Any, organisation_id: int) -> bool:
    return bool(user.is_authenticated) and has_perm(user, MANAGE, organisation_id)


def _member_of(user: Any, group_id: int) -> bool:
    if not user.is_authenticated:
        return False
    if not has_any(user, OWN):
        return False
    return GroupMember.objects.filter(group_id=group_id, user=user).exists()


def _seen(user: Any, obj: Any, organisation_id: int, channel: str) -> None:
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=obj,
        organisation_id=organisation_id,
        channel=channel,
    )


def access_group(
    *, user: Any, group_id: int, own: bool = False, channel: str = AuditChannel.WEB
) -> SponsorGroup:
    """A group its overseers may open; with `own`, also its members' sponsor accounts."""
    group = (
        SponsorGroup.objects.select_related("programme", "place", "organisation")
        .filter(pk=group_id)
        .first()
    )
    if group is None:
        raise Http404
    if not (_manages(user, group.organisation_id) or (own and _member_of(user, group.pk))):
        raise Http404
    _seen(user, group, group.organisation_id, channel)
    return group


def access_member(*, user: Any, member_id: int, channel: str = AuditChannel.WEB) -> GroupMember:
    member = GroupMember.objects.select_related("group", "user").filter(pk=member_id).first()
    if member is None:
        raise Http404
    if not _manages(user, member.group.organisation_id):
        raise Http404
    _seen(user, member, member.group.organisation_id, channel)
    return member


def access_named_request(
    *, user: Any, named_request_id: int, channel: str = AuditChannel.WEB
) -> NamedRequest:
    request = NamedRequest.objects.select_related("group").filter(pk=named_request_id).first()
    if request is None:
        raise Http404
    if not _manages(user, request.group.organisation_id):
        raise Http404
    _seen(user, request, request.group.organisation_id, channel)
    return request


def access_sponsorship(
    *, user: Any, sponsorship_id: int, own: bool = False, channel: str = AuditChannel.WEB
) -> Sponsorship:
    sponsorship = (
        Sponsorship.objects.select_related("group__organisation", "household__location")
        .filter(pk=sponsorship_id)
        .first()
    )
    if sponsorship is None:
        raise Http404
    org_id = sponsorship.group.organisation_id
    if not (_manages(user, org_id) or (own and _member_of(user, sponsorship.group_id))):
        raise Http404
    _seen(user, sponsorship, org_id, channel)
    return sponsorship


def access_checkin(*, user: Any, checkin_id: int, channel: str = AuditChannel.WEB) -> CheckIn:
    """A check-in its group's overseers or members may record."""
    checkin = CheckIn.objects.select_related("sponsorship__group").filter(pk=checkin_id).first()
    if checkin is None:
        raise Http404
    group = checkin.sponsorship.group
    if not (_manages(user, group.organisation_id) or _member_of(user, group.pk)):
        raise Http404
    _seen(user, checkin, group.organisation_id, channel)
    return checkin


def access_programme(*, user: Any, programme_id: int) -> Programme:
    """A programme in whose lead or partner organisation the user holds sponsorship.manage."""
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        raise Http404
    partners = {programme.lead_id, *programme.partners.values_list("organisation_id", flat=True)}
    if not any(_manages(user, org_id) for org_id in partners):
        raise Http404
    return programme


def access_household_for(
    *, user: Any, group: SponsorGroup, reference: str, channel: str = AuditChannel.WEB
) -> Household:
    """A household the group may sponsor (rules.may_sponsor; the user was already let
    into the group); its reference is all the coordinator needs to match it."""
    household = Household.objects.filter(reference=reference, programme=group.programme).first()
    if household is None:
        raise Http404
    if not may_sponsor(
        household_org=household.organisation_id,
        group_org=group.organisation_id,
        programme_lead=group.programme.lead_id,
    ):
        raise Http404
    if not _manages(user, group.organisation_id):
        raise Http404
    _seen(user, household, group.organisation_id, channel)
    return household
