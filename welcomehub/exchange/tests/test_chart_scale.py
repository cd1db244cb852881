"""The exchange at scale: the chart of a round with many organisations shows a summary per
topic, the grid only for a few organisations, the entries of one topic a page at a time;
the round page shows figures and pages through its answers. Every figure is checked
against a count done the slow, obvious way on the same rows."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from conftest import World
from welcomehub.accounts.models import Organisation
from welcomehub.exchange import chart_exports, selectors
from welcomehub.exchange.models import Answer, AnswerStatus, Need, Offer, SurveyRound
from welcomehub.exchange.regions import countries_in
from welcomehub.exchange.sharing import share_token
from welcomehub.exchange.tests.support import Exchange
from welcomehub.tests.test_query_counts import assert_flat

pytestmark = pytest.mark.django_db

MANY = 60  # organisations added: above the grid's limit, over 50 entries on a topic
TOPICS = ("education", "employment", "health", "orientation", "casework")


def _organisations(prefix: str, count: int, start: int = 0) -> list[Organisation]:
    return Organisation.objects.bulk_create(
        Organisation(
            name=f"{prefix} {i:03d}",
            org_type="ngo" if i % 2 else "municipality",
            country="PT" if i % 2 else "DE",
        )
        for i in range(start, start + count)
    )


def _answers(
    survey_round: SurveyRound, organisations: list[Organisation], start: int = 0
) -> list[Answer]:
    """Submitted answers, three needs and two offers each, made in bulk (fast); only the
    first organisation ever made offers on funding, so its own funding need is the one
    need on funding without an offer."""
    answers = Answer.objects.bulk_create(
        Answer(round=survey_round, organisation=o, status=AnswerStatus.SUBMITTED)
        for o in organisations
    )
    needs, offers = [], []
    for i, answer in enumerate(answers, start):
        languages = ["fr"] if i % 3 == 0 else ["en"]
        modalities = ["training"] if i % 2 else []
        for topics in ([TOPICS[i % 5]], ["funding"], ["family_reunion", "health"]):
            needs.append(
                Need(
                    answer=answer,
                    topics=topics,
                    modalities=modalities,
                    languages=languages,
                    description=f"Need {i} on {topics[0]}",
                )
            )
        offers.append(
            Offer(
                answer=answer,
                kind="training",
                topics=[TOPICS[(i + 1) % 5]],
                languages=languages,
                description=f"Offer {i}",
            )
        )
        offers.append(
            Offer(
                answer=answer,
                kind="resource" if i == 0 else "study_visit",
                topics=["funding"] if i == 0 else ["reception"],
                description=f"Offer {i} second",
            )
        )
    Need.objects.bulk_create(needs)
    Offer.objects.bulk_create(offers)
    return answers


@pytest.fixture
def large(exchange: Exchange) -> SurveyRound:
    _answers(exchange.round, _organisations("Scale org", MANY))
    return exchange.round


def _brute(survey_round: SurveyRound, **filters: str) -> dict[str, dict[str, Any]]:
    """Per topic, from model instances and the definition in words: a need is uncovered
    when no other organisation offers anything on its topic."""
    answers = survey_round.answers.filter(status=AnswerStatus.SUBMITTED)
    if filters.get("region"):
        answers = answers.filter(organisation__country__in=countries_in(filters["region"]))
    if filters.get("country"):
        answers = answers.filter(organisation__country=filters["country"])

    def kept(entry: Need | Offer) -> bool:
        modalities = entry.engine_modalities() if isinstance(entry, Offer) else entry.modalities
        modality, language = filters.get("modality"), filters.get("language")
        return (not modality or modality in modalities) and (
            not language or language in entry.languages
        )

    needs = [n for n in Need.objects.filter(answer__in=answers).select_related("answer") if kept(n)]
    offers = [
        o for o in Offer.objects.filter(answer__in=answers).select_related("answer") if kept(o)
    ]
    topics: dict[str, dict[str, Any]] = {}
    for topic in {t for e in [*needs, *offers] for t in e.topics}:
        on_n = [n for n in needs if topic in n.topics]
        on_o = [o for o in offers if topic in o.topics]
        topics[topic] = {
            "needs": len(on_n),
            "offers": len(on_o),
            "needing": len({n.answer.organisation_id for n in on_n}),
            "offering": len({o.answer.organisation_id for o in on_o}),
            "uncovered": {
                n.pk
                for n in on_n
                if not any(o.answer.organisation_id != n.answer.organisation_id for o in on_o)
            },
        }
    return topics


def _summary(survey_round: SurveyRound, **filters: str) -> dict[str, dict[str, Any]]:
    summary = selectors.chart_summary(survey_round, **filters)
    return {
        row.topic: {
            "needs": len(row.needs),
            "offers": len(row.offers),
            "needing": row.organisations_needing,
            "offering": row.organisations_offering,
            "uncovered": row.uncovered_ids,
        }
        for row in summary.rows
    }


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"region": "southern_europe"},
        {"country": "DE", "modality": "training"},
        {"language": "fr"},
        {"modality": "study_visit"},  # implied by the kind of offer only
    ],
)
def test_the_summary_agrees_with_a_brute_force_count(
    large: SurveyRound, filters: dict[str, str]
) -> None:
    expected = _brute(large, **filters)
    assert expected  # every filter keeps something
    assert _summary(large, **filters) == expected
    chart = selectors.chart(large, **filters)  # the downloads' chart agrees too
    assert {r.topic: r.uncovered_ids for r in chart.rows} == {
        t: e["uncovered"] for t, e in expected.items()
    }


def test_the_one_uncovered_funding_need(large: SurveyRound) -> None:
    first = Organisation.objects.get(name="Scale org 000")
    funding = _summary(large)["funding"]
    assert funding["needs"] == MANY
    assert funding["offers"] == 1
    assert funding["uncovered"] == {
        Need.objects.get(answer__organisation=first, topics=["funding"]).pk
    }


def _coordinator(world: World) -> Client:
    return world.client(world.users["coordinator"])


def _chart(client: Client, survey_round: SurveyRound, **params: Any) -> str:
    response = client.get(reverse("exchange:chart", args=[survey_round.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_large_chart_shows_the_summary_and_hides_the_grid(
    large: SurveyRound, world: World
) -> None:
    page = _chart(_coordinator(world), large)
    assert 'id="chart-summary"' in page
    assert 'id="grid-hidden"' in page
    assert f"{MANY + 2} organisations answer" in page
    assert "per topic and organisation" not in page  # the grid's caption
    assert 'id="choose-topic"' in page
    assert "Need 1 on" not in page  # no entry listed until a topic is chosen
    assert "topic=funding" in page
    uncovered = selectors.chart_summary(large).uncovered_count
    assert f"{uncovered} need" in page


def test_narrowed_to_a_few_organisations_the_grid_comes_back(
    large: SurveyRound, world: World
) -> None:
    # Germany: the 30 even-numbered organisations (A and B are in Portugal), 150 entries
    page = _chart(_coordinator(world), large, country="DE")
    assert "per topic and organisation" in page
    assert 'id="grid-hidden"' not in page
    assert page.count('<th scope="col">Scale org') == 30  # a column each
    assert "Need 2 on funding" in page  # 200 entries at most: every topic's list as before
    assert 'id="choose-topic"' not in page


def test_a_small_chart_still_lists_every_entry(exchange: Exchange, world: World) -> None:
    page = _chart(_coordinator(world), exchange.round)
    assert "per topic and organisation" in page
    assert "Housing search training for caseworkers" in page
    assert 'id="choose-topic"' not in page


def test_a_topic_page_by_page_marks_the_uncovered_need(large: SurveyRound, world: World) -> None:
    client = _coordinator(world)
    first = _chart(client, large, topic="funding")
    second = _chart(client, large, topic="funding", page=2)
    assert "1 / 2" in first
    assert "2 / 2" in second
    shown = [re.findall(r"Need (\d+) on funding", page) for page in (first, second)]
    assert len(shown[0]) == 50
    assert len(shown[1]) == MANY - 50
    assert sorted(int(i) for i in shown[0] + shown[1]) == list(range(MANY))
    # the one uncovered need (the first organisation's) is marked, on the first page only
    assert first.count("No offer yet") == 1
    assert "No offer yet" not in second
    assert "Offer 0 second" in first  # the offer side of the same topic
    assert "Need 1 on education" not in first  # other topics not listed
    # a page past the end shows the last one, a wrong number the first
    assert "2 / 2" in _chart(client, large, topic="funding", page=99)
    assert "1 / 2" in _chart(client, large, topic="funding", page="x")


def test_an_unknown_topic_says_so(large: SurveyRound, world: World) -> None:
    page = _chart(_coordinator(world), large, topic="no_such_topic")
    assert "No need or offer on this topic matches the filters." in page
    assert 'id="chart-summary"' in page


def test_the_csv_marks_the_same_needs_uncovered(large: SurveyRound, world: World) -> None:
    url = reverse("exchange:chart_csv", args=[large.pk])
    body = _coordinator(world).get(url).content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    exported = {(r["topic"], r["description"]) for r in rows if r["covered"] == "no"}
    summary = selectors.chart_summary(large)
    needs = {n.pk: n.description for n in Need.objects.filter(answer__round=large)}
    assert exported == {(row.topic, needs[pk]) for row in summary.rows for pk in row.uncovered_ids}
    assert len(rows) == sum(len(r.needs) + len(r.offers) for r in summary.rows)


def test_others_do_not_reach_a_topic_page(large: SurveyRound, world: World) -> None:
    url = reverse("exchange:chart", args=[large.pk]) + "?topic=funding&page=2"
    response = world.client(None).get(url)
    assert response.status_code == 302
    for user in (world.users_b["coordinator"], world.users["caseworker"]):
        assert world.client(user).get(url).status_code == 404


def _detail(client: Client, survey_round: SurveyRound, **params: Any) -> Any:
    response = client.get(reverse("exchange:round_detail", args=[survey_round.pk]), params)
    assert response.status_code == 200
    return response


def test_the_round_page_counts_and_pages(large: SurveyRound, world: World) -> None:
    response = _detail(_coordinator(world), large)
    answers = large.answers
    assert response.context["summary"] == {
        "invited": large.invited.count(),
        "answers": answers.count(),
        "submitted": answers.filter(status=AnswerStatus.SUBMITTED).count(),
        "draft": answers.filter(status=AnswerStatus.DRAFT).count(),
        "needs": Need.objects.filter(answer__round=large).count(),
        "offers": Offer.objects.filter(answer__round=large).count(),
    }
    page = response.context["page"]
    assert page.paginator.count == MANY + 2
    assert len(page.object_list) == 50
    second = _detail(_coordinator(world), large, page=2).context["page"]
    assert len(second.object_list) == MANY + 2 - 50
    # three needs and two offers each, never their product
    row = next(a for a in page.object_list if a.organisation.name == "Scale org 001")
    assert (row.need_count, row.offer_count) == (3, 2)
    names = [a.organisation.name for a in [*page.object_list, *second.object_list]]
    assert names == sorted(names)


def test_the_round_page_searches(large: SurveyRound, world: World) -> None:
    client = _coordinator(world)
    found = _detail(client, large, q="org 05").context["page"]
    assert sorted(a.organisation.name for a in found) == [f"Scale org 05{i}" for i in range(10)]
    assert _detail(client, large, q="org 05", page=2).context["page"].number == 1
    drafts = _detail(client, large, status="draft").context["page"]
    assert drafts.paginator.count == 0
    assert "No answer matches." in _detail(client, large, status="draft").content.decode()
    # a status that does not exist: a clear error, and the whole list
    response = _detail(client, large, status="lost")
    assert "Select a valid choice" in response.content.decode()
    assert response.context["page"].paginator.count == MANY + 2


def test_a_focal_point_finds_its_own_answer_first(large: SurveyRound, world: World) -> None:
    response = _detail(world.client(world.users["focal_point"]), large)
    own = list(response.context["own_answers"])
    assert [a.organisation_id for a in own] == [world.org_a.pk]
    html = response.content.decode()
    assert html.index('id="own-answers"') < html.index('id="answers"')
    link = reverse("exchange:answer_detail", args=[own[0].pk])
    assert html.count(link) == 1  # in its own table, not again in the list of the others
    listed = response.context["page"]
    assert world.org_a.pk not in {a.organisation_id for a in listed}
    assert listed.paginator.count == MANY + 1
    # the coordinator's page has no such table
    assert not _detail(_coordinator(world), large).context["own_answers"]


def test_the_round_page_runs_as_many_queries_for_more_answers(
    exchange: Exchange, world: World, django_assert_max_num_queries: Any
) -> None:
    made = [0]

    def grow(count: int) -> None:
        _answers(exchange.round, _organisations("Grown org", count, made[0]), made[0])
        made[0] += count

    assert_flat(
        _coordinator(world),
        reverse("exchange:round_detail", args=[exchange.round.pk]),
        grow,
        django_assert_max_num_queries,
        shows=lambda html: html.count("Grown org"),
    )


def test_the_chart_runs_as_many_queries_for_more_organisations(
    exchange: Exchange, world: World, django_assert_max_num_queries: Any
) -> None:
    made = [0]

    def grow(count: int) -> None:
        _answers(exchange.round, _organisations("Grown org", count, made[0]), made[0])
        made[0] += count

    url = reverse("exchange:chart", args=[exchange.round.pk]) + "?topic=funding"
    assert_flat(
        _coordinator(world),
        url,
        grow,
        django_assert_max_num_queries,
        shows=lambda html: len(re.findall(r"Need \d+ on funding", html)),
    )


def test_the_shared_chart_of_a_large_round(large: SurveyRound, world: World) -> None:
    first = Organisation.objects.get(name="Scale org 000")
    Need.objects.filter(answer__organisation=first, topics=["funding"]).update(
        description="Need 0 on funding, write to someone@example.org"
    )
    url = reverse("exchange:shared_chart", args=[large.pk, share_token(large)])
    client = world.client(None)
    page = client.get(url).content.decode()
    assert 'id="chart-summary"' in page
    assert 'id="choose-topic"' in page
    assert "Need 1 on" not in page
    topic = client.get(url, {"topic": "funding"}).content.decode()
    assert len(re.findall(r"Need (\d+) on funding", topic)) == 50
    assert "1 / 2" in topic
    assert "someone@example.org" not in topic  # masked on the shared page as before
    assert "Need 0 on funding, write to [" in topic
    assert topic.count("wh-uncovered") == 1


def test_the_round_list_counts_by_subquery(large: SurveyRound, world: World) -> None:
    large.invited.add(*Organisation.objects.filter(name__startswith="Scale org"))
    listed: Any = selectors.round_list(SurveyRound.objects.filter(pk=large.pk)).get()
    assert (listed.invited_count, listed.submitted_count) == (MANY + 2, MANY + 2)
    page = _coordinator(world).get(reverse("exchange:round_list")).content.decode()
    assert f"{MANY + 2} / {MANY + 2}" in page


def _printed(survey_round: SurveyRound, **filters: str) -> tuple[dict[str, Any], str]:
    chart = selectors.chart(survey_round, **filters)
    context = chart_exports.print_context(survey_round, chart, filters)
    return context, render_to_string("exchange/chart_print.html", context)


def test_a_chart_too_large_to_print_prints_its_coverage_only(
    large: SurveyRound, monkeypatch: pytest.MonkeyPatch
) -> None:
    context, html = _printed(large)
    assert context["entries"] <= chart_exports.PRINT_LIMIT  # the fixture prints in full
    assert context["print_entries"]
    assert "Need 1 on" in html
    monkeypatch.setattr(chart_exports, "PRINT_LIMIT", context["entries"] - 1)
    context, html = _printed(large)
    assert not context["print_entries"]
    assert "wh-entries-not-printed" in html
    assert f"Needs and offers in this chart: {context['entries']}" in html
    assert "Need 1 on" not in html  # no entry printed one by one
    assert "Needs without offer" in html  # the coverage table stays
    narrowed, html = _printed(large, country="DE")  # filters bring the entries back
    assert narrowed["print_entries"]
    assert "Need 2 on funding" in html


def test_the_shared_pdf_of_a_large_chart_is_served(
    large: SurveyRound, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chart_exports, "PRINT_LIMIT", 10)
    url = reverse("exchange:shared_chart_pdf", args=[large.pk, share_token(large)])
    response = Client().get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
