"""The pure engines, without the database: hypothesis against brute force."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from welcomehub.connections.matching import blocking_pairs, stable, weighted

HOUSEHOLDS = ["h1", "h2", "h3", "h4"]
MENTORS = ["m1", "m2", "m3"]


def _all_assignments(households, mentors, capacities, allowed):
    """Every way of giving each household one allowed mentor or none, within capacity."""
    options = [[None] + [m for m in mentors if (h, m) in allowed] for h in households]
    for choice in itertools.product(*options):
        load = dict.fromkeys(mentors, 0)
        for m in choice:
            if m is not None:
                load[m] += 1
        if all(load[m] <= capacities.get(m, 0) for m in mentors):
            yield [(h, m) for h, m in zip(households, choice, strict=True) if m is not None]


scores_strategy = st.dictionaries(
    st.tuples(st.sampled_from(HOUSEHOLDS), st.sampled_from(MENTORS)),
    st.floats(min_value=-1, max_value=10, allow_nan=False).map(lambda x: round(x, 3)),
    max_size=12,
)
capacities_strategy = st.fixed_dictionaries({m: st.integers(0, 2) for m in MENTORS})


@settings(max_examples=200, deadline=None)
@given(scores_strategy, capacities_strategy)
def test_weighted_equals_brute_force(scores, capacities) -> None:
    pairs = weighted(scores, capacities)
    households = [h for h, _ in pairs]
    assert len(households) == len(set(households))
    for mentor in MENTORS:
        assert sum(1 for _, m in pairs if m == mentor) <= capacities[mentor]
    assert all((h, m) in scores for h, m in pairs)
    best = max(
        sum(max(scores[p], 0) for p in assignment)
        for assignment in _all_assignments(HOUSEHOLDS, MENTORS, capacities, set(scores))
    )
    assert abs(sum(scores[p] for p in pairs) - best) < 1e-6


def test_weighted_prefers_two_good_pairs_to_one_best() -> None:
    scores = {("h1", "m1"): 10.0, ("h1", "m2"): 9.0, ("h2", "m1"): 8.0}
    assert weighted(scores, {"m1": 1, "m2": 1}) == [("h1", "m2"), ("h2", "m1")]
    assert weighted(scores, {"m1": 2, "m2": 0}) == [("h1", "m1"), ("h2", "m1")]
    assert weighted({}, {"m1": 1}) == []
    assert weighted({("h1", "m1"): -1.0}, {"m1": 1}) == []


prefs_strategy = st.fixed_dictionaries(
    {h: st.lists(st.sampled_from(MENTORS), unique=True, max_size=3) for h in HOUSEHOLDS}
)
mentor_prefs_strategy = st.fixed_dictionaries(
    {
        m: st.tuples(st.permutations(HOUSEHOLDS), st.integers(0, 4)).map(
            lambda pk: list(pk[0][: pk[1]])
        )
        for m in MENTORS
    }
)


def _acceptable(household_prefs, mentor_prefs, capacities):
    allowed = set()
    for h, prefs in household_prefs.items():
        for m in prefs:
            listed = mentor_prefs[m]
            if capacities[m] > 0 and (not listed or h in listed):
                allowed.add((h, m))
    return allowed


@settings(max_examples=200, deadline=None)
@given(prefs_strategy, mentor_prefs_strategy, capacities_strategy)
def test_stable_has_no_blocking_pair_and_is_household_optimal(hp, mp, capacities) -> None:
    result = stable(hp, mp, capacities)
    assert result.blocking_pairs == 0
    allowed = _acceptable(hp, mp, capacities)
    assert set(result.pairs) <= allowed
    assert sorted(result.unmatched) == sorted(set(HOUSEHOLDS) - {h for h, _ in result.pairs})
    stable_matchings = [
        a for a in _all_assignments(HOUSEHOLDS, MENTORS, capacities, allowed)
        if blocking_pairs(a, hp, mp, capacities) == 0
    ]  # fmt: skip
    assert sorted(result.pairs) in [sorted(a) for a in stable_matchings]
    mine = dict(result.pairs)

    def rank(h, m):
        return hp[h].index(m) if m is not None else len(hp[h])

    for other in stable_matchings:
        theirs = dict(other)
        for h in HOUSEHOLDS:
            assert rank(h, mine.get(h)) <= rank(h, theirs.get(h))


@settings(max_examples=100, deadline=None)
@given(prefs_strategy, mentor_prefs_strategy, capacities_strategy, st.data())
def test_stable_never_forms_a_forbidden_pair(hp, mp, capacities, data) -> None:
    pairs = [(h, m) for h in HOUSEHOLDS for m in MENTORS]
    forbidden = set(data.draw(st.lists(st.sampled_from(pairs), max_size=4)))
    result = stable(hp, mp, capacities, forbidden=forbidden)
    assert not set(result.pairs) & forbidden
    assert result.blocking_pairs == blocking_pairs(result.pairs, hp, mp, capacities)


def test_a_forbidden_pair_leaves_a_blocking_pair() -> None:
    hp = {"h1": ["m1", "m2"]}
    mp = {"m1": ["h1"], "m2": ["h1"]}
    free = stable(hp, mp, {"m1": 1, "m2": 1})
    assert (free.pairs, free.blocking_pairs) == ([("h1", "m1")], 0)
    forced = stable(hp, mp, {"m1": 1, "m2": 1}, forbidden={("h1", "m1")})
    assert (forced.pairs, forced.blocking_pairs, forced.unmatched) == ([("h1", "m2")], 1, [])


def test_stable_capacity_and_mentor_ranking() -> None:
    hp = {"h1": ["m1"], "h2": ["m1"], "h3": ["m1", "m2"]}
    mp = {"m1": ["h3", "h2", "h1"], "m2": []}
    result = stable(hp, mp, {"m1": 2, "m2": 1})
    assert result.pairs == [("h2", "m1"), ("h3", "m1")]
    assert result.unmatched == ["h1"]
    assert result.blocking_pairs == 0
