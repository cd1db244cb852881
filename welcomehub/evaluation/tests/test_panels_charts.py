"""The outcome panel through disclosure control, and the SVG charts' escaping."""

from __future__ import annotations

import datetime

import pytest

from conftest import World
from welcomehub.evaluation import charts, panels
from welcomehub.outcomes import services as outcomes
from welcomehub.outcomes.models import Question
from welcomehub.people import services as people
from welcomehub.people.models import Person

pytestmark = pytest.mark.django_db


def _progress(
    world: World, person: Person, caseworker: object, guardian: Person | None = None
) -> None:
    people.consent_record(
        actor=None,
        person=person,
        purpose="case_management",
        method="verbal",
        guardian=guardian,
        child_assent="given" if guardian else "",
    )
    question = Question.objects.filter(domain="work", active=True).select_related("scale").first()
    assert question is not None
    low, high = question.scale.minimum, question.scale.maximum
    if not question.higher_is_better:
        low, high = high, low
    today = datetime.date.today()
    for kind, value, days in (("baseline", low, 200), ("follow_up_6", high, 10)):
        outcomes.assessment_record(
            actor=caseworker,
            person=person,
            kind=kind,
            date=today - datetime.timedelta(days=days),
            answered_by="together",
            language="en",
            answers={question.code: value},
        )


def _three_people(world: World) -> None:
    assert world.head_a is not None
    assert world.child_a is not None
    assert world.head_b is not None
    _progress(world, world.head_a, world.users["caseworker"])
    _progress(world, world.child_a, world.users["caseworker"], guardian=world.head_a)
    _progress(world, world.head_b, world.users_b["caseworker"])


def test_small_counts_are_hidden_with_their_means(world: World) -> None:
    _three_people(world)
    panel = panels.outcome_panel(world.programme, k=5)
    work = next(row for row in panel.domains if row.code == "work")
    assert work.improved is None
    assert work.people is None
    assert work.mean_change is None
    assert panel.share_with_baseline is None


def test_counts_at_or_above_k_are_published_with_their_means(world: World) -> None:
    _three_people(world)
    panel = panels.outcome_panel(world.programme, k=3)
    work = next(row for row in panel.domains if row.code == "work")
    assert work.improved == 3
    assert work.people == 3
    assert work.mean_change == pytest.approx(100.0)
    assert panel.with_baseline == 3
    assert panel.share_with_baseline == pytest.approx(100.0)
    housing = next(row for row in panel.domains if row.code == "housing")
    assert housing.mean_change is None  # nobody measured: no figure, not a zero


def test_chart_labels_are_escaped() -> None:
    svg = charts.bars_svg("<t>", [("<script>alert(1)</script>", [50.0])], ["A & B"])
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "A &amp; B" in svg
    history = charts.history_svg(
        "x", [("<b>", [(datetime.date(2026, 1, 1), 40.0), (datetime.date(2026, 6, 1), 60.0)])]
    )
    assert "<b>" not in history
    assert "polyline" in history


def test_bars_stay_within_the_plot_for_any_score() -> None:
    svg = charts.bars_svg("t", [("a", [150.0]), ("b", [-5.0]), ("c", [None])], ["n"])
    assert f'width="{charts.PLOT:.1f}"' in svg
    assert 'width="0.0"' in svg
