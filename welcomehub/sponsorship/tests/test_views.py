"""Sponsorship pages: the coordinator's flow, bad input, and what a sponsor sees."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from conftest import World
from welcomehub.sponsorship import services
from welcomehub.sponsorship.models import CheckIn, GroupMember, SponsorGroup, Sponsorship
from welcomehub.sponsorship.tests.support import (
    Sponsoring,
    consenting_household,
    group,
    ready_member,
)


def test_coordinator_creates_a_group_and_bad_input_changes_nothing(world: World) -> None:
    client = world.client(world.users["coordinator"])
    url = reverse("sponsorship:group_create")
    data = {
        "name": "Porto Friends",
        "kind": "individuals",
        "model": "complementary_pathway",
        "programme": world.programme.pk,
        "organisation": world.org_a.pk,
        "place": world.other_place.pk,
        "languages": ["uk"],
        "housing_persons": "0",
        "households_capacity": "1",
        "funds_available": "5000",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert not SponsorGroup.objects.exists()
    data["housing_persons"] = "4"
    response = client.post(url, data)
    made = SponsorGroup.objects.get()
    assert response.status_code == 302
    assert made.model == "complementary_pathway"
    page = client.get(reverse("sponsorship:group", args=[made.pk])).content.decode()
    assert "at least 5 members" in page


def test_another_organisations_coordinator_gets_404(world: World, sponsoring: Sponsoring) -> None:
    client = world.client(world.users_b["coordinator"])
    for url in (
        reverse("sponsorship:group", args=[sponsoring.group.pk]),
        reverse("sponsorship:sponsorship", args=[sponsoring.sponsorship.pk]),
        reverse("sponsorship:member", args=[sponsoring.member.pk]),
    ):
        assert client.get(url).status_code == 404
    response = client.post(
        reverse("sponsorship:member_add", args=[sponsoring.group.pk]), {"name": "Intruder"}
    )
    assert response.status_code == 404
    assert GroupMember.objects.filter(group=sponsoring.group).count() == 1


def test_suggestion_approved_then_introduced(world: World) -> None:
    found = group(world)
    ready_member(found, "Ana")
    household = consenting_household(world, arrival=timezone.localdate())
    client = world.client(world.users["coordinator"])
    page = client.get(reverse("sponsorship:suggestions", args=[world.programme.pk]))
    body = page.content.decode()
    assert household.reference in body
    assert "Speaks the family" in body
    assert "Sponsored0" not in body  # the coordinator matches on a reference, not a name
    response = client.post(
        reverse("sponsorship:approve", args=[world.programme.pk]),
        {"group": found.pk, "household": household.reference},
    )
    sponsorship = Sponsorship.objects.get()
    assert response.status_code == 302
    assert sponsorship.reasons
    response = client.post(
        reverse("sponsorship:introduce", args=[sponsorship.pk]),
        {"introduced_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    assert CheckIn.objects.filter(sponsorship=sponsorship).count() == 4


def test_sponsor_sees_own_group_only_and_no_family_names(
    world: World, sponsoring: Sponsoring
) -> None:
    other = group(world, name="Other Group Elsewhere")
    ready_member(other, "Zeferino")
    client = world.client(world.users["sponsor"])
    body = client.get(reverse("sponsorship:mine")).content.decode()
    assert sponsoring.group.name in body
    assert "Beatriz" in body
    assert "Other Group Elsewhere" not in body
    assert "Zeferino" not in body
    assert "Sponsored0" not in body
    assert sponsoring.household.reference not in body
    assert client.get(reverse("sponsorship:group", args=[other.pk])).status_code == 404
    b_body = world.client(world.users_b["sponsor"]).get(reverse("sponsorship:mine"))
    assert sponsoring.group.name not in b_body.content.decode()


def test_sponsor_records_a_checkin(world: World, sponsoring: Sponsoring) -> None:
    client = world.client(world.users["sponsor"])
    url = reverse("sponsorship:checkin", args=[sponsoring.checkin.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(url, {"done_on": tomorrow.isoformat()})
    assert response.status_code == 200
    sponsoring.checkin.refresh_from_db()
    assert sponsoring.checkin.done_on is None
    response = client.post(
        url, {"done_on": timezone.localdate().isoformat(), "flags": ["housing"], "notes": "ok"}
    )
    assert response.status_code == 302
    sponsoring.checkin.refresh_from_db()
    assert sponsoring.checkin.flags == ["housing"]


def test_escalation_page_records_continuity(world: World, sponsoring: Sponsoring) -> None:
    client = world.client(world.users["coordinator"])
    url = reverse("sponsorship:escalate", args=[sponsoring.sponsorship.pk])
    today = timezone.localdate().isoformat()
    data = {"reason": "relationship", "occurred_on": today, "safety_net": "Caseworker support"}
    assert client.post(url, data).status_code == 200  # nobody named for the areas
    for area in (
        "reception",
        "housing",
        "income_support",
        "orientation",
        "language",
        "employment",
        "schooling",
    ):
        data[f"who_{area}"] = "Caseworker of A"
        data[f"from_{area}"] = today
    assert client.post(url, data).status_code == 302
    sponsoring.sponsorship.refresh_from_db()
    assert sponsoring.sponsorship.status == "broken_down"
    page = client.get(reverse("sponsorship:sponsorship", args=[sponsoring.sponsorship.pk]))
    assert "Continuity of support" in page.content.decode()


def test_named_request_from_a_member_then_decided(world: World, sponsoring: Sponsoring) -> None:
    named_group = sponsoring.named_group
    member = named_group.members.get()
    services.member_link_user(actor=None, member=member, user=world.users["sponsor"])
    sponsor = world.client(world.users["sponsor"])
    response = sponsor.post(
        reverse("sponsorship:named_add", args=[named_group.pk]),
        {
            "names": "Omar Haidari",
            "relationship": "Former colleague",
            "current_location": "Tehran",
            "persons": "2",
        },
    )
    assert response.status_code == 302
    request = named_group.named_requests.order_by("-id").first()
    assert request is not None
    assert request.names == "Omar Haidari"
    coordinator = world.client(world.users["coordinator"])
    url = reverse("sponsorship:named", args=[request.pk])
    response = coordinator.post(url, {"decision": "approve", "reasons": "Checked"})
    assert response.status_code == 200  # neither check ticked: refused, nothing decided
    request.refresh_from_db()
    assert request.status == "pending"
    response = coordinator.post(
        url,
        {"decision": "approve", "reasons": "Checked", "additional": "on", "protection_need": "on"},
    )
    request.refresh_from_db()
    assert response.status_code == 302
    assert request.status == "approved"


def test_household_page_names_its_sponsor_group(world: World, sponsoring: Sponsoring) -> None:
    client = world.client(world.users["caseworker"])
    url = reverse("people:household_detail", args=[sponsoring.household.reference])
    body = client.get(url).content.decode()
    assert "Lisboa Welcome" in body
    assert reverse("sponsorship:sponsorship", args=[sponsoring.sponsorship.pk]) not in body


def test_suggestions_in_stable_mode(world: World) -> None:
    found = group(world)
    ready_member(found, "Ana")
    household = consenting_household(world, arrival=timezone.localdate())
    client = world.client(world.users["coordinator"])
    url = reverse("sponsorship:suggestions", args=[world.programme.pk])
    body = client.get(url + "?mode=stable").content.decode()
    assert household.reference in body
    assert "Best assignment" in body
    assert "0 blocking pairs" in body


def test_reads_are_audited_without_personal_values(world: World, sponsoring: Sponsoring) -> None:
    from welcomehub.core.models import AuditEvent

    client = world.client(world.users["coordinator"])
    before = AuditEvent.objects.count()
    client.get(reverse("sponsorship:group", args=[sponsoring.group.pk]))
    client.get(reverse("sponsorship:named", args=[sponsoring.named_request.pk]))
    rows = list(AuditEvent.objects.order_by("id")[before:])
    types = {row.object_type for row in rows}
    assert {"sponsorship.sponsorgroup", "sponsorship.groupmember"} <= types
    assert "sponsorship.namedrequest" in types
    dumped = str([(row.object_id, row.detail) for row in rows])
    for value in ("Beatriz", "Nadia Rahimi", "UNHCR-123-456", "Islamabad"):
        assert value not in dumped
