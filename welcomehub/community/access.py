"""Access gates: a missing and a forbidden record give the same 404 (DESIGN §3 rule 3).
Fetches of records about people leave an audit row."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from welcomehub.accounts.permissions import has_any, organisations_with
from welcomehub.community.models import (
    CommunityEvent,
    EventRegistration,
    GroupMember,
    GroupSession,
    MembershipStatus,
    SupportGroup,
    Visibility,
)
from welcomehub.community.rules import MANAGE, OWN, can_manage
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction
from welcomehub.people.access import access_own_household
from welcomehub.people.models import Household, Person


def managed_organisations(user: Any) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return organisations_with(user, MANAGE)


def _audit(user: Any, obj: Any, organisation_id: int) -> None:
    audit_record(actor=user, action=AuditAction.VIEW, obj=obj, organisation_id=organisation_id)


def access_group(*, user: Any, group_id: int) -> SupportGroup:
    group = (
        SupportGroup.objects.select_related("programme", "organisation", "place")
        .filter(pk=group_id)
        .first()
    )
    if group is None:
        raise Http404
    if not can_manage(user, group.organisation_id):
        raise Http404
    _audit(user, group, group.organisation_id)
    return group


def access_invitee(*, user: Any, group: SupportGroup, person_id: int) -> Person:
    """Someone of the group's caseload (its organisation, its programme) the group's
    manager may invite; anyone else is missing."""
    person = Person.objects.select_related("household").filter(pk=person_id).first()
    if person is None:
        raise Http404
    if person.household.organisation_id != group.organisation_id:
        raise Http404
    if person.household.programme_id != group.programme_id:
        raise Http404
    if not can_manage(user, group.organisation_id):
        raise Http404
    _audit(user, person, group.organisation_id)
    return person


def access_session(*, user: Any, session_id: int) -> GroupSession:
    session = GroupSession.objects.select_related("group").filter(pk=session_id).first()
    if session is None:
        raise Http404
    if not can_manage(user, session.group.organisation_id):
        raise Http404
    return session


def access_event(*, user: Any, event_id: int) -> CommunityEvent:
    event = CommunityEvent.objects.select_related("programme", "place").filter(pk=event_id).first()
    if event is None:
        raise Http404
    if not can_manage(user, event.organisation_id):
        raise Http404
    _audit(user, event, event.organisation_id)
    return event


def access_registration(*, user: Any, registration_id: int) -> EventRegistration:
    registration = (
        EventRegistration.objects.select_related("event", "household")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        raise Http404
    if not can_manage(user, registration.event.organisation_id):
        raise Http404
    _audit(user, registration, registration.event.organisation_id)
    return registration


def public_event(event_id: int) -> CommunityEvent:
    """An event of the public calendar: public and not cancelled."""
    event = (
        CommunityEvent.objects.select_related("place")
        .filter(pk=event_id, visibility=Visibility.PUBLIC, cancelled_at=None)
        .first()
    )
    if event is None:
        raise Http404
    return event


def own_household(user: Any) -> Household:
    if not getattr(user, "is_authenticated", False) or not has_any(user, OWN):
        raise Http404
    return access_own_household(user=user)


def access_own_member(*, user: Any, member_id: int) -> GroupMember:
    """An invitation or membership of someone in the refugee's own household."""
    household = own_household(user)
    member = (
        GroupMember.objects.select_related("group", "person__household")
        .filter(pk=member_id, person__household=household, group__closed_at=None)
        .first()
    )
    if member is None:
        raise Http404
    return member


def access_own_group(*, user: Any, group_id: int) -> SupportGroup:
    """A group in which someone of the refugee's household has joined."""
    household = own_household(user)
    group = (
        SupportGroup.objects.filter(
            pk=group_id,
            members__person__household=household,
            members__status=MembershipStatus.JOINED,
        )
        .distinct()
        .first()
    )
    if group is None:
        raise Http404
    return group


def access_own_event(*, user: Any, event_id: int) -> tuple[Household, CommunityEvent]:
    household = own_household(user)
    event = (
        CommunityEvent.objects.filter(pk=event_id, cancelled_at=None)
        .filter(programme_id=household.programme_id)
        .first()
    ) or CommunityEvent.objects.filter(
        pk=event_id, cancelled_at=None, visibility=Visibility.PUBLIC
    ).first()
    if event is None:
        raise Http404
    return household, event


def access_own_registration(*, user: Any, registration_id: int) -> EventRegistration:
    household = own_household(user)
    registration = (
        EventRegistration.objects.select_related("event", "household")
        .filter(pk=registration_id, household=household)
        .first()
    )
    if registration is None:
        raise Http404
    return registration
