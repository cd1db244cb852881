"""Query counts of the main list pages are pinned: a page showing 30 rows runs no more
queries than the same page showing 3 (no N+1).

Each test grows the rows a page lists through the services, counts the queries of the
page with a few rows, grows the rows tenfold and checks the count did not move. The
caches are emptied before each request, so a cached dashboard never hides a query.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from welcomehub.accounts import services as accounts
from welcomehub.people import services as people
from welcomehub.people.models import Household
from welcomehub.programmes import services as programmes

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 30


def _get(client: Client, url: str) -> Any:
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def assert_flat(
    client: Client,
    url: Callable[[], str] | str,
    grow: Callable[[int], Any],
    max_queries: Any,
    *,
    few: int = FEW,
    many: int = MANY,
    shows: Callable[[str], int] | None = None,
) -> int:
    """Grow to `few` rows, count the page's queries, grow to `many`: the count holds.

    `shows(html)` counts the rows on the page, so the test fails if the rows do not
    appear (a page that lists nothing trivially runs few queries)."""

    def address() -> str:
        return url() if callable(url) else url

    grow(few)
    _get(client, address())  # first request of the session: log-in, language
    cache.clear()
    with CaptureQueriesContext(connection) as few_queries:
        first = _get(client, address())
    if shows is not None:
        assert shows(first.content.decode()) >= few
    grow(many - few)
    with max_queries(len(few_queries)) as many_queries:
        second = _get(client, address())
    if shows is not None:
        assert shows(second.content.decode()) >= min(many, 20)
    assert len(many_queries) == len(few_queries)
    return len(few_queries)


def _household(world: World, n: int, *, status: str = "arrived") -> Household:
    household = people.household_create(
        actor=None,
        organisation=world.org_a,
        programme=world.programme,
        pathway="resettlement",
        status=status,
        arrival_date=datetime.date(2026, 3, 1) if status == "arrived" else None,
        location=world.place,
        nationality="SY" if n % 2 else "AF",
        languages=["ar"],
        needs=["medical"] if n % 3 == 0 else [],
    )
    people.person_create(
        actor=None,
        household=household,
        given_name=f"Given{n}",
        family_name="Family",
        date_of_birth=datetime.date(1980 + n % 20, 1, 1),
        sex="female" if n % 2 else "male",
        relationship="head",
        languages=["ar"],
    )
    return household


def _grower(make: Callable[[int], Any]) -> Callable[[int], None]:
    made = [0]

    def grow(k: int) -> None:
        for _ in range(k):
            made[0] += 1
            make(made[0])

    return grow


def test_household_list(world: World, django_assert_max_num_queries: Any) -> None:
    client = world.client(world.users["caseworker"])
    assert_flat(
        client,
        reverse("people:household_list"),
        _grower(lambda n: _household(world, n)),
        django_assert_max_num_queries,
        shows=lambda html: html.count("/households/HH-"),
    )


def test_programme_detail(world: World, django_assert_max_num_queries: Any) -> None:
    def partner(n: int) -> None:
        org = accounts.organisation_create(
            actor=None, name=f"Partner {n:03d}", org_type="ngo", country="PT"
        )
        programmes.partner_add(
            actor=None, programme=world.programme, organisation=org, role="implementing"
        )

    client = world.client(world.users["coordinator"])
    assert_flat(
        client,
        reverse("programmes:detail", args=[world.programme.pk]),
        _grower(partner),
        django_assert_max_num_queries,
        shows=lambda html: html.count("Partner 0"),
    )


def test_services_directory(world: World, django_assert_max_num_queries: Any) -> None:
    from welcomehub.programmes.tests.support import service_of

    assert_flat(
        Client(),
        reverse("services:directory"),
        _grower(lambda n: service_of(world, "a" if n % 2 else "b", name=f"Service {n:03d}")),
        django_assert_max_num_queries,
        shows=lambda html: html.count("Service 0"),
    )


def test_feedback_inbox(world: World, django_assert_max_num_queries: Any) -> None:
    from welcomehub.feedback import services as feedback

    def item(n: int) -> None:
        feedback.feedback_submit(
            actor=None,
            programme=world.programme,
            category="services",
            text=f"Remark number {n:03d} about the bus",
            language="en",
        )

    client = world.client(world.users["coordinator"])
    assert_flat(
        client,
        reverse("feedback:inbox"),
        _grower(item),
        django_assert_max_num_queries,
        shows=lambda html: html.count("/feedback/items/"),
    )


@pytest.fixture
def _lexical(settings: Any) -> None:
    settings.WELCOMEHUB_EXCHANGE_ENCODER = "lexical"


@pytest.mark.usefixtures("_lexical")
@pytest.mark.parametrize("page", ["exchange:chart", "exchange:suggestion_list"])
def test_exchange_round_pages(world: World, django_assert_max_num_queries: Any, page: str) -> None:
    from welcomehub.exchange import services as exchange
    from welcomehub.exchange.matching import LexicalEncoder
    from welcomehub.exchange.tests.support import answer_of, open_round

    fp_a, fp_b = world.users["focal_point"], world.users_b["focal_point"]
    rounds: list[int] = []

    def grow(k: int) -> None:
        """A round whose answers hold as many needs and offers as asked (a submitted
        answer cannot grow, so the larger count is a second round)."""
        size = k if not rounds else FEW + k
        survey_round = open_round(world, f"Exchange under count {size}")
        answer_a = answer_of(survey_round, world, "a")
        answer_b = answer_of(survey_round, world, "b")
        for n in range(size):
            exchange.need_add(
                actor=fp_a,
                answer=answer_a,
                topics=["housing"],
                languages=["pt"],
                description=f"Housing training number {n}",
            )
            exchange.offer_add(
                actor=fp_b,
                answer=answer_b,
                kind="training",
                topics=["housing"],
                languages=["pt"],
                description=f"Housing search training {n}",
            )
        exchange.answer_submit(actor=fp_a, answer=answer_a)
        exchange.answer_submit(actor=fp_b, answer=answer_b)
        exchange.matches_compute(survey_round=survey_round, encoder=LexicalEncoder())
        rounds.append(survey_round.pk)

    client = world.client(world.users["coordinator"])
    assert_flat(
        client,
        lambda: reverse(page, args=[rounds[-1]]),
        grow,
        django_assert_max_num_queries,
    )


def test_placement_run_page(world: World, django_assert_max_num_queries: Any) -> None:
    from welcomehub.placement import services as placement

    coordinator = world.users["coordinator"]
    for place in (world.place, world.other_place):
        placement.location_create(
            actor=coordinator,
            programme=world.programme,
            place=place,
            period="2026-Q4",
            capacity_persons=40,
            capacity_school_places=10,
            capacity_medical_cases=20,
            services=["medical"],
            languages=["ar"],
        )
    runs: list[int] = []

    def grow(k: int) -> None:
        for n in range(len(runs) * 100, len(runs) * 100 + k):
            _household(world, n, status="awaiting_arrival")
        run = placement.run_create(actor=coordinator, programme=world.programme, time_limit=2)
        runs.append(run.pk)

    client = world.client(coordinator)
    assert_flat(
        client,
        lambda: reverse("placement:run_detail", args=[runs[-1]]),
        grow,
        django_assert_max_num_queries,
        shows=lambda html: html.count("<td>HH-"),
    )


def test_outcome_dashboard(world: World, django_assert_max_num_queries: Any) -> None:
    from welcomehub.outcomes.tests.dashboard_support import measured_person

    def assessed(n: int) -> None:
        measured_person(
            world,
            _household(world, n),
            sex="female" if n % 2 else "male",
            born=1970 + n % 30,
            answers=({"work_paid": 0}, {"work_paid": n % 2}),
        )

    client = world.client(world.users["coordinator"])
    assert_flat(
        client,
        reverse("outcomes:dashboard", args=[world.programme.pk]),
        _grower(assessed),
        django_assert_max_num_queries,
    )


def test_evaluation_comparison(world: World, django_assert_max_num_queries: Any) -> None:
    from welcomehub.evaluation.tests.support import answer_all, isolate_evidence, sign_off
    from welcomehub.evaluation.tests.support import open_round as evaluation_open

    isolate_evidence()

    def compared(n: int) -> None:
        programme = programmes.programme_create(
            actor=None,
            name=f"Compared programme {n:03d}",
            kind="national",
            country="PT",
            area=world.place,
            lead=world.org_a,
            places=[world.place],
        )
        world.programme = programme
        evaluation_round = evaluation_open(world, f"Round {n}")
        answer_all(world, evaluation_round)
        sign_off(world, evaluation_round, shared=True)

    client = world.client(world.users["coordinator"])
    assert_flat(
        client,
        reverse("evaluation:compare"),
        _grower(compared),
        django_assert_max_num_queries,
        many=8,
        shows=lambda html: html.count("Compared programme 0"),
    )
