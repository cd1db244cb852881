"""Follow-ups due at 6, 12 and 24 months after arrival and after noted events."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.outcomes import selectors, services
from welcomehub.outcomes.models import LifeEvent
from welcomehub.outcomes.tests.support import TODAY, head_a, record
from welcomehub.people.access import caseload

pytestmark = pytest.mark.django_db
ARRIVAL = datetime.date(2026, 3, 1)  # the world's households


def _due(world: World, today: datetime.date, user: str = "caseworker") -> list[tuple]:
    households = caseload(world.users[user], "assessment.record")
    return [
        (item.person.pk, item.kind, item.event, item.due)
        for item in selectors.followups_due(households, today=today)
    ]


@pytest.fixture
def baseline(consented: World) -> World:
    record(consented, head_a(consented), {"work_paid": 0}, date=ARRIVAL)
    return consented


def test_scheduled_follow_ups_come_due_after_arrival(baseline: World) -> None:
    person = head_a(baseline).pk
    assert _due(baseline, datetime.date(2026, 8, 31)) == []
    six = (person, "follow_up_6", "", datetime.date(2026, 9, 1))
    assert _due(baseline, datetime.date(2026, 9, 1)) == [six]  # not the child: no baseline
    # A missed six-month follow-up gives way to the twelve-month one.
    assert _due(baseline, datetime.date(2027, 3, 2)) == [
        (person, "follow_up_12", "", datetime.date(2027, 3, 1))
    ]
    assert _due(baseline, datetime.date(2028, 3, 1))[0][1] == "follow_up_24"
    # B's caseworker does not see A's people.
    assert _due(baseline, datetime.date(2026, 9, 2), user="caseworker") != []
    households = caseload(baseline.users_b["caseworker"], "assessment.record")
    assert selectors.followups_due(households, today=datetime.date(2026, 9, 2)) == []


def test_a_recorded_follow_up_is_no_longer_due(baseline: World) -> None:
    record(baseline, head_a(baseline), {"work_paid": 1}, kind="follow_up_6", date=TODAY)
    assert _due(baseline, datetime.date(2026, 12, 1)) == []


def test_an_event_makes_an_assessment_due_until_one_follows_it(baseline: World) -> None:
    person = head_a(baseline)
    day = datetime.date(2026, 4, 10)
    services.life_event_record(
        actor=baseline.users["caseworker"], person=person, event="first_job", date=day
    )
    assert _due(baseline, datetime.date(2026, 5, 1)) == [(person.pk, "event", "first_job", day)]
    # An assessment at that event dated before it does not count; one after it does.
    record(
        baseline, person, {"work_paid": 1}, kind="event", event="first_job", date=day.replace(day=9)
    )
    assert _due(baseline, datetime.date(2026, 5, 1)) != []
    record(baseline, person, {"work_paid": 1}, kind="event", event="first_job", date=day)
    assert _due(baseline, datetime.date(2026, 5, 1)) == []


def test_noting_an_event_needs_consent_and_a_past_date(world: World) -> None:
    person = head_a(world)
    before = (LifeEvent.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError):
        services.life_event_record(actor=None, person=person, event="first_job", date=TODAY)
    assert (LifeEvent.objects.count(), AuditEvent.objects.count()) == before


def test_noting_an_event_in_the_future_is_refused(consented: World) -> None:
    with pytest.raises(ValidationError) as error:
        services.life_event_record(
            actor=None,
            person=head_a(consented),
            event="school_entry",
            date=TODAY + datetime.timedelta(days=1),
        )
    assert "date" in error.value.message_dict
    assert not LifeEvent.objects.exists()


def test_the_caseworker_notes_an_event_through_the_page(consented: World) -> None:
    url = reverse("outcomes:life_event_record", kwargs={"person_id": head_a(consented).pk})
    client = consented.client(consented.users["caseworker"])
    bad = client.post(url, {"event": "lottery_win", "date": TODAY.isoformat()})
    assert bad.status_code == 200
    assert not LifeEvent.objects.exists()
    response = client.post(url, {"event": "housing_move", "date": TODAY.isoformat()})
    assert response.status_code == 302
    event = LifeEvent.objects.get()
    assert (event.event, event.noted_by) == ("housing_move", consented.users["caseworker"])
    other = consented.client(consented.users_b["caseworker"])
    assert other.post(url, {"event": "housing_move", "date": TODAY.isoformat()}).status_code == 404
    assert Client().get(url).status_code == 302
    assert LifeEvent.objects.count() == 1


@pytest.mark.parametrize("role", ["volunteer", "analyst", "coordinator", "refugee"])
def test_the_follow_ups_page_is_for_caseworkers(world: World, role: str) -> None:
    url = reverse("outcomes:followups_due")
    assert world.client(world.users[role]).get(url).status_code == 404
    assert world.client(world.users["caseworker"]).get(url).status_code == 200
