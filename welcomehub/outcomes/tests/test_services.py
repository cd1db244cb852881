"""assessment_record against the database: what it saves and what it refuses."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.outcomes.models import Assessment
from welcomehub.outcomes.tests.support import TODAY, counts, head_a, record

pytestmark = pytest.mark.django_db


def test_a_baseline_is_saved_with_its_answers_and_one_audit_row(consented: World) -> None:
    before = counts()
    assessment = record(
        consented,
        head_a(consented),
        {"work_paid": 1, "housing_secure": 4, "culture_belonging": None},
    )
    assert counts() == {
        "assessments": before["assessments"] + 1,
        "observations": before["observations"] + 2,  # the skipped question has no row
        "audit": before["audit"] + 1,
    }
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.object_type, event.object_id) == (
        "create",
        "outcomes.assessment",
        str(assessment.pk),
    )
    assert event.detail == {"person": head_a(consented).pk, "kind": "baseline", "answers": 2}
    assert assessment.recorded_by == consented.users["caseworker"]
    assert assessment.catalogue_version


@pytest.mark.parametrize(
    ("answers", "question"),
    [
        ({"work_paid": 2}, "work_paid"),
        ({"housing_secure": 0, "work_paid": 1}, "housing_secure"),
        ({"bridges_friends": 11}, "bridges_friends"),
        ({"bridges_friends": -1}, "bridges_friends"),
        ({"no_such_question": 1}, "no_such_question"),
    ],
)
def test_a_value_outside_the_scale_is_refused_and_nothing_saved(
    consented: World, answers: dict[str, int | None], question: str
) -> None:
    before = counts()
    with pytest.raises(ValidationError) as raised:
        record(consented, head_a(consented), answers)
    assert question in raised.value.message_dict
    assert question in " ".join(raised.value.message_dict[question])
    assert counts() == before


def test_a_second_baseline_is_refused(consented: World) -> None:
    record(consented, head_a(consented), {"work_paid": 0})
    before = counts()
    with pytest.raises(ValidationError) as raised:
        record(consented, head_a(consented), {"work_paid": 1})
    assert "already has a baseline" in " ".join(raised.value.message_dict["kind"])
    assert counts() == before
    record(consented, head_a(consented), {"work_paid": 1}, kind="follow_up_6")
    assert Assessment.objects.filter(person=head_a(consented)).count() == 2


def test_without_consent_to_case_management_nothing_is_recorded(world: World) -> None:
    before = counts()
    with pytest.raises(ValidationError) as raised:
        record(world, head_a(world), {"work_paid": 1})
    assert raised.value.code == "no_consent"
    assert "consent to case management" in raised.value.messages[0]
    assert counts() == before


def test_withdrawn_consent_stops_recording(consented: World) -> None:
    from welcomehub.people import services as people

    person = head_a(consented)
    people.consent_withdraw(
        actor=consented.users["caseworker"], consent=person.consents.get(purpose="case_management")
    )
    with pytest.raises(ValidationError):
        record(consented, person, {"work_paid": 1})


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({"kind": "event"}, "event"),
        ({"kind": "follow_up_12", "event": "first_job"}, "event"),
        ({"date": TODAY + datetime.timedelta(days=1)}, "date"),
        ({"language": "de"}, "language"),
        ({"answered_by": "neighbour"}, "answered_by"),
    ],
)
def test_bad_details_are_refused(consented: World, details: dict, field: str) -> None:
    before = counts()
    with pytest.raises(ValidationError) as raised:
        record(consented, head_a(consented), {"work_paid": 1}, **details)
    assert field in raised.value.message_dict
    assert counts() == before


def test_an_event_assessment_names_its_event(consented: World) -> None:
    assessment = record(
        consented, head_a(consented), {"work_paid": 1}, kind="event", event="first_job"
    )
    assert assessment.event == "first_job"


def test_an_empty_assessment_is_refused(consented: World) -> None:
    before = counts()
    with pytest.raises(ValidationError):
        record(consented, head_a(consented), {"work_paid": None})
    assert counts() == before
