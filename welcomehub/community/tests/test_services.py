"""Services with the database: who may do what, what is refused, and that a refused
write changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import World
from welcomehub.community import events, selectors, services
from welcomehub.community.models import (
    Attendance,
    EventRegistration,
    GroupMember,
    GroupNotice,
    RegistrationStatus,
    SupportGroup,
)
from welcomehub.community.tests.support import (
    Community,
    member_of,
    mother_with_toddler,
    public_event,
)
from welcomehub.core.models import AuditEvent
from welcomehub.people import services as people

pytestmark = pytest.mark.django_db


def test_proposal_holds_only_consenting_people_of_the_theme(world: World) -> None:
    yes = [mother_with_toddler(world, name) for name in ("Samira", "Noor", "Hiba")]
    no = mother_with_toddler(world, "Dalia", consent=False)
    other_org = mother_with_toddler(world, "Rasha", organisation="b")
    proposal = selectors.propose(
        organisation_id=world.org_a.pk,
        programme_id=world.programme.pk,
        theme="women_small_children",
        min_size=2,
        max_size=4,
    )
    placed = {pid for g in proposal.groups for pid in g.person_ids}
    assert placed == {p.pk for p in yes}
    assert proposal.unplaced[no.pk] == "no_consent"
    assert other_org.pk not in placed | set(proposal.unplaced)


def test_a_withdrawn_consent_removes_a_person_from_proposals(world: World) -> None:
    mothers = [mother_with_toddler(world, name) for name in ("Samira", "Noor", "Hiba")]
    consent = mothers[0].consents.get(purpose="matching")
    people.consent_withdraw(actor=None, consent=consent)
    proposal = selectors.propose(
        organisation_id=world.org_a.pk,
        programme_id=world.programme.pk,
        theme="women_small_children",
        min_size=2,
        max_size=4,
    )
    assert mothers[0].pk not in {pid for g in proposal.groups for pid in g.person_ids}


def test_create_invites_members_and_audits(community: Community, world: World) -> None:
    group = community.group
    assert group.members.filter(status="invited").count() == 3
    assert AuditEvent.objects.filter(
        object_type="community.supportgroup", object_id=str(group.pk)
    ).exists()
    # invited people are not proposed again for the same theme
    proposal = selectors.propose(
        organisation_id=world.org_a.pk,
        programme_id=world.programme.pk,
        theme="women_small_children",
        min_size=2,
        max_size=4,
    )
    assert not proposal.groups


@pytest.mark.parametrize("who", ["b_coordinator", "caseworker", "anon"])
def test_only_a_manager_of_the_organisation_creates_groups(world: World, who: str) -> None:
    mother = mother_with_toddler(world, "Samira")
    actor = {
        "b_coordinator": world.users_b["coordinator"],
        "caseworker": world.users["caseworker"],
        "anon": None,
    }[who]
    with pytest.raises(ValidationError):
        services.group_create(
            actor=actor,
            organisation=world.org_a,
            programme=world.programme,
            name="X",
            theme="women_small_children",
            person_ids=[mother.pk],
        )
    assert not SupportGroup.objects.exists()


def test_nobody_without_consent_or_of_another_caseload_is_invited(world: World) -> None:
    no = mother_with_toddler(world, "Dalia", consent=False)
    other = mother_with_toddler(world, "Rasha", organisation="b")
    for person in (no, other):
        with pytest.raises(ValidationError):
            services.group_create(
                actor=world.users["coordinator"],
                organisation=world.org_a,
                programme=world.programme,
                name="Circle",
                theme="women_small_children",
                min_size=2,
                max_size=4,
                person_ids=[person.pk],
            )
    assert not SupportGroup.objects.exists()
    assert not GroupMember.objects.exists()


def test_bad_sizes_change_nothing(world: World) -> None:
    with pytest.raises(ValidationError):
        services.group_create(
            actor=world.users["coordinator"],
            organisation=world.org_a,
            programme=world.programme,
            name="Circle",
            theme="women_small_children",
            min_size=6,
            max_size=3,
        )
    with pytest.raises(ValidationError):
        services.group_create(
            actor=world.users["coordinator"],
            organisation=world.org_a,
            programme=world.programme,
            name="Circle",
            theme="not_a_theme",
        )
    assert not SupportGroup.objects.exists()


def test_joining_and_the_members_only_board(community: Community, world: World) -> None:
    mother, _other, _third = community.mothers
    user = world.users["volunteer"]  # any account, linked as the mother's own
    people.person_link_user(actor=None, person=mother, user=user)
    member = member_of(community.group, mother)
    with pytest.raises(ValidationError):  # not yet joined
        services.notice_post(actor=user, group=community.group, text="Hello")
    services.member_respond(actor=user, member=member, join=True)
    services.notice_post(actor=user, group=community.group, text="Hello all")
    notice = GroupNotice.objects.get()
    assert not notice.by_staff
    # a stranger cannot answer for the mother, nor post
    with pytest.raises(ValidationError):
        services.member_respond(actor=world.users_b["coordinator"], member=member, join=False)
    with pytest.raises(ValidationError):
        services.notice_post(actor=world.users_b["refugee"], group=community.group, text="Hi")
    assert GroupNotice.objects.count() == 1
    services.notice_post(
        actor=world.users["volunteer_coordinator"], group=community.group, text="Next week"
    )
    assert GroupNotice.objects.filter(by_staff=True).count() == 1


def test_attendance_only_of_joined_members_after_the_start(
    community: Community, world: World
) -> None:
    coordinator = world.users["coordinator"]
    joined = member_of(community.group, community.mothers[0])
    services.member_respond(actor=coordinator, member=joined, join=True)
    invited = member_of(community.group, community.mothers[1])
    future = services.session_create(
        actor=coordinator,
        group=community.group,
        starts_at=timezone.now() + datetime.timedelta(days=1),
        venue="Community centre",
        facilitator="Facilitator F",
    )
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=coordinator, session=future, present_member_ids=[joined.pk]
        )
    past = services.session_create(
        actor=coordinator,
        group=community.group,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        venue="Community centre",
        facilitator="Facilitator F",
    )
    with pytest.raises(ValidationError):
        services.attendance_record(actor=coordinator, session=past, present_member_ids=[invited.pk])
    assert not Attendance.objects.exists()
    assert (
        services.attendance_record(actor=coordinator, session=past, present_member_ids=[joined.pk])
        == 1
    )
    assert Attendance.objects.get().present


def test_waiting_list_moves_up_first_come_first_served(world: World) -> None:
    event = public_event(world, capacity=3)
    first = events.event_register(actor=None, event=event, places=2, name="Ana")
    second = events.event_register(actor=None, event=event, places=2, name="Bruno")
    third = events.event_register(actor=None, event=event, places=1, name="Carla")
    assert [first.status, second.status, third.status] == ["registered", "waiting", "registered"]
    events.registration_cancel(actor=world.users["coordinator"], registration=first)
    second.refresh_from_db()
    assert second.status == RegistrationStatus.REGISTERED
    assert events.seats_taken(event) == 3


def test_household_registration_by_portal_and_staff(world: World) -> None:
    event = public_event(world, capacity=10, visibility="programme")
    assert world.household_a is not None
    own = events.event_register(
        actor=world.users["refugee"],
        event=event,
        household=world.household_a,
        places=2,
        support=["childcare"],
    )
    assert own.status == "registered"
    assert own.name == ""
    with pytest.raises(ValidationError):  # once per household
        events.event_register(
            actor=world.users["coordinator"], event=event, household=world.household_a, places=1
        )
    with pytest.raises(ValidationError):  # B's staff do not register A's households
        events.event_register(
            actor=world.users_b["coordinator"], event=event, household=world.household_b, places=1
        )
    with pytest.raises(ValidationError):  # not open to the public
        events.event_register(actor=None, event=event, places=1, name="Walk-in")
    assert EventRegistration.objects.count() == 1


@pytest.mark.parametrize(
    ("places", "name", "support"),
    [
        (0, "Ana", []),
        (13, "Ana", []),
        (1, "  ", []),
        (1, "Ana", ["transport"]),
        (1, "Ana", ["nonsense"]),
    ],
)
def test_bad_registrations_change_nothing(
    world: World, places: int, name: str, support: list[str]
) -> None:
    event = public_event(world)
    with pytest.raises(ValidationError):
        events.event_register(actor=None, event=event, places=places, name=name, support=support)
    assert not EventRegistration.objects.exists()


def test_cancelled_and_past_events_take_no_registrations(world: World) -> None:
    event = public_event(world)
    events.event_cancel(actor=world.users["coordinator"], event=event)
    with pytest.raises(ValidationError):
        events.event_register(actor=None, event=event, places=1, name="Ana")
    with pytest.raises(ValidationError):
        events.event_create(
            actor=world.users["coordinator"],
            organisation=world.org_a,
            programme=world.programme,
            title="Backwards",
            kind="cultural",
            starts_at=timezone.now() + datetime.timedelta(days=2),
            ends_at=timezone.now() + datetime.timedelta(days=1),
            venue="Hall",
            capacity=10,
        )


def test_public_contact_is_encrypted_at_rest(world: World) -> None:
    from django.db import connection

    event = public_event(world)
    registration = events.event_register(
        actor=None, event=event, places=1, name="Ana Public", contact="+351 911 222 333"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, contact FROM community_eventregistration WHERE id = %s", [registration.pk]
        )
        raw = " ".join(str(v) for v in cursor.fetchone())
    assert "Ana Public" not in raw
    assert "911 222" not in raw


def test_figures_hide_small_counts(community: Community, world: World) -> None:
    plain, tables = selectors.figures({world.org_a.pk})
    assert plain["groups"] == 1
    members = tables[0]
    # three invited women: a small cell, hidden with the totals that would reveal it
    assert members.rows
    assert members.rows[0][1][0] is None
    assert members.grand is None
    sheet = selectors.figure_tables(tables)[0]
    assert sheet.rows[0][1] is None  # the hidden cell stays empty in the export


def test_a_closed_group_takes_no_messages_and_frees_its_members(
    community: Community, world: World
) -> None:
    with pytest.raises(ValidationError):
        services.group_close(actor=world.users_b["coordinator"], group=community.group)
    services.group_close(actor=world.users["coordinator"], group=community.group)
    with pytest.raises(ValidationError):
        services.notice_post(actor=world.users["coordinator"], group=community.group, text="Hi")
    proposal = selectors.propose(
        organisation_id=world.org_a.pk,
        programme_id=world.programme.pk,
        theme="women_small_children",
        min_size=2,
        max_size=4,
    )
    assert {p for g in proposal.groups for p in g.person_ids} == {m.pk for m in community.mothers}
