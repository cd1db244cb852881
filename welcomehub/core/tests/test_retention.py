"""Retention with a moved clock, and a data subject's export and erasure across apps."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from conftest import World
from welcomehub.core import retention
from welcomehub.core.models import AuditAction, AuditEvent
from welcomehub.feedback import services as feedback_services
from welcomehub.feedback.models import Feedback
from welcomehub.people import plans, portal
from welcomehub.people.export import household_data_export
from welcomehub.people.models import Consent, Goal, Household, Person, PortalInvitation

pytestmark = pytest.mark.django_db

CLOSED_ON = datetime.date(2026, 3, 15)


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), datetime.UTC)


def _years(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year + years)


def _close(household: Household, on: datetime.date) -> None:
    Household.objects.filter(pk=household.pk).update(status="closed", updated_at=_at(on))


def _given_name(person: Person) -> str:
    return Person.objects.get(pk=person.pk).given_name


# --- the schedule, with a moved clock --------------------------------------------------


def test_the_schedule_is_data_with_a_reason_per_rule() -> None:
    rules = retention.schedule()
    assert set(rules) == {
        "closed_households",
        "anonymous_feedback",
        "portal_codes",
        "sessions",
        "audit",
    }
    assert all(rule["why"] for rule in rules.values())
    assert rules["audit"]["action"] == "keep"


def test_a_closed_household_is_anonymised_on_the_day_not_a_day_earlier(world: World) -> None:
    assert world.household_a is not None
    assert world.head_a is not None
    _close(world.household_a, CLOSED_ON)
    name = _given_name(world.head_a)
    years = retention.schedule()["closed_households"]["years"]
    anniversary = _years(CLOSED_ON, years)

    early = retention.retention_apply(today=anniversary - datetime.timedelta(days=1))
    assert early["closed_households"] == 0
    assert _given_name(world.head_a) == name

    counts = retention.retention_apply(today=anniversary)
    assert counts["closed_households"] == 1
    head = Person.objects.get(pk=world.head_a.pk)
    assert head.given_name == retention.ERASED
    assert head.family_name == ""
    assert head.date_of_birth is None
    assert head.phone == head.email == head.health_notes == ""
    assert head.birth_year is not None  # the year alone stays, for age bands
    assert head.sex
    assert head.relationship
    # the other household (open) is untouched
    assert world.head_b is not None
    assert _given_name(world.head_b) != retention.ERASED
    # done once: a second run finds nothing
    assert retention.retention_apply(today=anniversary)["closed_households"] == 0
    assert AuditEvent.objects.filter(object_type="core.retention").count() == 1


def test_anonymous_feedback_is_deleted_on_the_day_and_named_feedback_kept(world: World) -> None:
    for anonymous in (True, False):
        feedback_services.feedback_submit(
            actor=world.users["refugee"],
            programme=world.programme,
            category="services",
            text="The bus to the centre is late",
            language="en",
            channel="web",
            anonymous=anonymous,
        )
    received = datetime.date(2026, 1, 10)
    Feedback.objects.update(received_on=received)
    anniversary = _years(received, retention.schedule()["anonymous_feedback"]["years"])
    day_before = anniversary - datetime.timedelta(days=1)
    assert retention.retention_apply(today=day_before)["anonymous_feedback"] == 0
    assert Feedback.objects.count() == 2
    assert retention.retention_apply(today=anniversary)["anonymous_feedback"] == 1
    assert Feedback.objects.get().author is not None


def test_expired_portal_codes_and_sessions_are_deleted_on_time(world: World) -> None:
    assert world.head_a is not None
    invitation, _code = portal.portal_invite(
        actor=world.users["caseworker"], person=world.head_a, language="en"
    )
    expired = datetime.date(2026, 5, 1)
    PortalInvitation.objects.filter(pk=invitation.pk).update(expires_at=_at(expired))
    days = retention.schedule()["portal_codes"]["days"]
    day = expired + datetime.timedelta(days=days)
    store = SessionStore()
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=_at(expired))

    early = retention.retention_apply(today=day - datetime.timedelta(days=1))
    assert early["portal_codes"] == 0
    assert PortalInvitation.objects.filter(pk=invitation.pk).exists()
    assert not Session.objects.filter(session_key=store.session_key).exists()  # expired

    assert retention.retention_apply(today=day)["portal_codes"] == 1
    assert not PortalInvitation.objects.filter(pk=invitation.pk).exists()


def test_the_command_dry_run_changes_nothing_then_applies(world: World) -> None:
    assert world.household_a is not None
    assert world.head_a is not None
    _close(world.household_a, CLOSED_ON)
    today = _years(CLOSED_ON, 10).isoformat()
    out = io.StringIO()
    call_command("retention", "--dry-run", "--today", today, stdout=out)
    assert "closed_households: 1 would be anonymised" in out.getvalue()
    assert _given_name(world.head_a) != retention.ERASED
    call_command("retention", "--today", today, stdout=io.StringIO())
    assert _given_name(world.head_a) == retention.ERASED


def test_the_periodic_task_applies_the_schedule(world: World) -> None:
    assert world.household_a is not None
    _close(world.household_a, datetime.date(2000, 1, 1))
    result = retention.retention_task.enqueue()
    counts = result.return_value
    assert counts is not None
    assert counts["closed_households"] == 1


# --- a data subject's export and erasure --------------------------------------------------


def test_export_then_erasure_of_a_household_across_apps(world: World) -> None:
    household, head = world.household_a, world.head_a
    assert household is not None
    assert head is not None
    caseworker = world.users["caseworker"]
    plan = plans.plan_open(actor=caseworker, household=household)
    goal = plans.goal_add(
        actor=caseworker, plan=plan, domain="work", description="Amal works as a nurse"
    )
    portal.portal_invite(actor=caseworker, person=head, language="ar")
    name = _given_name(head)

    exported = household_data_export(actor=caseworker, household=household)
    assert name in str(exported)  # the export holds what the system holds

    counts = (Household.objects.count(), Person.objects.count(), Goal.objects.count())
    retention.household_erase(actor=caseworker, household=household, reason="data_subject_request")
    for person in Person.objects.filter(household=household):
        assert person.given_name == retention.ERASED
        assert person.phone == person.email == ""
        assert not Consent.objects.filter(person=person, withdrawn_at__isnull=True).exists()
    assert not PortalInvitation.objects.filter(person__household=household).exists()
    goal.refresh_from_db()
    assert goal.description == retention.ERASED  # free text about the family, in plans
    assert goal.domain == "work"  # codes stay: aggregates unchanged
    assert (Household.objects.count(), Person.objects.count(), Goal.objects.count()) == counts
    assert name not in str(household_data_export(actor=caseworker, household=household))
    event = AuditEvent.objects.filter(action=AuditAction.DELETE).latest("id")
    assert event.detail["reason"] == "data_subject_request"
    assert name not in str(event.detail)  # the audit row holds no personal value


def test_erasure_of_one_person_leaves_the_rest_of_the_household(world: World) -> None:
    assert world.head_a is not None
    assert world.child_a is not None
    child_name = _given_name(world.child_a)
    retention.person_erase(
        actor=world.users["caseworker"], person=world.head_a, reason="data_subject_request"
    )
    assert _given_name(world.head_a) == retention.ERASED
    assert _given_name(world.child_a) == child_name


def test_erasure_is_refused_to_lower_roles_other_organisations_and_free_reasons(
    world: World,
) -> None:
    assert world.head_a is not None
    name = _given_name(world.head_a)
    for user in (world.users["analyst"], world.users_b["caseworker"]):
        with pytest.raises(PermissionDenied):
            retention.person_erase(actor=user, person=world.head_a, reason="data_subject_request")
    with pytest.raises(ValidationError):
        retention.person_erase(
            actor=world.users["caseworker"], person=world.head_a, reason="Amal asked on Monday"
        )
    assert _given_name(world.head_a) == name
