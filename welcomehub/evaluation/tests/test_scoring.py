"""Properties of the scores (pure Python, no database)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from welcomehub.evaluation.scoring import ItemScore, gaps, score, strengths, weighted_mean

AREAS = ["a", "b", "c", "d"]
DIMENSIONS = ["legal_framework", "policy", "implementation", "collaboration"]
values = st.one_of(st.none(), st.sampled_from([0.0, 50.0, 100.0]))
items = st.lists(
    st.builds(ItemScore, st.sampled_from(AREAS), st.sampled_from(DIMENSIONS), values),
    max_size=40,
)
weights = st.dictionaries(
    st.sampled_from(AREAS), st.floats(min_value=0.01, max_value=100), min_size=len(AREAS)
)


@given(items, weights)
def test_scores_stay_between_0_and_100(
    found: list[ItemScore], area_weights: dict[str, float]
) -> None:
    result = score(found, area_weights)
    figures = [result.overall, *result.dimensions.values()]
    figures += [a.score for a in result.areas.values()]
    figures += [v for a in result.areas.values() for v in a.dimensions.values()]
    assert all(0 <= f <= 100 for f in figures if f is not None)


@given(items, weights, st.lists(st.sampled_from(AREAS), max_size=10))
def test_not_applicable_items_change_nothing(
    found: list[ItemScore], area_weights: dict[str, float], extra: list[str]
) -> None:
    """Adding not-applicable items to areas that already exist leaves every score as it is."""
    present = {i.area for i in found}
    more = [ItemScore(a, "policy", None) for a in extra if a in present]
    before, after = score(found, area_weights), score(found + more, area_weights)
    assert after.overall == before.overall
    assert {k: a.score for k, a in after.areas.items()} == {
        k: a.score for k, a in before.areas.items()
    }


@given(items, weights, st.floats(min_value=0.1, max_value=1000))
def test_weights_are_normalised(
    found: list[ItemScore], area_weights: dict[str, float], factor: float
) -> None:
    scaled = {k: v * factor for k, v in area_weights.items()}
    one, other = score(found, area_weights), score(found, scaled)
    if one.overall is None:
        assert other.overall is None
    else:
        assert other.overall == pytest.approx(one.overall)
    if one.weights:
        assert sum(one.weights.values()) == pytest.approx(1.0)


@given(items, weights)
def test_overall_lies_between_the_area_scores(
    found: list[ItemScore], area_weights: dict[str, float]
) -> None:
    result = score(found, area_weights)
    scored = [a.score for a in result.areas.values() if a.score is not None]
    if not scored:
        assert result.overall is None
        return
    assert result.overall is not None
    assert min(scored) - 1e-9 <= result.overall <= max(scored) + 1e-9


@given(items, weights, st.data())
def test_raising_an_answer_never_lowers_a_score(
    found: list[ItemScore], area_weights: dict[str, float], data: st.DataObject
) -> None:
    answered = [i for i, item in enumerate(found) if item.value is not None and item.value < 100]
    assume(answered)
    index = data.draw(st.sampled_from(answered))
    raised = list(found)
    old = found[index]
    assert old.value is not None
    raised[index] = ItemScore(old.area, old.dimension, old.value + 50)
    before, after = score(found, area_weights), score(raised, area_weights)
    assert before.overall is not None
    assert after.overall is not None
    assert after.overall >= before.overall - 1e-9
    assert (after.areas[old.area].score or 0) >= (before.areas[old.area].score or 0) - 1e-9


def test_nothing_answered_has_no_score_not_zero() -> None:
    result = score([ItemScore("a", "policy", None)])
    assert result.overall is None
    assert result.areas["a"].score is None


def test_worked_example() -> None:
    """Area a: policy (100, 0) → 50 and implementation 100 → area 75; area b: 0.
    Weights a=3, b=1: overall (75*3 + 0)/4 = 56.25."""
    found = [
        ItemScore("a", "policy", 100),
        ItemScore("a", "policy", 0),
        ItemScore("a", "implementation", 100),
        ItemScore("b", "policy", 0),
    ]
    result = score(found, {"a": 3, "b": 1})
    assert result.areas["a"].score == 75
    assert result.overall == pytest.approx(56.25)
    assert result.weights == {"a": 0.75, "b": 0.25}
    assert result.dimensions["policy"] == pytest.approx((50 * 3 + 0) / 4)


def test_an_out_of_range_value_is_refused() -> None:
    with pytest.raises(ValueError, match="outside"):
        score([ItemScore("a", "policy", 120)])


def test_weights_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        weighted_mean({"a": 50}, {"a": 0})


def test_gaps_and_strengths() -> None:
    assert gaps([("x", 0), ("y", 50), ("z", None)]) == ["x"]
    assert strengths({"a": 75.0, "b": 74.9, "c": None}) == ["a"]
