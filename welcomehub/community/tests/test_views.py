"""Pages: the public calendar shows no personal data, staff see people only by
household reference, the portal joins and writes to a group, bad input changes nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World
from welcomehub.community import events, services
from welcomehub.community.models import CommunityEvent, EventRegistration, GroupNotice, SupportGroup
from welcomehub.community.tests.support import (
    Community,
    member_of,
    mother_with_toddler,
    public_event,
)
from welcomehub.core.models import AuditEvent
from welcomehub.people import services as people

pytestmark = pytest.mark.django_db


def test_public_calendar_lists_events_but_no_people(community: Community, world: World) -> None:
    events.event_register(
        actor=None, event=community.event, places=1, name="Visitor Vera", contact="vera@example.org"
    )
    hidden = public_event(world, visibility="programme")
    client = world.client(None)
    for url in (
        reverse("community:calendar"),
        reverse("community:public_event", args=[community.event.pk]),
    ):
        body = client.get(url).content.decode()
        assert "Welcome picnic" in body
        for secret in (
            "Visitor Vera",
            "vera@example.org",
            "Samira",
            community.mothers[0].household.reference,
        ):
            assert secret not in body
    assert client.get(reverse("community:public_event", args=[hidden.pk])).status_code == 404


def test_public_registration_and_bad_input(world: World) -> None:
    event = public_event(world, capacity=1)
    client = world.client(None)
    url = reverse("community:public_event", args=[event.pk])
    response = client.post(url, {"name": "", "places": "1"})
    assert response.status_code == 200
    assert not EventRegistration.objects.exists()
    response = client.post(url, {"name": "Ana", "places": "1", "support": ["childcare"]})
    assert response.status_code == 302
    client.post(url, {"name": "Bruno", "places": "1"})
    statuses = list(EventRegistration.objects.order_by("id").values_list("status", flat=True))
    assert statuses == ["registered", "waiting"]


def test_ics_feed(world: World) -> None:
    event = public_event(world)
    event.description = "Line one\nwith, commas; and a long text " + "x" * 120
    event.save()
    response = world.client(None).get(reverse("community:calendar_ics"))
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert "SUMMARY:Welcome picnic\r\n" in text
    assert "\\, commas\\; and" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_calendar_api_needs_no_sign_in(world: World) -> None:
    public_event(world)
    response = world.client(None).get("/api/community/calendar")
    assert response.status_code == 200
    assert response.json()[0]["title"] == "Welcome picnic"


def test_staff_see_members_by_reference_only(community: Community, world: World) -> None:
    client = world.client(world.users["volunteer_coordinator"])
    body = client.get(reverse("community:group", args=[community.group.pk])).content.decode()
    mother = community.mothers[0]
    assert mother.household.reference in body
    for secret in (mother.given_name, mother.phone, mother.email):
        assert secret not in body


def test_propose_then_create_from_the_page(world: World) -> None:
    mothers = [mother_with_toddler(world, n) for n in ("Samira", "Noor", "Hiba")]
    client = world.client(world.users["coordinator"])
    query: dict[str, Any] = {
        "organisation": world.org_a.pk,
        "programme": world.programme.pk,
        "theme": "women_small_children",
        "min_size": 2,
        "max_size": 5,
        "same_place": "on",
    }
    body = client.get(reverse("community:propose"), query).content.decode()
    assert mothers[0].household.reference in body
    assert "Samira" not in body
    assert AuditEvent.objects.filter(action="list", object_type="people.person").exists()
    ids = ",".join(str(m.pk) for m in mothers)
    response = client.post(
        reverse("community:group_create"),
        {**query, "name": "Circle", "language": "ar", "person_ids": ids},
    )
    assert response.status_code == 302
    assert SupportGroup.objects.get().members.count() == 3
    # tampered ids: refused, nothing more created
    client.post(reverse("community:group_create"), {**query, "name": "Again", "person_ids": "1,x"})
    assert SupportGroup.objects.count() == 1


def test_bad_event_input_changes_nothing(world: World) -> None:
    client = world.client(world.users["coordinator"])
    start = timezone.now() + datetime.timedelta(days=3)
    data = {
        "organisation": world.org_a.pk,
        "programme": world.programme.pk,
        "title": "Backwards",
        "kind": "cultural",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "venue": "Hall",
        "capacity": "10",
        "visibility": "public",
    }
    assert client.post(reverse("community:event_create"), data).status_code == 200
    assert not CommunityEvent.objects.exists()
    data["ends_at"] = (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    data["organisation"] = world.org_b.pk  # not the coordinator's
    assert client.post(reverse("community:event_create"), data).status_code == 200
    assert not CommunityEvent.objects.exists()


def test_portal_join_and_board_without_contacts(community: Community, world: World) -> None:
    assert world.head_a is not None
    people.consent_record(actor=None, person=world.head_a, purpose="matching", method="written")
    services.member_invite(
        actor=world.users["coordinator"], group=community.group, person=world.head_a
    )
    other = member_of(community.group, community.mothers[1])
    services.member_respond(actor=world.users["coordinator"], member=other, join=True)
    services.notice_post(
        actor=world.users["coordinator"], group=community.group, text="Welcome all"
    )
    client = world.client(world.users["refugee"])
    my_group = reverse("community:my_group", args=[community.group.pk])
    assert client.get(my_group).status_code == 404  # not joined yet
    mine = client.get(reverse("community:mine")).content.decode()
    assert "Mothers&#x27; circle" in mine
    member = member_of(community.group, world.head_a)
    client.post(reverse("community:my_answer", args=[member.pk]), {"join": "1"})
    body = client.get(my_group).content.decode()
    assert "Welcome all" in body
    for secret in (
        community.mothers[1].given_name,
        community.mothers[1].phone,
        community.mothers[1].email,
    ):
        assert secret not in body
    client.post(my_group, {"text": "Hello from Amal's family"})
    assert GroupNotice.objects.filter(by_staff=False).count() == 1
    # the refugee of B cannot read A's group
    assert world.client(world.users_b["refugee"]).get(my_group).status_code == 404


def test_portal_registration_for_a_programme_event(world: World) -> None:
    event = public_event(world, visibility="programme")
    client = world.client(world.users["refugee"])
    url = reverse("community:my_event", args=[event.pk])
    assert client.post(url, {"places": "0"}).status_code == 200
    assert not EventRegistration.objects.exists()
    assert client.post(url, {"places": "2"}).status_code == 302
    registration = EventRegistration.objects.get()
    assert registration.household == world.household_a
    client.post(reverse("community:my_registration_cancel", args=[registration.pk]))
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_pages_in_arabic(community: Community, world: World) -> None:
    client = world.client(None)
    response = client.get(reverse("community:calendar"), HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'dir="rtl"' in body
    assert "الفعاليات المجتمعية" in body  # "Community events"
