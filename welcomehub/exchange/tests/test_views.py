"""Exchange pages: who reaches what, forms that refuse bad input, the chart."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from conftest import World
from welcomehub.exchange import services
from welcomehub.exchange.models import Answer, AnswerStatus, Need, Offer, SurveyRound
from welcomehub.exchange.tests.support import Exchange

pytestmark = pytest.mark.django_db


def _urls(exchange: Exchange) -> dict[str, str]:
    answer = exchange.draft_a.pk
    return {
        "round": reverse("exchange:round_detail", args=[exchange.round.pk]),
        "chart": reverse("exchange:chart", args=[exchange.round.pk]),
        "suggestions": reverse("exchange:suggestion_list", args=[exchange.round.pk]),
        "answer": reverse("exchange:answer_detail", args=[answer]),
        "introduction": reverse("exchange:introduction_detail", args=[exchange.introduction.pk]),
    }


def test_anonymous_is_sent_to_sign_in(exchange: Exchange, world: World) -> None:
    client = world.client(None)
    for url in [reverse("exchange:round_list"), *_urls(exchange).values()]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["caseworker", "analyst", "volunteer", "refugee"])
def test_other_roles_get_404(exchange: Exchange, world: World, role: str) -> None:
    client = world.client(world.users[role])
    assert client.get(reverse("exchange:round_list")).status_code == 404
    assert client.get(reverse("exchange:round_create")).status_code == 404
    for url in _urls(exchange).values():
        assert client.get(url).status_code == 404


def test_focal_point_of_b_cannot_reach_or_change_as_answer(
    exchange: Exchange, world: World
) -> None:
    client = world.client(world.users_b["focal_point"])
    answer = exchange.draft_a.pk
    needs = Need.objects.count()
    assert client.get(reverse("exchange:answer_detail", args=[answer])).status_code == 404
    response = client.post(reverse("exchange:need_add", args=[answer]), {"topics": ["housing"]})
    assert response.status_code == 404
    url = reverse("exchange:need_remove", args=[answer, exchange.draft_need_a.pk])
    assert client.post(url).status_code == 404
    assert client.post(reverse("exchange:answer_submit", args=[answer])).status_code == 404
    assert Need.objects.count() == needs
    assert Answer.objects.get(pk=answer).status == AnswerStatus.DRAFT
    # but B's focal point sees the round A invited B to, and its chart
    assert client.get(_urls(exchange)["chart"]).status_code == 200


def test_coordinator_of_b_does_not_reach_as_rounds(exchange: Exchange, world: World) -> None:
    client = world.client(world.users_b["coordinator"])
    assert client.get(reverse("exchange:round_list")).status_code == 200
    for url in _urls(exchange).values():
        assert client.get(url).status_code == 404


def test_focal_point_answers_with_the_form(exchange: Exchange, world: World) -> None:
    client = world.client(world.users["focal_point"])
    answer = exchange.draft_a
    url = reverse("exchange:need_add", args=[answer.pk])
    before = Need.objects.count()
    response = client.post(url, {"topics": ["astrology"]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Need.objects.count() == before
    response = client.post(
        url, {"topics": ["housing", "employment"], "languages": ["uk"], "description": "Jobs"}
    )
    assert response.status_code == 302
    assert Need.objects.count() == before + 1
    response = client.post(
        reverse("exchange:offer_add", args=[answer.pk]),
        {"kind": "mailing_list", "topics": ["volunteering"]},
    )
    assert response.status_code == 302
    assert Offer.objects.filter(answer=answer, kind="mailing_list").exists()
    response = client.post(
        reverse("exchange:answer_detail", args=[answer.pk]),
        {"twinning": "peer", "funding_sources": "EU travel grants"},
    )
    assert response.status_code == 302
    assert client.post(reverse("exchange:answer_submit", args=[answer.pk])).status_code == 302
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.SUBMITTED
    assert answer.twinning == "peer"
    # read-only now: no forms, and a late edit changes nothing
    page = client.get(reverse("exchange:answer_detail", args=[answer.pk])).content.decode()
    assert "Add the need" not in page
    client.post(url, {"topics": ["housing"]})
    assert Need.objects.count() == before + 1


def test_coordinator_opens_a_round(world: World) -> None:
    client = world.client(world.users["coordinator"])
    response = client.get(reverse("exchange:round_create"))
    assert response.status_code == 200
    response = client.post(
        reverse("exchange:round_create"),
        {
            "title": "Pilot round",
            "organisation": world.org_a.pk,
            "period_start": "2026-09-01",
            "period_end": "2027-08-31",
            "questionnaire_version": "1",
            "invited": [world.org_a.pk, world.org_b.pk],
        },
    )
    assert response.status_code == 302
    survey_round = SurveyRound.objects.get(title="Pilot round")
    assert survey_round.answers.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "Community Partner B" in page


def test_coordinator_sees_answers_chart_and_suggestions(exchange: Exchange, world: World) -> None:
    client = world.client(world.users["coordinator"])
    urls = _urls(exchange)
    page = client.get(urls["round"]).content.decode()
    assert "Welcome Network A" in page
    assert "Community Partner B" in page
    answer_url = reverse("exchange:answer_detail", args=[exchange.answer_b.pk])
    assert client.get(answer_url).status_code == 200  # every answer of the round
    chart = client.get(urls["chart"]).content.decode()
    assert "Housing search training" in chart
    assert "Need without offer" not in chart  # every need has another's offer
    suggestions = client.get(urls["suggestions"]).content.decode()
    assert "same topic" in suggestions
    assert "Introduction proposed" in suggestions  # A's need and B's offer already are


def test_chart_filters(exchange: Exchange, world: World) -> None:
    client = world.client(world.users["focal_point"])
    url = _urls(exchange)["chart"]
    page = client.get(url, {"org_type": "refugee_led"}).content.decode()
    assert "Housing search training" in page
    assert "Training for staff" not in page
    page = client.get(url, {"modality": "study_visit"}).content.decode()
    assert "Housing search training" not in page


def test_chart_csv_and_hxl(exchange: Exchange, world: World) -> None:
    client = world.client(world.users["coordinator"])
    url = reverse("exchange:chart_csv", args=[exchange.round.pk])
    response = client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "topic"
    assert any(row[:2] == ["housing", "offer"] for row in rows)
    assert any(row[7] == "Housing search training for caseworkers" for row in rows)
    rows = list(csv.reader(io.StringIO(client.get(url, {"hxl": "1"}).content.decode())))
    assert rows[1][0] == "#sector"
    assert "#org +name" in rows[1]


def test_a_need_without_offer_stands_out(exchange: Exchange, world: World) -> None:
    fp_a = world.users["focal_point"]
    services.answer_submit(actor=fp_a, answer=exchange.draft_a)  # needs pre_departure
    url = reverse("exchange:chart", args=[exchange.draft_round.pk])
    page = world.client(world.users["coordinator"]).get(url).content.decode()
    assert "Need without offer" in page
    assert "1 need has no offer yet." in page


def test_coordinator_sends_reminders(exchange: Exchange, world: World) -> None:
    url = reverse("exchange:round_remind", args=[exchange.draft_round.pk])
    assert world.client(world.users["focal_point"]).post(url).status_code == 404
    response = world.client(world.users["coordinator"]).post(url, follow=True)
    assert "2 organisations were reminded." in response.content.decode()


def test_chart_country_filter(exchange: Exchange, world: World) -> None:
    client = world.client(world.users["coordinator"])
    url = _urls(exchange)["chart"]
    assert "Housing search training" in client.get(url, {"country": "PT"}).content.decode()
    page = client.get(url, {"country": "FR"}).content.decode()
    assert "No submitted answer matches yet." in page


def test_chart_csv_never_exports_a_formula(exchange: Exchange, world: World) -> None:
    services.need_add(
        actor=world.users["focal_point"],
        answer=exchange.draft_a,
        topics=["housing"],
        description='=HYPERLINK("http://example.org")',
    )
    services.answer_submit(actor=world.users["focal_point"], answer=exchange.draft_a)
    url = reverse("exchange:chart_csv", args=[exchange.draft_round.pk])
    body = world.client(world.users["coordinator"]).get(url).content.decode()
    descriptions = [row[7] for row in csv.reader(io.StringIO(body))]
    assert '\'=HYPERLINK("http://example.org")' in descriptions
