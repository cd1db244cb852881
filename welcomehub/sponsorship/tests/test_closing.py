"""Closing a sponsorship when the group's commitment period ends, and the sponsor
rereading their group's past check-ins: who may, what is refused, what each side sees."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.sponsorship import closing, lifecycle, selectors, services
from welcomehub.sponsorship.models import (
    AreaOutcome,
    Closing,
    PlanArea,
    Sponsorship,
    SponsorshipStatus,
)
from welcomehub.sponsorship.rules import commitment_ends
from welcomehub.sponsorship.tests.support import (
    Sponsoring,
    consenting_household,
    group,
    ready_member,
)

TODAY = timezone.localdate
ALL_ACHIEVED = dict.fromkeys(PlanArea.values, "achieved")


def year_old_sponsorship(world: World, *, name: str = "Porto Welcome") -> Sponsorship:
    """A sponsorship introduced on the arrival 400 days ago: its commitment has ended."""
    found = group(world, name=name)
    ready_member(found, "Duarte")
    arrival = TODAY() - datetime.timedelta(days=400)
    household = consenting_household(world, arrival=arrival)
    sponsorship = lifecycle.sponsorship_approve(actor=None, group=found, household=household)
    lifecycle.sponsorship_introduce(actor=None, sponsorship=sponsorship, introduced_on=arrival)
    for area in PlanArea.values:
        lifecycle.plan_item_set(
            actor=None,
            sponsorship=sponsorship,
            area=area,
            responsible="Duarte",
            actions="Agreed support",
            monthly_amount=200 if area == "housing" else 0,
            months=12 if area == "housing" else 0,
        )
    return sponsorship


@pytest.fixture
def ended(world: World) -> Sponsorship:
    return year_old_sponsorship(world)


def _close(world: World, sponsorship: Sponsorship, **changes: Any) -> Closing:
    values: dict[str, Any] = {
        "actor": world.users["coordinator"],
        "sponsorship": sponsorship,
        "closed_on": TODAY(),
        "outcomes": dict(ALL_ACHIEVED),
        "stay_in_touch": True,
        "went_well": ["language", "friendships"],
        "was_hard": ["work"],
        "note": "Warm farewell dinner.",
    }
    values.update(changes)
    return closing.sponsorship_close(**values)


def _unchanged(sponsorship: Sponsorship) -> None:
    sponsorship.refresh_from_db()
    assert sponsorship.status == SponsorshipStatus.INTRODUCED
    assert not Closing.objects.exists()
    assert not AreaOutcome.objects.exists()


# --- the service -------------------------------------------------------------------


def test_coordinator_closes_and_the_group_has_room_again(world: World, ended: Sponsorship) -> None:
    assert selectors.live_count(ended.group) == 1
    made = _close(world, ended, went_well=["language", "friendships", "language"])
    ended.refresh_from_db()
    assert ended.status == SponsorshipStatus.COMPLETED
    assert made.went_well == ["friendships", "language"]
    assert made.stay_in_touch is True
    assert dict(made.outcomes.values_list("area", "outcome")) == ALL_ACHIEVED
    assert made.recorded_by == world.users["coordinator"]
    # the note is encrypted at rest; the audit row carries no value of it
    assert Closing.objects.filter(note__contains="farewell").count() == 0
    assert Closing.objects.get().note == "Warm farewell dinner."
    row = AuditEvent.objects.filter(object_type="sponsorship.closing").get()
    assert row.detail["status"] == "completed"
    assert "farewell" not in str(row.detail)
    assert selectors.live_count(ended.group) == 0
    assert selectors.funds(ended.group).committed == 0
    assert not selectors.checkins_due(Sponsorship.objects.all(), today=TODAY(), within_days=400)


def test_forward_only_a_completed_sponsorship_is_not_closed_again(
    world: World, ended: Sponsorship
) -> None:
    _close(world, ended)
    with pytest.raises(ValidationError, match="already completed"):
        _close(world, ended, stay_in_touch=False)
    assert Closing.objects.get().stay_in_touch is True
    ended.refresh_from_db()
    with pytest.raises(ValidationError, match="running sponsorships only"):
        lifecycle.checkin_record(
            actor=None, checkin=ended.checkins.get(day=365), done_on=TODAY(), notes="late"
        )


def test_only_a_running_sponsorship_whose_commitment_ended_can_be_closed(
    world: World, sponsoring: Sponsoring
) -> None:
    running = sponsoring.sponsorship  # arrived 40 days ago
    ends = commitment_ends(running.arrival_date or TODAY())
    with pytest.raises(ValidationError, match=f"runs until {ends.isoformat()}"):
        _close(world, running)
    _unchanged(running)
    approved = year_old_sponsorship(world, name="Braga Friends")
    Sponsorship.objects.filter(pk=approved.pk).update(status=SponsorshipStatus.APPROVED)
    with pytest.raises(ValidationError, match="Only a running sponsorship"):
        _close(world, approved)
    approved.refresh_from_db()
    assert approved.status == SponsorshipStatus.APPROVED
    assert not Closing.objects.exists()


def test_a_broken_down_sponsorship_is_not_closed(world: World, ended: Sponsorship) -> None:
    lifecycle.sponsorship_escalate(
        actor=None,
        sponsorship=ended,
        reason="funds",
        occurred_on=TODAY(),
        safety_net="Government support",
        handovers=[lifecycle.Handover(a, "Caseworker", TODAY()) for a in PlanArea.values],
    )
    with pytest.raises(ValidationError, match="Only a running sponsorship"):
        _close(world, ended)
    ended.refresh_from_db()
    assert ended.status == SponsorshipStatus.BROKEN_DOWN
    assert not Closing.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"closed_on": "tomorrow"}, "cannot be in the future"),
        ({"outcomes": {"housing": "achieved"}}, "Give an outcome for: Reception"),
        ({"outcomes": {**ALL_ACHIEVED, "housing": "perfect"}}, "Unknown outcome"),
        ({"outcomes": {**ALL_ACHIEVED, "moon": "achieved"}}, "areas of the plan only"),
        ({"went_well": ["language", "weather"]}, "Unknown codes: weather"),
        ({"was_hard": ["bureaucracy"]}, "Unknown codes: bureaucracy"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    world: World, ended: Sponsorship, changes: dict[str, Any], message: str
) -> None:
    if changes.get("closed_on") == "tomorrow":
        changes["closed_on"] = TODAY() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match=message):
        _close(world, ended, **changes)
    _unchanged(ended)


def test_outcomes_only_for_the_areas_the_plan_has(world: World) -> None:
    found = group(world, name="Faro Friends")
    ready_member(found, "Inês")
    arrival = TODAY() - datetime.timedelta(days=366)
    household = consenting_household(world, arrival=arrival)
    sponsorship = lifecycle.sponsorship_approve(actor=None, group=found, household=household)
    lifecycle.sponsorship_introduce(actor=None, sponsorship=sponsorship, introduced_on=arrival)
    lifecycle.plan_item_set(
        actor=None, sponsorship=sponsorship, area="housing", responsible="Inês", actions="Flat"
    )
    assert selectors.plan_areas(sponsorship) == [("housing", "Housing")]
    with pytest.raises(ValidationError, match="areas of the plan only"):
        _close(world, sponsorship)
    made = _close(world, sponsorship, outcomes={"housing": "partly"})
    assert list(made.outcomes.values_list("area", "outcome")) == [("housing", "partly")]


def test_only_the_overseers_close(world: World, ended: Sponsorship) -> None:
    for actor in (
        world.users_b["coordinator"],
        world.users["caseworker"],
        world.users["sponsor"],
        world.users["analyst"],
    ):
        with pytest.raises(PermissionDenied):
            _close(world, ended, actor=actor)
    _unchanged(ended)


# --- the pages -----------------------------------------------------------------------


def _form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "closed_on": TODAY().isoformat(),
        "stay_in_touch": "no",
        "went_well": ["school"],
        "was_hard": ["housing", "money"],
        "note": "The family moved to Porto for work.",
        **{f"outcome_{area}": "achieved" for area in PlanArea.values},
    }
    data.update(changes)
    return data


def test_coordinator_closes_from_the_page(world: World, ended: Sponsorship) -> None:
    client = world.client(world.users["coordinator"])
    page = client.get(reverse("sponsorship:sponsorship", args=[ended.pk])).content.decode()
    assert reverse("sponsorship:close", args=[ended.pk]) in page
    url = reverse("sponsorship:close", args=[ended.pk])
    form = client.get(url).content.decode()
    assert "Housing: outcome" in form
    assert "Finding work" in form
    response = client.post(url, _form(outcome_housing="partly"))
    assert response.status_code == 302
    ended.refresh_from_db()
    assert ended.status == SponsorshipStatus.COMPLETED
    done = Closing.objects.get()
    assert done.stay_in_touch is False
    assert done.was_hard == ["housing", "money"]
    assert done.outcomes.get(area="housing").outcome == "partly"
    page = client.get(reverse("sponsorship:sponsorship", args=[ended.pk])).content.decode()
    assert "Closing review" in page
    assert "Partly achieved" in page
    assert "The family moved to Porto for work." in page  # staff read the note
    assert reverse("sponsorship:close", args=[ended.pk]) not in page
    # forward-only from the page too
    response = client.post(url, _form(stay_in_touch="yes"))
    assert response.status_code == 200
    assert "already completed" in response.content.decode()
    assert Closing.objects.get().stay_in_touch is False


@pytest.mark.parametrize(
    "changes",
    [
        {"outcome_housing": ""},
        {"outcome_housing": "perfect"},
        {"stay_in_touch": ""},
        {"went_well": ["weather"]},
        {"closed_on": "not a date"},
        {"closed_on": "2000-01-01"},
    ],
)
def test_bad_input_on_the_page_changes_nothing(
    world: World, ended: Sponsorship, changes: dict[str, Any]
) -> None:
    client = world.client(world.users["coordinator"])
    response = client.post(reverse("sponsorship:close", args=[ended.pk]), _form(**changes))
    assert response.status_code == 200
    assert 'class="invalid-feedback' in response.content.decode() or "alert-danger" in (
        response.content.decode()
    )
    _unchanged(ended)


def test_too_early_is_explained(world: World, sponsoring: Sponsoring) -> None:
    running = sponsoring.sponsorship
    client = world.client(world.users["coordinator"])
    page = client.get(reverse("sponsorship:sponsorship", args=[running.pk])).content.decode()
    assert reverse("sponsorship:close", args=[running.pk]) not in page
    assert "commitment runs until" in page
    response = client.post(reverse("sponsorship:close", args=[running.pk]), _form())
    assert "close it from then" in response.content.decode()
    _unchanged(running)


@pytest.mark.parametrize(
    "who", ["anonymous", "a:caseworker", "a:sponsor", "a:analyst", "b:coordinator", "b:sponsor"]
)
def test_others_are_refused_and_nothing_changes(world: World, ended: Sponsorship, who: str) -> None:
    if who == "anonymous":
        client = world.client(None)
    else:
        org, role = who.split(":")
        client = world.client((world.users if org == "a" else world.users_b)[role])
    url = reverse("sponsorship:close", args=[ended.pk])
    for response in (client.get(url), client.post(url, _form())):
        if who == "anonymous":
            assert response.status_code == 302
            assert "login" in response["Location"]
        else:
            assert response.status_code == 404
    _unchanged(ended)


# --- what the sponsor sees -------------------------------------------------------------


def test_sponsor_sees_the_completed_sponsorship_without_the_note(
    world: World, ended: Sponsorship
) -> None:
    services.member_link_user(
        actor=None, member=ended.group.members.get(), user=world.users["sponsor"]
    )
    _close(world, ended)
    page = world.client(world.users["sponsor"]).get(reverse("sponsorship:mine")).content.decode()
    assert "Completed" in page
    assert f"Closing review, {TODAY().isoformat()}" in page
    assert "Learning the language" in page
    assert "Finding work" in page
    assert "would like to stay in touch" in page
    assert "farewell" not in page  # the note stays with the programme
    assert "Check-ins to come" not in page  # nothing left to record


def _record(checkin: Any, actor: Any, notes: str) -> None:
    lifecycle.checkin_record(actor=actor, checkin=checkin, done_on=TODAY(), notes=notes)


def test_sponsor_rereads_their_groups_past_checkins_only(
    world: World, sponsoring: Sponsoring
) -> None:
    sponsor = world.users["sponsor"]
    _record(sponsoring.checkin, sponsor, "Kids love school; looking for a bigger flat.")
    # another group, with another sponsor, writes its own notes
    other = year_old_sponsorship(world, name="Setúbal Friends")
    services.member_link_user(
        actor=None, member=other.group.members.get(), user=world.users_b["sponsor"]
    )
    _record(other.checkins.get(day=30), world.users_b["sponsor"], "Other group's secret note")
    # the programme writes a note on a check-in of the first group
    staff_checkin = sponsoring.sponsorship.checkins.get(day=90)
    type(staff_checkin).objects.filter(pk=staff_checkin.pk).update(
        due_on=TODAY() - datetime.timedelta(days=1)
    )
    staff_checkin.refresh_from_db()
    _record(staff_checkin, world.users["coordinator"], "Staff-only: safeguarding follow-up")

    page = world.client(sponsor).get(reverse("sponsorship:mine")).content.decode()
    assert "Past check-ins" in page
    assert "Kids love school; looking for a bigger flat." in page
    assert "Day 30" in page
    assert "Staff-only" not in page
    assert "its notes stay with the programme" in page
    assert "Other group&#x27;s secret note" not in page
    assert "secret note" not in page
    reads = AuditEvent.objects.filter(
        actor=sponsor, object_type="sponsorship.checkin", object_id=str(sponsoring.checkin.pk)
    )
    assert reads.exists()

    other_page = world.client(world.users_b["sponsor"]).get(reverse("sponsorship:mine"))
    body = other_page.content.decode()
    assert "Other group&#x27;s secret note" in body
    assert "Kids love school" not in body


def test_past_checkins_selector(world: World, sponsoring: Sponsoring) -> None:
    assert selectors.past_checkins(sponsoring.sponsorship) == []
    _record(sponsoring.checkin, None, "By the system")
    rows = selectors.past_checkins(sponsoring.sponsorship)
    assert [(r.checkin.day, r.notes) for r in rows] == [(30, None)]
