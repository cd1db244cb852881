"""The grouping engine without a database: properties over random caseloads."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from welcomehub.community.grouping import (
    NO_CONSENT,
    NOT_IN_THEME,
    TOO_FEW,
    Candidate,
    Theme,
    _sizes,
    propose,
)

LANGS = ["ar", "fa", "uk", "so"]

candidate = st.builds(
    Candidate,
    person_id=st.integers(1, 60),
    household_id=st.integers(1, 20),
    consented=st.booleans(),
    sex=st.sampled_from(["female", "male"]),
    age=st.one_of(st.none(), st.integers(0, 90)),
    languages=st.lists(st.sampled_from(LANGS), max_size=3, unique=True).map(tuple),
    place_id=st.one_of(st.none(), st.integers(1, 3)),
    months_since_arrival=st.one_of(st.none(), st.integers(0, 48)),
    youngest_child_age=st.one_of(st.none(), st.integers(0, 17)),
    household_needs=st.lists(st.sampled_from(["single_parent_support", "medical"]), max_size=2).map(
        tuple
    ),
)
themes = st.builds(
    Theme,
    sex=st.sampled_from(["", "female", "male"]),
    min_age=st.one_of(st.none(), st.integers(0, 30)),
    max_age=st.one_of(st.none(), st.integers(30, 90)),
    youngest_child_under=st.one_of(st.none(), st.integers(1, 8)),
)
limits = st.integers(2, 6).flatmap(lambda low: st.tuples(st.just(low), st.integers(low, 10)))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(candidate, max_size=60),
    themes,
    limits,
    st.sampled_from(["", "ar"]),
    st.booleans(),
)
def test_groups_respect_every_rule(people, theme, sizes, language, same_place) -> None:
    low, high = sizes
    result = propose(
        people, theme, min_size=low, max_size=high, language=language, same_place=same_place
    )
    first: dict[int, Candidate] = {}
    for c in people:
        first.setdefault(c.person_id, c)
    placed = [pid for group in result.groups for pid in group.person_ids]
    assert len(placed) == len(set(placed)), "somebody placed twice"
    for group in result.groups:
        assert low <= len(group.person_ids) <= high
        members = [first[pid] for pid in group.person_ids]
        assert all(m.consented for m in members), "somebody without consent placed"
        assert all(theme.fits(m) for m in members)
        assert all(group.language in m.languages for m in members), "no shared language"
        if language:
            assert group.language == language
        if same_place:
            assert all(m.place_id == group.place_id for m in members)
    assert set(placed).isdisjoint(result.unplaced)
    assert set(placed) | set(result.unplaced) == set(first), "somebody lost"
    for pid, reason in result.unplaced.items():
        if not first[pid].consented:
            assert reason == NO_CONSENT


@given(st.integers(0, 200), limits)
def test_sizes_cover_as_many_as_fit(n, sizes) -> None:
    low, high = sizes
    parts = _sizes(n, low, high)
    assert all(low <= p <= high for p in parts)
    assert sum(parts) <= n
    if n >= low:
        # whoever is left over could not form or join a group within the limits
        assert n - sum(parts) < low or len(parts) * high == sum(parts)


def test_known_split() -> None:
    assert _sizes(11, 4, 5) == [5, 5]
    assert _sizes(9, 2, 4) == [3, 3, 3]
    assert _sizes(3, 4, 6) == []


def _woman(pid: int, *, consented: bool = True, months: int = 2, langs=("ar",)) -> Candidate:
    return Candidate(pid, pid, consented, "female", 30, tuple(langs), 1, months, 1)


def test_consent_and_theme_decide_and_stage_orders() -> None:
    theme = Theme(sex="female", youngest_child_under=6)
    people = [_woman(i, months=i * 3) for i in range(1, 7)]
    people.append(_woman(7, consented=False))
    people.append(Candidate(8, 8, True, "male", 30, ("ar",), 1, 1, 1))
    result = propose(people, theme, min_size=3, max_size=3)
    assert [g.person_ids for g in result.groups] == [(1, 2, 3), (4, 5, 6)]
    assert result.unplaced == {7: NO_CONSENT, 8: NOT_IN_THEME}


def test_too_few_stay_unplaced_with_a_reason() -> None:
    result = propose([_woman(1), _woman(2)], Theme(), min_size=3, max_size=5)
    assert result.groups == []
    assert result.unplaced == {1: TOO_FEW, 2: TOO_FEW}


def test_bad_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="sizes"):
        propose([], Theme(), min_size=5, max_size=4)
    with pytest.raises(ValueError, match="sizes"):
        propose([], Theme(), min_size=1, max_size=4)
