"""Writes for mutual-support groups: create and invite, answer, sessions, attendance,
the members-only notice board. Each write checks its actor, validates, and leaves one
audit row in its transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.accounts.models import Organisation
from welcomehub.community.models import (
    Attendance,
    GroupMember,
    GroupNotice,
    GroupSession,
    MembershipStatus,
    SupportGroup,
)
from welcomehub.community.rules import can_manage, programme_organisations
from welcomehub.community.selectors import places_taken
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.people.models import Person
from welcomehub.people.selectors import consent_is_active
from welcomehub.programmes.models import Place, Programme

MATCHING = "matching"


def _require_manager(actor: Any, organisation_id: int) -> None:
    if not can_manage(actor, organisation_id):
        raise ValidationError(_("You do not run community work for this organisation."))


def _check_invitee(group: SupportGroup, person: Person) -> None:
    household = person.household
    if (
        household.organisation_id != group.organisation_id
        or household.programme_id != group.programme_id
    ):
        raise ValidationError(
            _("Only people of this organisation's caseload in the programme can be invited.")
        )
    if not consent_is_active(person=person, purpose=MATCHING):
        raise ValidationError(_("This person has not consented to matching."))


@transaction.atomic
def group_create(
    *,
    actor: Any,
    organisation: Organisation,
    programme: Programme,
    name: str,
    theme: str,
    language: str = "",
    place: Place | None = None,
    min_size: int = 4,
    max_size: int = 10,
    person_ids: Iterable[int] = (),
    channel: str = AuditChannel.WEB,
) -> SupportGroup:
    """A group and its invitations, usually from a proposal the coordinator reviewed."""
    _require_manager(actor, organisation.pk)
    if organisation.pk not in programme_organisations(programme):
        raise ValidationError(_("The organisation does not take part in this programme."))
    group = SupportGroup(
        organisation=organisation,
        programme=programme,
        name=name.strip(),
        theme=theme,
        language=language,
        place=place,
        min_size=min_size,
        max_size=max_size,
    )
    group.full_clean()
    if not 2 <= min_size <= max_size:
        raise ValidationError({"max_size": _("The sizes must be at least 2, minimum first.")})
    ids = list(dict.fromkeys(person_ids))
    if len(ids) > max_size:
        raise ValidationError(_("More people than the group's maximum size."))
    group.save()
    persons = {p.pk: p for p in Person.objects.select_related("household").filter(pk__in=ids)}
    if len(persons) != len(ids):
        raise ValidationError(_("Someone proposed is no longer on record."))
    for person_id in ids:
        _check_invitee(group, persons[person_id])
        GroupMember.objects.create(group=group, person=persons[person_id])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=group,
        organisation_id=organisation.pk,
        channel=channel,
        detail={"invited": len(ids)},
    )
    return group


@transaction.atomic
def member_invite(*, actor: Any, group: SupportGroup, person: Person) -> GroupMember:
    """Invite one more person to an existing group: the same caseload, consent and size
    rules as a group created from a proposal; the person answers from the portal."""
    _require_manager(actor, group.organisation_id)
    group = SupportGroup.objects.select_for_update().get(pk=group.pk)  # one place at a time
    if group.closed_at is not None:
        raise ValidationError(_("The group is closed."))
    _check_invitee(group, person)
    if places_taken(group) >= group.max_size:
        raise ValidationError(_("The group is full."))
    member, created = GroupMember.objects.get_or_create(group=group, person=person)
    if not created and member.status in (MembershipStatus.INVITED, MembershipStatus.JOINED):
        raise ValidationError(_("This person is already invited."))
    member.status = MembershipStatus.INVITED
    member.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=member, organisation_id=group.organisation_id
    )
    return member


@transaction.atomic
def member_respond(*, actor: Any, member: GroupMember, join: bool) -> GroupMember:
    """The invited person answers (from the portal, or staff record the answer); a
    member may leave at any time."""
    own = getattr(actor, "is_authenticated", False) and (
        member.person.household.members.filter(user_id=actor.pk).exists()
    )
    if not own:
        _require_manager(actor, member.group.organisation_id)
    if join and member.status not in (MembershipStatus.INVITED, MembershipStatus.DECLINED):
        raise ValidationError(_("Only an invitation can be accepted."))
    if join and not consent_is_active(person=member.person, purpose=MATCHING):
        raise ValidationError(_("This person has not consented to matching."))
    member.status = (
        MembershipStatus.JOINED
        if join
        else (
            MembershipStatus.LEFT
            if member.status == MembershipStatus.JOINED
            else MembershipStatus.DECLINED
        )
    )
    member.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=member,
        organisation_id=member.group.organisation_id,
        detail={"status": member.status},
    )
    return member


@transaction.atomic
def session_create(
    *, actor: Any, group: SupportGroup, starts_at: datetime.datetime, venue: str, facilitator: str
) -> GroupSession:
    _require_manager(actor, group.organisation_id)
    session = GroupSession(
        group=group, starts_at=starts_at, venue=venue.strip(), facilitator=facilitator.strip()
    )
    session.full_clean()
    session.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=session, organisation_id=group.organisation_id
    )
    return session


@transaction.atomic
def attendance_record(
    *, actor: Any, session: GroupSession, present_member_ids: Iterable[int]
) -> int:
    """Attendance of the group's joined members at one session; returns how many came."""
    group = session.group
    _require_manager(actor, group.organisation_id)
    if session.starts_at > timezone.now():
        raise ValidationError(_("Attendance is recorded after the session has started."))
    joined = {m.pk: m for m in group.members.filter(status=MembershipStatus.JOINED)}
    present = set(present_member_ids)
    unknown = present - set(joined)
    if unknown:
        raise ValidationError(_("Only joined members can be marked present."))
    for member_id, member in joined.items():
        Attendance.objects.update_or_create(
            session=session, member=member, defaults={"present": member_id in present}
        )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=session,
        organisation_id=group.organisation_id,
        detail={"present": len(present)},
    )
    return len(present)


def is_joined(user: Any, group: SupportGroup) -> bool:
    return group.members.filter(
        status=MembershipStatus.JOINED, person__household__members__user_id=user.pk
    ).exists()


@transaction.atomic
def notice_post(*, actor: Any, group: SupportGroup, text: str) -> GroupNotice:
    """A message on the group's board: by its managers or by a joined member."""
    by_staff = can_manage(actor, group.organisation_id)
    if not by_staff and not (getattr(actor, "is_authenticated", False) and is_joined(actor, group)):
        raise ValidationError(_("Only the group's members and facilitators can write here."))
    if group.closed_at is not None:
        raise ValidationError(_("The group is closed."))
    notice = GroupNotice(group=group, author=actor, by_staff=by_staff, text=text.strip())
    notice.full_clean()
    notice.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=notice, organisation_id=group.organisation_id
    )
    return notice


@transaction.atomic
def group_close(*, actor: Any, group: SupportGroup) -> SupportGroup:
    """A group that has ended: its board takes no more messages, its members are no
    longer busy for new proposals, and it leaves the members' portal."""
    _require_manager(actor, group.organisation_id)
    if group.closed_at is not None:
        raise ValidationError(_("The group is closed."))
    group.closed_at = timezone.now()
    group.save(update_fields=["closed_at", "updated_at"])
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=group, organisation_id=group.organisation_id
    )
    return group
