"""Feedback services against the database: routing, anonymity, answering, the board."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from conftest import World
from welcomehub.accounts import services as accounts
from welcomehub.core.models import AuditEvent
from welcomehub.feedback import selectors, services
from welcomehub.feedback.models import BoardPost, Feedback, FeedbackAuthor, Status
from welcomehub.feedback.tests.conftest import anonymous_feedback, answered_feedback
from welcomehub.programmes import services as programmes

pytestmark = pytest.mark.django_db


def test_anonymous_feedback_goes_to_the_lead_and_leaves_no_trace_of_its_author(
    world: World,
) -> None:
    events = AuditEvent.objects.count()
    feedback = services.feedback_submit(
        actor=world.users["refugee"],
        programme=world.programme,
        category="safety",
        text="Someone shouted at us near the shelter",
        language="uk",
    )
    assert feedback.routed_to == world.org_a
    assert not FeedbackAuthor.objects.filter(feedback=feedback).exists()
    assert AuditEvent.objects.count() == events
    assert feedback.status == Status.RECEIVED


def test_feedback_is_routed_to_the_partner_responsible_for_the_domain(world: World) -> None:
    programmes.responsibility_create(
        actor=None,
        programme=world.programme,
        domain="housing",
        place=world.other_place,
        provider=world.org_b,
        service="Housing search",
        access="Drop-in",
    )
    feedback = services.feedback_submit(
        actor=None,
        programme=world.programme,
        category="housing",
        text="The flat has mould",
        language="en",
        place=world.other_place,
    )
    assert feedback.routed_to == world.org_b


def test_named_feedback_records_its_author_and_is_audited(world: World) -> None:
    refugee = world.users["refugee"]
    feedback = services.feedback_submit(
        actor=refugee,
        programme=world.programme,
        category="thanks",
        text="Thank you for the help with school enrolment",
        language="ar",
        anonymous=False,
        contact="+351 900 000 000",
    )
    assert feedback.author.user == refugee
    assert not feedback.author.logged
    assert AuditEvent.objects.filter(object_id=str(feedback.pk), actor=refugee).exists()
    assert Feedback.objects.get(pk=feedback.pk).contact == "+351 900 000 000"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"contact": "me@example.org"}, "contact"),  # anonymous with contact details
        ({"category": "nonsense"}, "category"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 4001}, "text"),
        ({"language": "xx"}, "language"),
    ],
)
def test_bad_feedback_is_refused_and_nothing_is_saved(
    world: World, changes: dict[str, str], field: str
) -> None:
    values: dict[str, Any] = {"category": "services", "text": "Fine text", "language": "en"}
    with pytest.raises(ValidationError) as error:
        services.feedback_submit(actor=None, programme=world.programme, **(values | changes))
    assert field in error.value.message_dict
    assert not Feedback.objects.exists()


def test_named_feedback_needs_a_signed_in_person_and_a_place_of_the_programme(
    world: World,
) -> None:
    with pytest.raises(ValidationError):
        services.feedback_submit(
            actor=None,
            programme=world.programme,
            category="services",
            text="Hello",
            language="en",
            anonymous=False,
        )
    elsewhere = programmes.place_create(actor=None, name="Faro", kind="municipality", country="PT")
    with pytest.raises(ValidationError) as error:
        services.feedback_submit(
            actor=None,
            programme=world.programme,
            category="services",
            text="Hello",
            language="en",
            place=elsewhere,
        )
    assert "place" in error.value.message_dict
    assert not Feedback.objects.exists()


def test_caseworkers_of_partners_log_feedback_and_others_cannot(world: World) -> None:
    logged = services.feedback_log(
        actor=world.users_b["caseworker"],
        programme=world.programme,
        category="language_access",
        text="No interpreter at the health centre on Mondays",
        language="en",
    )
    assert logged.channel == "caseworker"
    assert logged.author.logged
    assert logged.author.user == world.users_b["caseworker"]
    outsider_org = accounts.organisation_create(
        actor=None, name="Elsewhere", org_type="ngo", country="PT"
    )
    outsider = accounts.user_create(actor=None, username="c-caseworker", password="x-Long-pass-99")
    accounts.membership_add(
        actor=None, user=outsider, organisation=outsider_org, role_code="caseworker"
    )
    for actor in (world.users["volunteer"], outsider):
        with pytest.raises(ValidationError):
            services.feedback_log(
                actor=actor,
                programme=world.programme,
                category="services",
                text="Heard something",
                language="en",
            )
    assert Feedback.objects.count() == 1


def test_only_the_handling_organisation_answers_and_routes(world: World) -> None:
    feedback = anonymous_feedback(world)
    with pytest.raises(ValidationError):
        services.feedback_respond(
            actor=world.users_b["coordinator"], feedback=feedback, response="Not ours"
        )
    services.feedback_route(
        actor=world.users["coordinator"], feedback=feedback, organisation=world.org_b
    )
    services.feedback_respond(
        actor=world.users_b["coordinator"], feedback=feedback, response="We will look into it"
    )
    feedback.refresh_from_db()
    assert feedback.status == Status.ANSWERED
    assert feedback.responded_on == datetime.date.today()
    # the lead keeps the oversight of its programme
    services.feedback_status_set(
        actor=world.users["coordinator"], feedback=feedback, status=Status.CLOSED
    )


def test_feedback_is_only_routed_to_partners_of_the_programme(world: World) -> None:
    feedback = anonymous_feedback(world)
    stranger = accounts.organisation_create(
        actor=None, name="Stranger", org_type="ngo", country="PT"
    )
    with pytest.raises(ValidationError):
        services.feedback_route(
            actor=world.users["coordinator"], feedback=feedback, organisation=stranger
        )
    feedback.refresh_from_db()
    assert feedback.routed_to == world.org_a


def test_the_board_shows_a_summary_never_the_original(world: World) -> None:
    feedback = anonymous_feedback(world)
    coordinator = world.users["coordinator"]
    texts = {"en": {"you_said": "Buses are late", "we_did": "The timetable changed"}}
    with pytest.raises(ValidationError):  # not answered yet
        services.board_publish(actor=coordinator, feedback=feedback, texts=texts)
    feedback = answered_feedback(world)
    verbatim = {"en": {"you_said": feedback.text, "we_did": "Done"}}
    with pytest.raises(ValidationError):
        services.board_publish(actor=coordinator, feedback=feedback, texts=verbatim)
    assert not BoardPost.objects.exists()
    services.board_publish(
        actor=coordinator,
        feedback=feedback,
        texts={**texts, "uk": {"you_said": "Автобуси запізнюються", "we_did": "Розклад змінено"}},
    )
    english = selectors.board(world.programme, "en")
    ukrainian = selectors.board(world.programme, "uk")
    arabic = selectors.board(world.programme, "ar")  # no Arabic text: the first one shown
    assert [e.you_said for e in english] == ["Buses are late"]
    assert [e.you_said for e in ukrainian] == ["Автобуси запізнюються"]
    assert arabic[0].language == "en"
    with pytest.raises(ValidationError):  # once only
        services.board_publish(actor=coordinator, feedback=feedback, texts=texts)


@pytest.mark.parametrize(
    "answers", [{"respected": 0}, {"respected": 6}, {"unknown": 3}, {"heard": True}, {}]
)
def test_bad_survey_answers_are_refused(world: World, answers: dict[str, int]) -> None:
    with pytest.raises(ValidationError):
        services.satisfaction_submit(programme=world.programme, language="en", answers=answers)
    assert not world.programme.satisfaction.exists()


def test_accountability_figures_hide_small_counts(world: World) -> None:
    for _ in range(3):
        anonymous_feedback(world)
    figures = selectors.figures(world.programme)
    assert figures.by_category == [("services", None, None, None)] or all(
        value is None or value == 0 or value >= figures.k
        for row in figures.by_category
        for value in row[1:]
    )
    assert figures.share_answered is None
    assert figures.median_days_to_response is None
    for _ in range(6):
        answered_feedback(world)
    for _ in range(2):  # 5 open, 6 answered: no cell is small any more
        anonymous_feedback(world)
    for value in (4, 5, 5, 3, 4):
        services.satisfaction_submit(
            programme=world.programme, language="en", answers={"respected": value}
        )
    figures = selectors.figures(world.programme)
    assert figures.total == 11
    assert figures.by_category[0][1] == 6  # answered
    assert figures.share_answered == pytest.approx(6 / 11)
    assert figures.median_days_to_response == 0.0
    respected = figures.satisfaction[0]
    assert respected[1] == pytest.approx(4.2)
    assert respected[2] == 5
    assert selectors.accountability_figures(world.programme)["total"] == 11
