"""Referrals: consent to sharing, overrides, what the receiving side sees, statuses."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.people import services as people
from welcomehub.people.models import Person
from welcomehub.programmes import referral_selectors, referrals
from welcomehub.programmes.models import Referral, Service
from welcomehub.programmes.tasks import referral_reminders_task
from welcomehub.programmes.tests.support import service_of, sharing_consent

pytestmark = pytest.mark.django_db


def _refer(world: World, service: Service, head: Person, **changes: Any) -> Referral:
    assert world.household_a is not None
    kwargs: dict[str, Any] = {
        "actor": world.users["caseworker"],
        "household": world.household_a,
        "service": service,
        "persons": [head],
        "shared_fields": ["languages"],
        "barriers": ["childcare", "interpretation"],
    }
    kwargs |= changes
    return referrals.referral_create(**kwargs)


def test_referral_without_consent_is_refused_and_changes_nothing(
    world: World, service_b: Service, head: Person
) -> None:
    """No consent to share with B, no override: refused, no referral, no audit row."""
    audit_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        _refer(world, service_b, head)
    assert error.value.code == "consent_missing"
    assert "Community Partner B" in error.value.messages[0]
    assert Referral.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before


def test_override_with_a_reason_is_audited_and_encrypted(
    world: World, service_b: Service, head: Person
) -> None:
    """Without consent but with a reason: sent, the override and who lacked consent are in
    the audit row, and the reason is not stored in clear."""
    referral = _refer(world, service_b, head, override_reason="Urgent medical appointment")
    event = AuditEvent.objects.get(object_type="programmes.referral", action="create")
    assert event.detail["consent_override"] is True
    assert event.detail["without_consent"] == [head.pk]
    assert event.organisation_id == world.org_a.pk
    assert "Urgent medical" not in str(event.detail)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT override_reason FROM programmes_referral WHERE id = %s", [referral.pk]
        )
        raw = cursor.fetchone()[0]
    assert "Urgent" not in raw
    assert Referral.objects.get().override_reason == "Urgent medical appointment"


def test_with_consent_no_override_is_kept(world: World, service_b: Service, head: Person) -> None:
    """With consent, a reason typed anyway is not recorded as an override."""
    sharing_consent(head, world)
    referral = _refer(world, service_b, head, override_reason="just in case")
    assert referral.override_reason == ""
    assert referral.status == "sent"
    assert referrals.sharing_holds(referral)


def test_only_the_caseload_organisation_refers(world: World, service_b: Service) -> None:
    """B's caseworker cannot refer A's household, even with consent."""
    assert world.household_a is not None
    assert world.head_a is not None
    assert world.head_b is not None
    sharing_consent(world.head_a, world)
    with pytest.raises(ValidationError):
        referrals.referral_create(
            actor=world.users_b["caseworker"],
            household=world.household_a,
            service=service_b,
            persons=[world.head_a],
            shared_fields=[],
            barriers=[],
        )
    with pytest.raises(ValidationError):  # a person of another household
        _refer(world, service_b, world.head_b, override_reason="x")
    assert Referral.objects.count() == 0


def test_closed_service_and_past_due_date_are_refused(world: World, head: Person) -> None:
    closed = service_of(world, "b", status="temporarily_closed")
    sharing_consent(head, world)
    with pytest.raises(ValidationError):
        _refer(world, closed, head)
    open_service = service_of(world, "b", name="Other")
    with pytest.raises(ValidationError):
        _refer(world, open_service, head, due_date=datetime.date(2020, 1, 1))
    assert Referral.objects.count() == 0


def test_receiver_sees_only_the_fields_shared(
    world: World, service_b: Service, head: Person
) -> None:
    """B's caseworker sees the reference and the languages, never names, phone or
    protection notes that were not ticked."""
    sharing_consent(head, world)
    referral = _refer(world, service_b, head)
    client = world.client(world.users_b["caseworker"])
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert world.household_a.reference in page  # type: ignore[union-attr]
    assert "Arabic" in page
    for secret in ("Amal", "Haddad", "912 345", "Fled after threats", "Lina"):
        assert secret not in page
    listing = client.get(reverse("referrals:list")).content.decode()
    assert world.household_a.reference in listing  # type: ignore[union-attr]
    assert "Amal" not in listing


def test_protection_notes_only_when_explicitly_shared(
    world: World, service_b: Service, head: Person
) -> None:
    sharing_consent(head, world)
    referral = _refer(world, service_b, head, shared_fields=["names", "protection_notes"])
    shown = {f.code: f.value for f in referral_selectors.shared_fields(referral)}
    assert shown == {
        "names": "Amal Haddad",
        "protection_notes": "Fled after threats; do not share location",
    }


def test_withdrawal_of_consent_cuts_the_receiver_off_at_once(
    world: World, service_b: Service, head: Person
) -> None:
    consent = sharing_consent(head, world)
    referral = _refer(world, service_b, head)
    receiver = world.client(world.users_b["caseworker"])
    url = reverse("referrals:detail", args=[referral.pk])
    assert receiver.get(url).status_code == 200
    people.consent_withdraw(actor=world.users["refugee"], consent=consent)
    assert receiver.get(url).status_code == 404
    listing = receiver.get(reverse("referrals:list")).content.decode()
    assert world.household_a.reference not in listing  # type: ignore[union-attr]
    assert receiver.post(url, {"status": "accepted"}).status_code == 404
    assert Referral.objects.get().status == "sent"
    sender = world.client(world.users["caseworker"]).get(url).content.decode()
    assert "no longer sees this referral" in sender


def test_withdrawal_after_an_override_also_cuts_access(
    world: World, service_b: Service, head: Person
) -> None:
    """Shared under an override, then consent is given and withdrawn: sharing stops."""
    referral = _refer(world, service_b, head, override_reason="Urgent")
    assert referrals.sharing_holds(referral)
    consent = sharing_consent(head, world)
    people.consent_withdraw(actor=None, consent=consent)
    assert not referrals.sharing_holds(referral)


def test_statuses_move_only_by_the_side_whose_turn_it_is(
    world: World, service_b: Service, head: Person
) -> None:
    sharing_consent(head, world)
    referral = _refer(world, service_b, head)
    sender, receiver = world.users["caseworker"], world.users_b["caseworker"]
    with pytest.raises(ValidationError):
        referrals.referral_move(actor=sender, referral=referral, status="accepted")
    with pytest.raises(ValidationError):  # a reason is required to decline
        referrals.referral_move(actor=receiver, referral=referral, status="declined")
    later = timezone.localdate() + datetime.timedelta(days=30)
    referrals.referral_move(actor=receiver, referral=referral, status="accepted", due_date=later)
    referral.refresh_from_db()
    assert (referral.status, referral.due_date) == ("accepted", later)
    referrals.referral_move(
        actor=receiver, referral=referral, status="completed", outcome="Enrolled"
    )
    referral.refresh_from_db()
    assert referral.status == "completed"
    assert referral.closed_at is not None
    with pytest.raises(ValidationError):
        referrals.referral_move(actor=sender, referral=referral, status="cancelled")
    moves = AuditEvent.objects.filter(object_type="programmes.referral", action="update")
    assert [e.detail["status"] for e in moves.order_by("id")] == ["accepted", "completed"]


def test_decline_with_a_reason_through_the_page(
    world: World, service_b: Service, head: Person
) -> None:
    sharing_consent(head, world)
    referral = _refer(world, service_b, head)
    client = world.client(world.users_b["caseworker"])
    url = reverse("referrals:detail", args=[referral.pk])
    page = client.post(url, {"status": "declined"})
    assert page.status_code == 200
    assert "Say why" in page.content.decode()
    assert Referral.objects.get().status == "sent"
    assert (
        client.post(url, {"status": "declined", "reason": "Waiting list full"}).status_code == 302
    )
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == ("declined", "Waiting list full")


def test_create_page_refuses_without_consent_then_sends_with_override(
    world: World, service_b: Service, head: Person
) -> None:
    client = world.client(world.users["caseworker"])
    url = reverse("referrals:create", args=[world.household_a.reference])  # type: ignore[union-attr]
    form = {"service": service_b.pk, "persons": [head.pk], "shared_fields": ["languages"]}
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert "have not consented" in refused.content.decode()
    assert Referral.objects.count() == 0
    sent = client.post(url, {**form, "override_reason": "Eviction on Friday"})
    assert sent.status_code == 302
    assert Referral.objects.get().override_reason == "Eviction on Friday"


def test_reminders_go_to_the_side_that_must_act_without_names(
    world: World,
    service_b: Service,
    head: Person,
    mailoutbox: list,
    django_capture_on_commit_callbacks: Any,
) -> None:
    world.users_b["caseworker"].email = "caseworker-b@example.org"
    world.users_b["caseworker"].save()
    sharing_consent(head, world)
    with django_capture_on_commit_callbacks(execute=True):
        referral = _refer(world, service_b, head)
    assert [m.bcc for m in mailoutbox] == [["caseworker-b@example.org"]]
    mailoutbox.clear()
    today = timezone.localdate()
    Referral.objects.filter(pk=referral.pk).update(due_date=today - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert referrals.referrals_remind_due(today=today) == 1
    assert len(mailoutbox) == 1
    body = mailoutbox[0].subject + mailoutbox[0].body
    assert "Community Partner B" in body
    for secret in ("Amal", "Haddad", world.household_a.reference):  # type: ignore[union-attr]
        assert secret not in body
    with django_capture_on_commit_callbacks(execute=True):
        assert referrals.referrals_remind_due(today=today) == 0  # once a day
    assert len(mailoutbox) == 1


def test_the_reminder_task_and_command_run_the_same_reminders(
    world: World, service_b: Service, head: Person
) -> None:
    """The django-tasks task (run in-process in tests) reminds the receiving side of a
    referral due today; the command finds nothing left to remind the same day."""
    sharing_consent(head, world)
    referral = _refer(world, service_b, head)
    Referral.objects.filter(pk=referral.pk).update(due_date=timezone.localdate())
    result = referral_reminders_task.enqueue()
    assert result.return_value == 1
    out = io.StringIO()
    call_command("referral_reminders", stdout=out)
    assert out.getvalue().strip() == "Reminded 0 organisation(s)."
    assert Referral.objects.get().reminded_on == timezone.localdate()


def test_the_household_page_lists_its_referrals(
    world: World, service_b: Service, head: Person
) -> None:
    url = reverse("people:household_detail", args=[world.household_a.reference])  # type: ignore[union-attr]
    caseworker = world.client(world.users["caseworker"])
    assert "No referral yet." in caseworker.get(url).content.decode()
    sharing_consent(head, world)
    _refer(world, service_b, head)
    page = caseworker.get(url).content.decode()
    assert "Job club for newcomers" in page
    assert "Community Partner B" in page


def test_the_api_refers_with_the_same_consent_rule(
    world: World, service_b: Service, head: Person
) -> None:
    body: dict[str, Any] = {
        "household": world.household_a.reference,  # type: ignore[union-attr]
        "service_id": service_b.pk,
        "person_ids": [head.pk],
        "shared_fields": ["languages"],
    }
    client = world.client(world.users["caseworker"])
    refused = client.post("/api/referrals", body, content_type="application/json")
    assert refused.status_code == 422
    assert "have not consented" in str(refused.json()["detail"])
    assert Referral.objects.count() == 0
    other = world.client(world.users_b["caseworker"])
    overriding = {**body, "override_reason": "Urgent"}
    assert (
        other.post("/api/referrals", overriding, content_type="application/json").status_code == 404
    )
    stranger = {**overriding, "person_ids": [world.head_b.pk]}  # type: ignore[union-attr]
    assert (
        client.post("/api/referrals", stranger, content_type="application/json").status_code == 422
    )
    sent = client.post("/api/referrals", overriding, content_type="application/json")
    assert sent.status_code == 201
    assert sent.json()["household"] == world.household_a.reference  # type: ignore[union-attr]
    assert Referral.objects.get().override_reason == "Urgent"
