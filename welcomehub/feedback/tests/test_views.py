"""Feedback pages: the public form, board and survey, and the staff pages' refusals."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.feedback import views
from welcomehub.feedback.models import BoardPost, Feedback, FeedbackAuthor, SatisfactionResponse
from welcomehub.feedback.tests.conftest import anonymous_feedback, answered_feedback

pytestmark = pytest.mark.django_db


def _give(world: World) -> str:
    return reverse("feedback:give", kwargs={"programme_id": world.programme.pk})


def test_anyone_gives_feedback_without_signing_in(world: World) -> None:
    client = world.client(None)
    assert client.get(_give(world)).status_code == 200
    response = client.post(
        _give(world) + "?via=poster",
        {"category": "information", "text": "Где найти расписание?", "language": "ru"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "feedback:board", kwargs={"programme_id": world.programme.pk}
    )
    feedback = Feedback.objects.get()
    assert feedback.channel == "poster"
    assert feedback.language == "ru"
    assert not FeedbackAuthor.objects.exists()


def test_bad_input_shows_an_error_and_saves_nothing(world: World) -> None:
    response = world.client(None).post(_give(world), {"category": "services", "text": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_signed_in_refugee_stays_anonymous_unless_they_tick_the_box(world: World) -> None:
    client = world.client(world.users["refugee"])
    before = AuditEvent.objects.filter(actor=world.users["refugee"]).count()
    client.post(_give(world), {"category": "safety", "text": "Unsafe stairs", "language": "en"})
    anonymous = Feedback.objects.get()
    assert not FeedbackAuthor.objects.filter(feedback=anonymous).exists()
    assert AuditEvent.objects.filter(actor=world.users["refugee"]).count() == before
    client.post(
        _give(world),
        {"category": "thanks", "text": "Thanks!", "language": "en", "in_my_name": "on"},
    )
    named = Feedback.objects.exclude(pk=anonymous.pk).get()
    assert named.author.user == world.users["refugee"]


def test_the_public_form_is_rate_limited(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "PUBLIC_LIMIT", 2)
    client = world.client(None)
    data = {"category": "services", "text": "Hello", "language": "en"}
    assert [client.post(_give(world), data).status_code for _ in range(3)] == [302, 302, 429]
    assert Feedback.objects.count() == 2


def test_survey_answers_are_stored_anonymously(world: World) -> None:
    url = reverse("feedback:survey", kwargs={"programme_id": world.programme.pk})
    client = world.client(world.users["refugee"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"respected": "5", "heard": "2"}).status_code == 302
    response = SatisfactionResponse.objects.get()
    assert response.answers == {"respected": 5, "heard": 2}
    assert client.post(url, {"respected": "9"}).status_code == 200
    assert SatisfactionResponse.objects.count() == 1


def test_coordinator_answers_and_publishes_and_the_board_shows_it(world: World) -> None:
    feedback = anonymous_feedback(world)
    coordinator = world.client(world.users["coordinator"])
    ref = feedback.reference
    detail = reverse("feedback:detail", kwargs={"feedback_ref": ref})
    page = coordinator.get(detail).content.decode()
    assert feedback.text in page
    assert "Anonymously" in page
    coordinator.post(
        reverse("feedback:respond", kwargs={"feedback_ref": ref}), {"response": "Fixed"}
    )
    coordinator.post(
        reverse("feedback:publish", kwargs={"feedback_ref": ref}),
        {"you_said": "Buses were late", "we_did": "New timetable", "language": "en"},
    )
    assert BoardPost.objects.count() == 1
    board = world.client(None).get(
        reverse("feedback:board", kwargs={"programme_id": world.programme.pk})
    )
    assert "New timetable" in board.content.decode()
    assert feedback.text not in board.content.decode()


@pytest.mark.parametrize("who", ["anon", "a:caseworker", "a:analyst", "b:coordinator"])
def test_others_cannot_open_or_answer_feedback(world: World, who: str) -> None:
    feedback = anonymous_feedback(world)
    user = None
    if who != "anon":
        org, role = who.split(":")
        user = (world.users if org == "a" else world.users_b)[role]
    client = world.client(user)
    ref = feedback.reference
    get = client.get(reverse("feedback:detail", kwargs={"feedback_ref": ref}))
    post = client.post(reverse("feedback:respond", kwargs={"feedback_ref": ref}), {"response": "x"})
    expected = 302 if who == "anon" else 404
    assert get.status_code == expected
    assert post.status_code == expected
    feedback.refresh_from_db()
    assert feedback.response == ""
    assert feedback.status == "received"


def test_caseworker_logs_feedback_and_a_listening_session(world: World) -> None:
    client = world.client(world.users["caseworker"])
    url = reverse("feedback:log") + f"?programme={world.programme.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"category": "health", "text": "Long waits at the clinic", "language": "en"}
    )
    assert response.status_code == 302
    assert Feedback.objects.get().channel == "caseworker"
    sessions = reverse("feedback:session_log") + f"?programme={world.programme.pk}"
    response = client.post(
        sessions,
        {
            "held_on": "2026-01-10",
            "participants": "12",
            "themes": ["housing", "health"],
            "notes": "Worries about winter heating",
        },
    )
    assert response.status_code == 302
    assert world.programme.listening_sessions.get().participants == 12
    bad = client.post(sessions, {"held_on": "2999-01-01", "participants": "0", "notes": "x"})
    assert bad.status_code == 200
    assert world.programme.listening_sessions.count() == 1


def test_figures_and_poster_are_for_the_programme_staff(world: World) -> None:
    answered_feedback(world)
    figures = reverse("feedback:figures", kwargs={"programme_id": world.programme.pk})
    poster = reverse("feedback:poster", kwargs={"programme_id": world.programme.pk})
    assert world.client(world.users["analyst"]).get(figures).status_code == 200
    assert world.client(world.users_b["analyst"]).get(figures).status_code == 200
    assert world.client(world.users["volunteer"]).get(figures).status_code == 404
    page = world.client(world.users["caseworker"]).get(poster)
    assert page.status_code == 200
    assert b"<svg" in page.content
    assert world.client(world.users["volunteer"]).get(poster).status_code == 404


def test_figures_export_as_real_files_and_the_poster_as_a_pdf(world: World) -> None:
    import csv
    import io

    import openpyxl

    for _ in range(5):
        answered_feedback(world)
    analyst = world.client(world.users["analyst"])
    kwargs = {"programme_id": world.programme.pk}
    csv_response = analyst.get(reverse("feedback:figures_csv", kwargs=kwargs))
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Category", "Answered", "Not answered yet", "Total"]
    assert ["Services and support", "5", "0", "5"] in rows
    xlsx = analyst.get(reverse("feedback:figures_xlsx", kwargs=kwargs))
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert len(book.sheetnames) == 3
    poster = world.client(world.users["coordinator"]).get(
        reverse("feedback:poster_pdf", kwargs=kwargs)
    )
    assert poster["Content-Type"] == "application/pdf"
    assert poster.content.startswith(b"%PDF")
    assert (
        world.client(world.users["volunteer"])
        .get(reverse("feedback:figures_csv", kwargs=kwargs))
        .status_code
        == 404
    )
