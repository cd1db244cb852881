"""Scores, progress against the person's own baseline, and the missing-baseline alert."""

from __future__ import annotations

import datetime
from statistics import fmean
from xml.etree import ElementTree

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import World
from welcomehub.core import taxonomy
from welcomehub.outcomes import selectors
from welcomehub.outcomes.catalogue import read_catalogue_file
from welcomehub.outcomes.charts import progress_svg
from welcomehub.outcomes.models import Assessment
from welcomehub.outcomes.tests.support import TODAY, head_a, record
from welcomehub.people import services as people

DAY = datetime.timedelta(days=1)


def _progress(world: World) -> dict[str, selectors.DomainProgress]:
    return {row.domain: row for row in selectors.person_progress(head_a(world))}


@pytest.mark.django_db
def test_progress_is_measured_against_the_persons_own_baseline(consented: World) -> None:
    person = head_a(consented)
    # Baseline: work (0 + 25) / 2 = 12.5; safety: harassed "yes" is the worst answer
    # (0) and "neither agree nor disagree" after dark is 50, so 25.
    record(
        consented,
        person,
        {"work_paid": 0, "work_skills": 2, "safety_harassed": 1, "safety_after_dark": 3},
        date=TODAY - 200 * DAY,
    )
    record(
        consented,
        person,
        {"work_paid": 1, "safety_harassed": 0, "language_speak": 4},
        kind="follow_up_6",
        date=TODAY - 20 * DAY,
    )
    # The latest answer of a domain wins: work is now 50 (skills 3 of 1-5), safety stays
    # at the follow-up's 100 because this assessment skipped it.
    record(consented, person, {"work_skills": 3}, kind="follow_up_12", date=TODAY)
    rows = _progress(consented)
    assert list(rows) == taxonomy.codes("integration_domains")
    assert (rows["work"].baseline, rows["work"].latest, rows["work"].change) == (12.5, 50.0, 37.5)
    assert (rows["safety"].baseline, rows["safety"].latest, rows["safety"].change) == (
        25.0,
        100.0,
        75.0,
    )
    language = rows["language_communication"]
    assert (language.baseline, language.latest, language.change) == (None, 100.0, None)
    assert (rows["bonds"].baseline, rows["bonds"].latest) == (None, None)
    assert rows["bonds"].group == "social_connections"


@pytest.mark.django_db
def test_progress_of_someone_never_assessed_is_empty(world: World) -> None:
    rows = selectors.person_progress(head_a(world))
    assert len(rows) == 14
    assert all(row.baseline is None and row.latest is None for row in rows)


@pytest.mark.django_db
def test_missing_baselines_lists_households_past_three_months(consented: World) -> None:
    world = consented
    caseworker = world.users["caseworker"]
    assert world.household_a is not None
    assert world.child_a is not None
    recent = people.household_create(
        actor=None,
        organisation=world.org_a,
        programme=world.programme,
        pathway="resettlement",
        status="arrived",
        arrival_date=TODAY - 30 * DAY,
        nationality="AF",
    )
    people.person_create(
        actor=None, household=recent, given_name="Omid", sex="male", relationship="head"
    )
    from welcomehub.people.access import caseload

    def alerts() -> list[tuple[str, int, int]]:
        found = selectors.missing_baselines(caseload(caseworker, "assessment.record"), today=TODAY)
        return [(a.household.reference, a.members, a.without_baseline) for a in found]

    reference = world.household_a.reference
    assert alerts() == [(reference, 2, 2)]  # B's household is not in A's caseload
    record(world, head_a(world), {"work_paid": 1})
    assert alerts() == [(reference, 2, 1)]
    Assessment.objects.create(
        person=world.child_a,
        kind="baseline",
        date=TODAY,
        answered_by="together",
        language="ar",
        catalogue_version="test",
    )
    assert alerts() == []


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 5, 31), datetime.date(2026, 2, 28)),
        (datetime.date(2026, 1, 15), datetime.date(2025, 10, 15)),
        (datetime.date(2024, 5, 29), datetime.date(2024, 2, 29)),
    ],
)
def test_months_before(day: datetime.date, expected: datetime.date) -> None:
    assert selectors.months_before(day, 3) == expected


@given(
    bounds=st.tuples(st.integers(-100, 100), st.integers(1, 100)),
    data=st.data(),
    higher_is_better=st.booleans(),
)
def test_a_normalised_value_lies_between_0_and_100(
    bounds: tuple[int, int], data: st.DataObject, higher_is_better: bool
) -> None:
    minimum, maximum = bounds[0], bounds[0] + bounds[1]
    value = data.draw(st.integers(minimum, maximum))
    score = selectors.normalise(
        value, minimum=minimum, maximum=maximum, higher_is_better=higher_is_better
    )
    assert 0.0 <= score <= 100.0


CATALOGUE = read_catalogue_file()
SCALES = {scale["code"]: scale for scale in CATALOGUE["scales"]}
QUESTIONS = [q for domain in CATALOGUE["domains"] for q in domain["questions"]]
DOMAIN_OF = {q["code"]: d["code"] for d in CATALOGUE["domains"] for q in d["questions"]}


@st.composite
def valid_answers(draw: st.DrawFn) -> list[tuple[dict, int]]:
    """Any subset of the catalogue's questions, each with a value on its own scale."""
    chosen = draw(st.lists(st.sampled_from(QUESTIONS), min_size=1, unique_by=lambda q: q["code"]))
    answers = []
    for question in chosen:
        scale = SCALES[question["scale"]]
        answers.append((question, draw(st.integers(scale["minimum"], scale["maximum"]))))
    return answers


@given(answers=valid_answers())
def test_domain_scores_of_any_valid_answers_lie_between_0_and_100(
    answers: list[tuple[dict, int]],
) -> None:
    by_domain: dict[str, list[float]] = {}
    for question, value in answers:
        scale = SCALES[question["scale"]]
        by_domain.setdefault(DOMAIN_OF[question["code"]], []).append(
            selectors.normalise(
                value,
                minimum=scale["minimum"],
                maximum=scale["maximum"],
                higher_is_better=question["higher_is_better"],
            )
        )
    for scores in by_domain.values():
        assert 0.0 <= fmean(scores) <= 100.0


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(baseline=valid_answers(), follow_up=valid_answers())
def test_progress_from_any_valid_answers_lies_between_0_and_100(
    consented: World, baseline: list[tuple[dict, int]], follow_up: list[tuple[dict, int]]
) -> None:
    """Through the real service and selector; each example is rolled back."""
    person = head_a(consented)
    with transaction.atomic():
        record(consented, person, {q["code"]: v for q, v in baseline}, date=TODAY - 9 * DAY)
        record(consented, person, {q["code"]: v for q, v in follow_up}, kind="follow_up_6")
        for row in selectors.person_progress(person):
            for score in (row.baseline, row.latest):
                assert score is None or 0.0 <= score <= 100.0
            assert row.change is None or -100.0 <= row.change <= 100.0
        transaction.set_rollback(True)


def test_the_chart_uses_no_inline_style() -> None:
    rows = [
        selectors.DomainProgress("work", "markers_means", "Work <&>", 12.5, 50.0),
        selectors.DomainProgress("bonds", "social_connections", "Bonds", None, None),
    ]
    svg = str(progress_svg(rows))
    assert svg.startswith("<svg")
    assert svg.endswith("</svg>")
    assert "style" not in svg
    assert "<script" not in svg
    assert "Work &lt;&amp;&gt;" in svg
    assert 'width="150"' in svg  # 50 of 100 on a 300-wide bar
    ElementTree.fromstring(svg)  # noqa: S314  (our own output: checks it is well-formed)  # nosec B314 - parses our own generated XML in a test
