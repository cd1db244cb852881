"""Volunteer services against the database: screening, clearance, lapse, hours, matching."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import World
from welcomehub.accounts.permissions import has_perm
from welcomehub.connections import selectors, services
from welcomehub.connections.models import (
    Clearance,
    Match,
    MatchStatus,
    SessionKind,
    Volunteer,
    VolunteerStatus,
)
from welcomehub.core.models import AuditEvent
from welcomehub.people.models import HouseholdPreferences

from .conftest import apply, cleared, consent_matching, screen, today

pytestmark = pytest.mark.django_db


def test_application_encrypts_contact_details_and_needs_no_account(world: World) -> None:
    volunteer = apply(world)
    assert volunteer.status == VolunteerStatus.APPLIED
    assert volunteer.user is None
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT email, phone, given_name FROM connections_volunteer WHERE id = %s",
            [volunteer.pk],
        )
        row = cursor.fetchone()
    assert "maria@example.org" not in row[0]
    assert "900" not in row[1]
    assert row[2] != "Maria"
    assert Volunteer.objects.get(pk=volunteer.pk).email == "maria@example.org"


def test_application_rejects_unknown_codes_and_empty_languages(world: World) -> None:
    with pytest.raises(ValidationError):
        apply(world, role_wanted="boss")
    with pytest.raises(ValidationError):
        apply(world, languages=[])
    assert Volunteer.objects.count() == 0


def test_clearing_needs_every_screening_step(world: World) -> None:
    coordinator = world.users["volunteer_coordinator"]
    volunteer = apply(world)
    with pytest.raises(ValidationError, match="Screening is not complete"):
        services.volunteer_clear(actor=coordinator, volunteer=volunteer)
    assert len(selectors.screening_gaps(volunteer, today())) == 6
    volunteer = screen(world, volunteer)
    assert selectors.screening_gaps(volunteer, today()) == []
    volunteer, username, password = services.volunteer_clear(actor=coordinator, volunteer=volunteer)
    assert volunteer.status == VolunteerStatus.CLEARED
    user = volunteer.user
    assert user is not None
    assert user.check_password(password)
    assert user.must_change_password
    assert has_perm(user, "own_volunteering.view", world.org_a.pk)
    assert not has_perm(user, "household.view", world.org_a.pk)
    assert username == user.username


def test_only_the_coordinator_of_the_organisation_screens(world: World) -> None:
    volunteer = apply(world)
    for actor in (world.users["caseworker"], world.users_b["volunteer_coordinator"], None):
        with pytest.raises(PermissionDenied):
            services.interview_record(
                actor=actor, volunteer=volunteer, held_on=today(), recommendation="proceed"
            )
    assert volunteer.interviews.count() == 0


def test_clearance_dates_are_checked_and_number_encrypted(world: World) -> None:
    volunteer = apply(world)
    coordinator = world.users["volunteer_coordinator"]
    with pytest.raises(ValidationError):
        services.clearance_record(
            actor=coordinator, volunteer=volunteer, issuing_body="X", number="N1",
            issued_on=today(), expires_on=today() - datetime.timedelta(days=1),
        )  # fmt: skip
    clearance = services.clearance_record(
        actor=coordinator, volunteer=volunteer, issuing_body="X", number="N-777",
        issued_on=today(), expires_on=today() + datetime.timedelta(days=100),
    )  # fmt: skip
    assert clearance.verified_by == coordinator
    assert clearance.verified_at is not None
    raw = Clearance.objects.filter(pk=clearance.pk).values_list("number", flat=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT number FROM connections_clearance WHERE id = %s", [clearance.pk])
        assert "777" not in cursor.fetchone()[0]
    assert list(raw) == ["N-777"]


def test_lapsed_clearance_suspends_matching_in_the_services(world: World) -> None:
    volunteer, _ = cleared(world, expires_in=5)
    consent_matching(world)
    coordinator = world.users["volunteer_coordinator"]
    # five days later the clearance still holds; ten days later it has lapsed
    assert services.suspend_lapsed(today=today() + datetime.timedelta(days=5)) == []
    Clearance.objects.filter(volunteer=volunteer).update(
        expires_on=today() - datetime.timedelta(days=1)
    )
    suggestions = services.matches_suggest(actor=coordinator, organisation=world.org_a)
    assert suggestions == []
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.SUSPENDED
    assert selectors.matching_blockers(volunteer, today())
    # a new clearance reinstates the volunteer
    services.clearance_record(
        actor=coordinator, volunteer=volunteer, issuing_body="X", number="N2",
        issued_on=today(), expires_on=today() + datetime.timedelta(days=365),
    )  # fmt: skip
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.CLEARED


def test_expiring_clearances_are_listed_and_mailed_once(world: World) -> None:
    coordinator = world.users["volunteer_coordinator"]
    coordinator.email = "coord@example.org"
    coordinator.save()
    soon, _ = cleared(world, expires_in=20)
    cleared(world, expires_in=200, email="later@example.org")
    due = list(selectors.expiring_clearances({world.org_a.pk}, today()))
    assert [c.volunteer for c in due] == [soon]
    assert services.clearance_alerts_send() == 1
    assert len(mail.outbox) == 1
    assert soon.reference in mail.outbox[0].body
    assert mail.outbox[0].to == ["coord@example.org"]
    assert services.clearance_alerts_send() == 0


def test_extra_debriefing_only_for_volunteers_from_refugee_communities(world: World) -> None:
    coordinator = world.users["volunteer_coordinator"]
    volunteer, _ = cleared(world)
    with pytest.raises(ValidationError):
        services.session_record(
            actor=coordinator, volunteer=volunteer, kind=SessionKind.EXTRA_DEBRIEFING,
            held_on=today(),
        )  # fmt: skip
    peer, _ = cleared(world, from_refugee_community=True, email="peer@example.org")
    session = services.session_record(
        actor=coordinator, volunteer=peer, kind=SessionKind.EXTRA_DEBRIEFING, held_on=today()
    )
    assert session.pk


def test_hours_by_the_volunteer_and_warnings_above_the_weekly_limit(world: World, settings) -> None:
    settings.WELCOMEHUB_VOLUNTEER_WEEKLY_HOURS = 6
    volunteer, _ = cleared(world)
    services.hours_log(
        actor=volunteer.user, volunteer=volunteer, worked_on=today(), hours=Decimal("4")
    )
    (load,) = selectors.loads({world.org_a.pk}, today())
    assert (load.hours_week, load.over_limit) == (Decimal("4"), False)
    services.hours_log(
        actor=world.users["volunteer_coordinator"], volunteer=volunteer,
        worked_on=today() - datetime.timedelta(days=2), hours=Decimal("3"),
    )  # fmt: skip
    (load,) = selectors.loads({world.org_a.pk}, today())
    assert (load.hours_week, load.over_limit) == (Decimal("7"), True)
    with pytest.raises(ValidationError):
        services.hours_log(
            actor=volunteer.user, volunteer=volunteer, worked_on=today(), hours=Decimal("21")
        )
    with pytest.raises(PermissionDenied):
        services.hours_log(
            actor=world.users["caseworker"],
            volunteer=volunteer,
            worked_on=today(),
            hours=Decimal("1"),
        )
    assert volunteer.hours.count() == 2


def test_matching_needs_the_households_consent(world: World, volunteer: Volunteer) -> None:
    coordinator = world.users["volunteer_coordinator"]
    assert services.matches_suggest(actor=coordinator, organisation=world.org_a) == []
    consent_matching(world)
    (match,) = services.matches_suggest(actor=coordinator, organisation=world.org_a)
    assert match.household == world.household_a
    assert match.volunteer == volunteer
    codes = [code for code, _ in match.reasons]
    assert "language" in codes
    assert "same_place" in codes
    assert "children" in codes


def test_mentor_sex_wish_is_respected(world: World, volunteer: Volunteer) -> None:
    consent_matching(world)
    assert world.household_a is not None
    HouseholdPreferences.objects.create(
        household=world.household_a, mentor_sex="male", wants_buddy=True
    )
    coordinator = world.users["volunteer_coordinator"]
    assert services.matches_suggest(actor=coordinator, organisation=world.org_a) == []
    HouseholdPreferences.objects.filter(household=world.household_a).update(mentor_sex="female")
    (match,) = services.matches_suggest(actor=coordinator, organisation=world.org_a)
    assert ["mentor_sex", "female"] in match.reasons
    assert ["wants_buddy", ""] in match.reasons


def test_approve_and_introduce_tells_the_volunteer(world: World, volunteer: Volunteer) -> None:
    consent_matching(world)
    coordinator = world.users["volunteer_coordinator"]
    (match,) = services.matches_suggest(actor=coordinator, organisation=world.org_a)
    with pytest.raises(PermissionDenied):
        services.match_approve(actor=world.users_b["volunteer_coordinator"], match=match)
    services.match_approve(actor=coordinator, match=match, meeting_place="Library café")
    with pytest.raises(ValidationError):
        services.match_introduce(actor=coordinator, match=match, household_told_how="")
    services.match_introduce(
        actor=coordinator, match=match, household_told_how="Caseworker, by phone"
    )
    match.refresh_from_db()
    assert match.status == MatchStatus.INTRODUCED
    assert mail.outbox[-1].to == ["maria@example.org"]
    assert "Amal" not in mail.outbox[-1].body
    # the household now has a volunteer: no new suggestion for it
    assert services.matches_suggest(actor=coordinator, organisation=world.org_a) == []


def test_consent_withdrawn_before_approval_blocks_it(world: World, volunteer: Volunteer) -> None:
    consent_matching(world)
    coordinator = world.users["volunteer_coordinator"]
    (match,) = services.matches_suggest(actor=coordinator, organisation=world.org_a)
    from welcomehub.people import services as people

    assert world.head_a is not None
    consent = world.head_a.consents.get(purpose="matching")
    people.consent_withdraw(actor=world.users["caseworker"], consent=consent)
    with pytest.raises(ValidationError, match="consent"):
        services.match_approve(actor=coordinator, match=match, meeting_place="x")
    match.refresh_from_db()
    assert match.status == MatchStatus.SUGGESTED


def test_every_write_is_audited(world: World) -> None:
    before = AuditEvent.objects.filter(object_type__startswith="connections.").count()
    volunteer = screen(world, apply(world))
    after = AuditEvent.objects.filter(object_type__startswith="connections.").count()
    # apply, interview, two references added and checked, clearance, training, agreements
    assert after - before == 9
    assert Match.objects.count() == 0
    assert volunteer.pk


def test_the_daily_task_suspends_lapsed_and_alerts(world: World) -> None:
    from welcomehub.connections.tasks import clearance_alerts_task

    coordinator = world.users["volunteer_coordinator"]
    coordinator.email = "coord@example.org"
    coordinator.save()
    lapsed, _ = cleared(world)
    Clearance.objects.filter(volunteer=lapsed).update(
        expires_on=today() - datetime.timedelta(days=1)
    )
    result = clearance_alerts_task.enqueue()
    assert result.return_value == 1
    lapsed.refresh_from_db()
    assert lapsed.status == VolunteerStatus.SUSPENDED
    assert lapsed.reference in mail.outbox[0].body
