"""Evaluating the mechanism: the figures answer "is there a need?" and "is it
effective?", small counts of ratings are hidden, and only coordinators see them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import World
from welcomehub.exchange import introductions, services
from welcomehub.exchange.evaluation import _protected_distribution, mechanism_figures
from welcomehub.exchange.models import FollowUp, Introduction, IntroductionStatus
from welcomehub.exchange.tests.support import Exchange
from welcomehub.reports.tables import Table

pytestmark = pytest.mark.django_db


def _value(table: Table, label: str) -> object:
    return next(row[1] for row in table.rows if row[0] == label)


def test_is_there_a_need(exchange: Exchange) -> None:
    figures = mechanism_figures([exchange.round])
    assert _value(figures.need, "Organisations invited") == 2
    assert _value(figures.need, "Answers submitted") == 2
    assert _value(figures.need, "Response rate") == "100 %"
    assert _value(figures.need, "Needs") == 2
    assert _value(figures.need, "Needs without any offer on their topic") == 0
    coverage = {row[0]: row[1:] for row in figures.coverage.rows}
    assert coverage["Housing"] == [1, 1, 0, "100 %"]
    assert figures.needs_by_region.columns == ["Topic", "Southern Europe"]
    assert figures.unmet.rows == []


def test_an_unmet_need_is_listed(exchange: Exchange, world: World) -> None:
    services.answer_submit(actor=world.users["focal_point"], answer=exchange.draft_a)
    figures = mechanism_figures([exchange.draft_round])
    assert [row[:2] for row in figures.unmet.rows] == [
        ["Pre-departure preparation", "Welcome Network A"]
    ]
    assert _value(figures.need, "Response rate") == "50 %"


def test_is_the_mechanism_effective(exchange: Exchange, world: World) -> None:
    introduction = exchange.introduction
    fp_a, fp_b = world.users["focal_point"], world.users_b["focal_point"]
    introductions.introduction_accept(actor=fp_a, introduction=introduction)
    introductions.introduction_accept(actor=fp_b, introduction=introduction)
    # the need's answer was submitted three days before both sides accepted
    exchange.answer_a.__class__.objects.filter(pk=exchange.answer_a.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=3)
    )
    figures = mechanism_figures([exchange.round])
    effect = figures.effect
    assert _value(effect, "Suggestions made") == exchange.round.suggestions.count()
    assert _value(effect, "Introductions proposed") == 1
    assert _value(effect, "Introductions that followed a suggestion") == 1
    assert _value(effect, "Introductions accepted by both sides") == 1
    assert _value(effect, "Acceptance rate (of those decided)") == "100 %"
    assert _value(effect, "Median days from answer to introduction") == pytest.approx(3.0, abs=0.1)
    statuses = {row[0]: row[1] for row in figures.introductions.rows}
    assert statuses["Accepted by both sides"] == 1


def test_few_ratings_are_hidden_many_are_shown(exchange: Exchange, world: World) -> None:
    introduction = exchange.introduction
    now = timezone.now()
    FollowUp.objects.create(
        introduction=introduction, organisation=world.org_a, rating=5, answered_at=now
    )
    FollowUp.objects.create(
        introduction=introduction, organisation=world.org_b, rating=4, answered_at=now
    )
    rows = mechanism_figures([exchange.round], k=5).ratings.rows
    followups = rows[0]
    assert followups[1:6] == [0, 0, 0, None, None]  # 1 and 1 are under 5: hidden
    assert followups[6] is None  # so is the total that would reveal them
    assert followups[7] is None  # and the mean
    hidden_twice = _protected_distribution([5, 5, 4], "x", k=2)
    # the lone 4 is hidden, and so are the 5s: the published total would give it away
    assert hidden_twice[1:7] == [0, 0, 0, None, None, 3]
    shown = _protected_distribution([5, 5, 4, 4, 3, 3], "x", k=2)
    assert shown[1:8] == [0, 0, 2, 2, 2, 6, 4.0]


def test_only_the_coordinator_sees_the_evaluation(exchange: Exchange, world: World) -> None:
    for name in ("evaluation", "evaluation_pdf", "evaluation_xlsx"):
        url = reverse(f"exchange:{name}", args=[exchange.round.pk])
        assert world.client(None).get(url).status_code == 302
        for user in (world.users["focal_point"], world.users_b["coordinator"]):
            assert world.client(user).get(url).status_code == 404
    page = world.client(world.users["coordinator"]).get(
        reverse("exchange:evaluation", args=[exchange.round.pk])
    )
    assert "Is there a need?" in page.content.decode()
    assert "Is the mechanism effective?" in page.content.decode()
    assert (
        world.client(world.users["focal_point"]).get(reverse("exchange:evaluation_all")).status_code
        == 404
    )


def test_report_and_recommendations(exchange: Exchange, world: World) -> None:
    coordinator = world.users["coordinator"]
    text = "Housing training is the most asked for.\n\nFund travel for emerging countries."
    services.round_recommendations_set(actor=coordinator, survey_round=exchange.round, text=text)
    client = world.client(coordinator)
    pdf = client.get(reverse("exchange:evaluation_pdf", args=[exchange.round.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    book = load_workbook(
        io.BytesIO(
            client.get(reverse("exchange:evaluation_xlsx", args=[exchange.round.pk])).content
        )
    )
    assert book.sheetnames[:3] == [
        "Recommendations",
        "Is there a need",
        "Needs by topic and region",
    ]
    assert [c.value for c in book["Recommendations"]["A"]][1:3] == [
        "Housing training is the most asked for.",
        "Fund travel for emerging countries.",
    ]


def test_across_rounds(exchange: Exchange, world: World) -> None:
    client = world.client(world.users["coordinator"])
    page = client.get(reverse("exchange:evaluation_all")).content.decode()
    assert "Integration exchange 2026" in page
    assert "Pre-departure exchange 2027" in page
    empty = world.client(world.users_b["coordinator"]).get(reverse("exchange:evaluation_all"))
    assert "Integration exchange 2026" not in empty.content.decode()
    book = load_workbook(io.BytesIO(client.get(reverse("exchange:evaluation_all_xlsx")).content))
    compared = book["Rounds compared"]
    assert [c.value for c in compared["A"]][1:3] == [
        "Integration exchange 2026",
        "Pre-departure exchange 2027",
    ]
    assert Introduction.objects.filter(status=IntroductionStatus.PROPOSED).count() == 1
