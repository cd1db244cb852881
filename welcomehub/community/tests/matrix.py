"""Community routes in the authorisation matrix (see welcomehub/tests/matrix_support.py).

Staff pages: community.manage (coordinator, volunteer coordinator) of the organisation
running the group or event; B's managers open their own (empty) lists. The portal: the
refugee's own household. The calendar: anyone."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from conftest import World
from welcomehub.community import events, services
from welcomehub.community.models import (
    Attendance,
    CommunityEvent,
    EventRegistration,
    GroupMember,
    GroupNotice,
    GroupSession,
    SupportGroup,
)
from welcomehub.community.tests.support import member_of, mother_with_toddler, public_event
from welcomehub.people import services as people
from welcomehub.tests.matrix_support import get_post, keys, rule

PUBLIC = frozenset(
    {
        "community:calendar",
        "community:calendar_ics",
        "community:public_event",
        "/api/community/calendar",
    }
)

MANAGERS_A = keys("a", "coordinator", "volunteer_coordinator")
MANAGERS_B = keys("b", "coordinator", "volunteer_coordinator")
REFUGEE_A = frozenset({"a:refugee"})
REFUGEES = keys("ab", "refugee")

PAGES = {
    "community:index": {"GET": rule(MANAGERS_A, MANAGERS_B)},
    "community:propose": {"GET": rule(MANAGERS_A, MANAGERS_B)},
    # an empty form sends a manager back to the proposals
    "community:group_create": {"POST": rule(MANAGERS_A | MANAGERS_B)},
    "community:group": {"GET": rule(MANAGERS_A)},
    "community:member_invite": {"POST": rule(MANAGERS_A)},
    "community:session_add": {"POST": rule(MANAGERS_A)},
    "community:group_close": {"POST": rule(MANAGERS_A)},
    "community:notice_add": {"POST": rule(MANAGERS_A)},
    "community:attendance": {"POST": rule(MANAGERS_A)},
    "community:event_create": get_post(rule(MANAGERS_A, MANAGERS_B)),
    "community:event": get_post(rule(MANAGERS_A)),
    "community:event_cancel": {"POST": rule(MANAGERS_A)},
    "community:registration_cancel": {"POST": rule(MANAGERS_A)},
    "community:figures": {"GET": rule(MANAGERS_A, MANAGERS_B)},
    "community:figures_xlsx": {"GET": rule(MANAGERS_A, MANAGERS_B)},
    "community:mine": {"GET": rule(REFUGEE_A, frozenset({"b:refugee"}))},
    "community:my_answer": {"POST": rule(REFUGEE_A)},
    "community:my_group": get_post(rule(REFUGEE_A)),
    # the programme's own event: both refugees' households are in the programme
    "community:my_event": get_post(rule(REFUGEES)),
    "community:my_registration_cancel": {"POST": rule(REFUGEE_A)},
}

API = {("GET", "/api/community/events"): rule(MANAGERS_A | MANAGERS_B)}


def build(world: World) -> dict[str, Any]:
    coordinator = world.users["coordinator"]
    mothers = [mother_with_toddler(world, name) for name in ("Matrixa", "Matrixb")]
    group = services.group_create(
        actor=coordinator,
        organisation=world.org_a,
        programme=world.programme,
        name="Matrix circle",
        theme="women_small_children",
        min_size=2,
        max_size=6,
        person_ids=[m.pk for m in mothers],
    )
    services.member_respond(actor=coordinator, member=member_of(group, mothers[0]), join=True)
    session = services.session_create(
        actor=coordinator,
        group=group,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        venue="Centre",
        facilitator="Facilitator",
    )
    services.notice_post(actor=coordinator, group=group, text="Welcome")
    # household A's head in a group of her own, joined from the portal
    assert world.head_a is not None
    assert world.household_a is not None
    people.consent_record(actor=None, person=world.head_a, purpose="matching", method="written")
    own_group = services.group_create(
        actor=coordinator,
        organisation=world.org_a,
        programme=world.programme,
        name="Matrix language circle",
        theme="language_circle",
        min_size=2,
        max_size=6,
        person_ids=[world.head_a.pk],
    )
    own_member = member_of(own_group, world.head_a)
    services.member_respond(actor=world.users["refugee"], member=own_member, join=True)
    event = public_event(world)
    registration = events.event_register(actor=None, event=event, places=1, name="Matrix Visitor")
    programme_event = public_event(world, visibility="programme")
    own_registration = events.event_register(
        actor=world.users["refugee"], event=programme_event, household=world.household_a, places=1
    )
    return {
        "group": group,
        "session": session,
        "own_group": own_group,
        "own_member": own_member,
        "event": event,
        "registration": registration,
        "programme_event": programme_event,
        "own_registration": own_registration,
    }


def _built(name: str) -> Any:
    return lambda m: m.built[__name__][name].pk


KWARGS = {
    "support_group_id": _built("group"),
    "group_session_id": _built("session"),
    "community_event_id": _built("event"),
    "event_registration_id": _built("registration"),
    "public_event_id": _built("event"),
    "own_group_member_id": _built("own_member"),
    "own_support_group_id": _built("own_group"),
    "own_event_id": _built("programme_event"),
    "own_registration_id": _built("own_registration"),
}

STATE = [
    ("community_groups", SupportGroup, "COUNT(*)"),
    ("community_groups_closed", SupportGroup, "COUNT(closed_at)"),
    ("community_members", GroupMember, "COUNT(*)"),
    ("community_members_changed", GroupMember, "MAX(updated_at)"),
    ("community_sessions", GroupSession, "COUNT(*)"),
    ("community_attendance", Attendance, "COUNT(*)"),
    ("community_notices", GroupNotice, "COUNT(*)"),
    ("community_events", CommunityEvent, "COUNT(*)"),
    ("community_events_changed", CommunityEvent, "MAX(updated_at)"),
    ("community_registrations", EventRegistration, "COUNT(*)"),
    ("community_registrations_changed", EventRegistration, "MAX(updated_at)"),
]
