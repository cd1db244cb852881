"""Sponsorship services against the database: rules, refusals and their audit rows."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.people import services as people
from welcomehub.people.models import Consent
from welcomehub.sponsorship import lifecycle, selectors, services
from welcomehub.sponsorship.models import (
    CheckIn,
    Continuity,
    Decision,
    GroupKind,
    PlanArea,
    SponsorGroup,
    Sponsorship,
    SponsorshipStatus,
)
from welcomehub.sponsorship.tests.support import (
    Sponsoring,
    consenting_household,
    group,
    ready_member,
)

TODAY = timezone.localdate


def _individuals(world: World, members: int) -> SponsorGroup:
    found = services.group_create(
        actor=None,
        programme=world.programme,
        organisation=world.org_a,
        name="Five Neighbours",
        kind=GroupKind.INDIVIDUALS,
        model="sponsored_resettlement",
        place=world.place,
        housing_persons=4,
    )
    for i in range(members):
        ready_member(found, f"Neighbour {i}")
    return found


def test_a_group_of_individuals_needs_five_members(world: World) -> None:
    four = _individuals(world, 4)
    ready = selectors.readiness(four, on=TODAY())
    assert not ready.ready
    assert ready.problems
    household = consenting_household(world, arrival=TODAY())
    with pytest.raises(ValidationError):
        lifecycle.sponsorship_approve(actor=None, group=four, household=household)
    assert not Sponsorship.objects.exists()
    ready_member(four, "Neighbour 5")
    assert selectors.readiness(four, on=TODAY()).ready
    lifecycle.sponsorship_approve(actor=None, group=four, household=household)


def test_every_member_must_be_checked_and_trained(world: World) -> None:
    found = group(world)
    ready_member(found, "Ana")
    late = services.member_add(actor=None, group=found, name="Rui")
    services.check_record(actor=None, member=late, kind="identity", checked_on=TODAY())
    assert selectors.readiness(found, on=TODAY()).members[late.pk]
    household = consenting_household(world, arrival=TODAY())
    with pytest.raises(ValidationError, match="checked and trained"):
        lifecycle.sponsorship_approve(actor=None, group=found, household=household)


def test_an_expired_police_check_makes_the_member_unready(world: World) -> None:
    found = group(world)
    member = ready_member(found, "Ana")
    expiry = member.checks.get(kind="police").expires_on
    assert expiry is not None
    assert selectors.readiness(found, on=expiry).ready
    later = expiry + datetime.timedelta(days=1)
    assert selectors.readiness(found, on=later).members[member.pk]


def test_a_police_check_needs_an_expiry_after_the_check(world: World) -> None:
    member = services.member_add(actor=None, group=group(world), name="Ana")
    with pytest.raises(ValidationError):
        services.check_record(actor=None, member=member, kind="police", checked_on=TODAY())
    with pytest.raises(ValidationError):
        services.check_record(
            actor=None, member=member, kind="police", checked_on=TODAY(), expires_on=TODAY()
        )
    assert not member.checks.exists()


def test_no_match_without_the_households_consent_to_matching(world: World) -> None:
    found = group(world)
    ready_member(found, "Ana")
    household = consenting_household(world, arrival=TODAY())
    consent = Consent.objects.get(person__household=household, purpose="matching")
    people.consent_withdraw(actor=None, consent=consent)
    with pytest.raises(ValidationError, match="consent"):
        lifecycle.sponsorship_approve(actor=None, group=found, household=household)
    assert not Sponsorship.objects.exists()


def test_housing_too_small_is_refused(world: World) -> None:
    found = group(world)
    ready_member(found, "Ana")
    household = consenting_household(world, size=6, arrival=TODAY())
    with pytest.raises(ValidationError, match="too small"):
        lifecycle.sponsorship_approve(actor=None, group=found, household=household)


def test_staff_of_another_organisation_cannot_write(world: World, sponsoring: Sponsoring) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.member_add(actor=world.users_b["coordinator"], group=sponsoring.group, name="X")
    with pytest.raises(PermissionDenied):
        lifecycle.plan_sign_off(actor=world.users["caseworker"], sponsorship=sponsoring.sponsorship)
    assert AuditEvent.objects.count() == before


def test_named_request_decision_needs_additionality_protection_and_reasons(
    world: World, sponsoring: Sponsoring
) -> None:
    coordinator = world.users["coordinator"]
    request = sponsoring.named_request
    with pytest.raises(ValidationError, match="government"):
        services.named_request_decide(
            actor=coordinator,
            request=request,
            additional=False,
            protection_need=True,
            approve=True,
            reasons="ok",
        )
    with pytest.raises(ValidationError):
        services.named_request_decide(
            actor=coordinator,
            request=request,
            additional=True,
            protection_need=True,
            approve=True,
            reasons=" ",
        )
    request.refresh_from_db()
    assert request.status == Decision.PENDING
    services.named_request_decide(
        actor=coordinator,
        request=request,
        additional=True,
        protection_need=True,
        approve=True,
        reasons="Additional place; protection need confirmed by UNHCR.",
    )
    request.refresh_from_db()
    assert request.status == Decision.APPROVED
    assert request.decided_by == coordinator
    row = AuditEvent.objects.filter(object_type="sponsorship.namedrequest").first()
    assert row is not None
    assert row.detail["decision"] == "approved"
    assert "Nadia" not in str(row.detail)


def test_only_named_groups_name_refugees(world: World, sponsoring: Sponsoring) -> None:
    with pytest.raises(ValidationError):
        services.named_request_submit(
            actor=world.users["sponsor"],
            group=sponsoring.group,
            names="X",
            relationship="friend",
            current_location="Y",
            persons=1,
        )


def test_a_named_group_is_matched_only_with_its_approved_request(
    world: World, sponsoring: Sponsoring
) -> None:
    household = consenting_household(world, arrival=TODAY())
    with pytest.raises(ValidationError, match="approved"):
        lifecycle.sponsorship_approve(
            actor=None,
            group=sponsoring.named_group,
            household=household,
            named_request=sponsoring.named_request,
        )
    services.named_request_decide(
        actor=None,
        request=sponsoring.named_request,
        additional=True,
        protection_need=True,
        approve=True,
        reasons="ok",
    )
    sponsoring.named_request.refresh_from_db()
    made = lifecycle.sponsorship_approve(
        actor=None,
        group=sponsoring.named_group,
        household=household,
        named_request=sponsoring.named_request,
    )
    assert made.named_request == sponsoring.named_request


def test_introduction_schedules_four_checkins_from_arrival(sponsoring: Sponsoring) -> None:
    arrival = sponsoring.sponsorship.arrival_date
    assert arrival is not None
    days = {c.day: c.due_on for c in sponsoring.sponsorship.checkins.all()}
    assert days == {d: arrival + datetime.timedelta(days=d) for d in (30, 90, 180, 365)}


def test_sign_off_needs_every_area_and_enough_funds(world: World, sponsoring: Sponsoring) -> None:
    sponsorship = sponsoring.sponsorship
    lifecycle.plan_sign_off(actor=world.users["coordinator"], sponsorship=sponsorship)
    sponsorship.refresh_from_db()
    assert sponsorship.plan_signed_off_at is not None
    lifecycle.plan_item_set(
        actor=None,
        sponsorship=sponsorship,
        area=PlanArea.HOUSING,
        responsible="Group",
        actions="Rent",
        monthly_amount=900,
        months=12,
    )
    sponsorship.refresh_from_db()
    assert sponsorship.plan_signed_off_at is None  # a change reopens the plan
    with pytest.raises(ValidationError, match="left"):
        lifecycle.plan_sign_off(actor=None, sponsorship=sponsorship)
    funds = selectors.funds(sponsoring.group)
    assert funds.committed == 100 * 12 + 900 * 12


def test_sign_off_refuses_an_incomplete_plan(world: World, sponsoring: Sponsoring) -> None:
    household = consenting_household(world, arrival=TODAY())
    other = group(world, name="Second")
    ready_member(other, "Eva")
    sponsorship = lifecycle.sponsorship_approve(actor=None, group=other, household=household)
    with pytest.raises(ValidationError, match="does not cover"):
        lifecycle.plan_sign_off(actor=None, sponsorship=sponsorship)


def test_checkin_by_a_member_and_not_by_another_sponsor(
    world: World, sponsoring: Sponsoring
) -> None:
    with pytest.raises(PermissionDenied):
        lifecycle.checkin_record(
            actor=world.users_b["sponsor"], checkin=sponsoring.checkin, done_on=TODAY()
        )
    with pytest.raises(ValidationError):
        lifecycle.checkin_record(
            actor=world.users["sponsor"], checkin=sponsoring.checkin, done_on=TODAY(), flags=["x"]
        )
    lifecycle.checkin_record(
        actor=world.users["sponsor"],
        checkin=sponsoring.checkin,
        done_on=TODAY(),
        notes="Settling in",
        flags=["money"],
    )
    sponsoring.checkin.refresh_from_db()
    assert sponsoring.checkin.flags == ["money"]
    assert sponsoring.checkin.notes == "Settling in"


def test_escalation_needs_continuity_without_a_gap(world: World, sponsoring: Sponsoring) -> None:
    sponsorship = sponsoring.sponsorship
    day = TODAY()
    partial = [lifecycle.Handover("housing", "Municipal housing office", day)]
    with pytest.raises(ValidationError, match="Nobody takes over"):
        lifecycle.sponsorship_escalate(
            actor=None,
            sponsorship=sponsorship,
            reason="group_withdrew",
            occurred_on=day,
            safety_net="Government resettlement support",
            handovers=partial,
        )
    late = [
        lifecycle.Handover(a, "Caseworker", day + datetime.timedelta(days=3))
        for a in PlanArea.values
    ]
    with pytest.raises(ValidationError, match="gap"):
        lifecycle.sponsorship_escalate(
            actor=None,
            sponsorship=sponsorship,
            reason="group_withdrew",
            occurred_on=day,
            safety_net="Government resettlement support",
            handovers=late,
        )
    assert not Continuity.objects.exists()
    full = [lifecycle.Handover(a, "Caseworker of A", day) for a in PlanArea.values]
    lifecycle.sponsorship_escalate(
        actor=world.users["coordinator"],
        sponsorship=sponsorship,
        reason="group_withdrew",
        occurred_on=day,
        safety_net="Government resettlement support and a caseworker",
        handovers=full,
    )
    sponsorship.refresh_from_db()
    assert sponsorship.status == SponsorshipStatus.BROKEN_DOWN
    assert Continuity.objects.count() == len(PlanArea.values)
    # no more check-ins are due for it, and the group has room again
    assert not selectors.checkins_due(
        Sponsorship.objects.all(), today=day + datetime.timedelta(days=400)
    )
    assert selectors.live_count(sponsoring.group) == 0


def test_reminders_once_a_week(world: World, sponsoring: Sponsoring) -> None:
    from welcomehub.sponsorship.reminders import reminders_send

    overdue = sponsoring.checkin  # day 30 of an arrival 40 days ago
    assert reminders_send() == 1
    assert reminders_send() == 0
    overdue.refresh_from_db()
    assert overdue.reminded_at is not None
    assert CheckIn.objects.filter(reminded_at__isnull=False).count() == 1


def test_the_reminder_task_runs_through_django_tasks(sponsoring: Sponsoring) -> None:
    from welcomehub.sponsorship.tasks import checkin_reminders_task

    result = checkin_reminders_task.enqueue()
    assert result.return_value == 1


def test_names_contacts_and_case_numbers_are_encrypted_at_rest(sponsoring: Sponsoring) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT name, contact FROM sponsorship_groupmember")
        members = cursor.fetchall()
        cursor.execute("SELECT names, case_number, current_location FROM sponsorship_namedrequest")
        requests = cursor.fetchall()
    stored = str(members + requests)
    for value in ("Beatriz", "example.org", "Nadia", "UNHCR-123", "Islamabad"):
        assert value not in stored
    assert sponsoring.member.name == "Beatriz"


def test_expiring_police_checks_are_listed_until_renewed(world: World) -> None:
    found = group(world)
    member = ready_member(found, "Ana")
    expiry = member.checks.get(kind="police").expires_on
    assert expiry is not None
    groups = SponsorGroup.objects.all()
    assert selectors.expiring_checks(groups, today=TODAY()) == []
    soon = expiry - datetime.timedelta(days=30)
    assert [c.member_id for c in selectors.expiring_checks(groups, today=soon)] == [member.pk]
    services.check_record(
        actor=None,
        member=member,
        kind="police",
        checked_on=TODAY(),
        expires_on=expiry + datetime.timedelta(days=365),
    )
    assert selectors.expiring_checks(groups, today=soon) == []
