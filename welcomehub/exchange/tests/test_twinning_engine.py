"""The twinning engine without the database: rules of a pair, scores, reasons, and an
optimal matching checked against brute force on small random instances."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from welcomehub.exchange.matching.twinning import (
    EMERGING,
    MENTEE,
    MENTOR,
    NGO,
    PEER,
    STATE,
    TRADITIONAL,
    Candidate,
    Pairing,
    allowed,
    candidate_pairs,
    evaluate,
    pair_kind,
    propose,
    sector_of,
)

ALL_KINDS = frozenset({"state_state", "state_ngo", "ngo_ngo"})


def cand(id_: int, role: str, sector: str = NGO, **fields: object) -> Candidate:
    values: dict[str, object] = {"pair_kinds": ALL_KINDS, "interests": frozenset({"housing"})}
    values.update(fields)
    return Candidate(id=id_, role=role, sector=sector, **values)  # type: ignore[arg-type]


def test_sector_and_pair_kind() -> None:
    assert sector_of("state") == STATE
    assert sector_of("municipality") == STATE
    assert sector_of("ngo") == NGO
    assert sector_of("refugee_led") == NGO
    assert pair_kind(STATE, NGO) == pair_kind(NGO, STATE) == "state_ngo"
    assert pair_kind(STATE, STATE) == "state_state"
    assert pair_kind(NGO, NGO) == "ngo_ngo"


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        (MENTOR, MENTEE, True),
        (MENTEE, MENTOR, True),
        (PEER, PEER, True),
        (MENTOR, MENTOR, False),
        (MENTEE, MENTEE, False),
        (MENTOR, PEER, False),
        (PEER, MENTEE, False),
    ],
)
def test_roles(a: str, b: str, ok: bool) -> None:
    assert allowed(cand(1, a), cand(2, b)) is ok


def test_both_sides_must_accept_the_kind_of_pair() -> None:
    state = cand(1, MENTOR, STATE, pair_kinds=frozenset({"state_ngo"}))
    ngo_only = cand(2, MENTEE, NGO, pair_kinds=frozenset({"ngo_ngo"}))
    ngo_open = cand(3, MENTEE, NGO, pair_kinds=frozenset({"state_ngo", "ngo_ngo"}))
    assert not allowed(state, ngo_only)
    assert allowed(state, ngo_open)


def test_never_an_organisation_with_itself_and_a_shared_language() -> None:
    assert not allowed(cand(1, PEER), cand(1, PEER))
    assert not allowed(cand(1, PEER, organisation=7), cand(2, PEER, organisation=7))
    fr, es = frozenset({"fr"}), frozenset({"es"})
    assert not allowed(cand(1, PEER, languages=fr), cand(2, PEER, languages=es))
    assert allowed(cand(1, PEER, languages=fr | es), cand(2, PEER, languages=es))
    assert allowed(cand(1, PEER, languages=fr), cand(2, PEER))  # one side named none


def test_the_mentor_comes_first_and_reasons_name_what_is_covered() -> None:
    mentee = cand(1, MENTEE, context=EMERGING, need_topics=frozenset({"language", "employment"}))
    mentor = cand(
        2,
        MENTOR,
        STATE,
        context=TRADITIONAL,
        offer_topics=frozenset({"language"}),
        languages=frozenset({"en"}),
    )
    pairing = evaluate(mentee, mentor)
    assert pairing is not None
    assert (pairing.first, pairing.second, pairing.pair_kind) == (2, 1, "state_ngo")
    codes = {r.code: r.values for r in pairing.reasons}
    assert codes["covers"] == ("language",)
    assert "mentor_context" in codes
    assert pairing.parts["coverage"] == pytest.approx(0.75 * 1 / 3)


def test_more_coverage_scores_higher() -> None:
    mentee = cand(1, MENTEE, need_topics=frozenset({"language", "employment"}))
    half = cand(2, MENTOR, offer_topics=frozenset({"language"}))
    full = cand(3, MENTOR, offer_topics=frozenset({"language", "employment"}))
    a, b = evaluate(half, mentee), evaluate(full, mentee)
    assert a is not None
    assert b is not None
    assert b.score > a.score


def test_traditional_mentor_for_an_emerging_mentee_scores_higher() -> None:
    mentee = cand(1, MENTEE, context=EMERGING, need_topics=frozenset({"housing"}))
    offer = frozenset({"housing"})
    traditional = cand(2, MENTOR, context=TRADITIONAL, offer_topics=offer)
    emerging = cand(3, MENTOR, context=EMERGING, offer_topics=offer)
    a, b = evaluate(traditional, mentee), evaluate(emerging, mentee)
    assert a is not None
    assert b is not None
    assert a.score > b.score


def test_no_complementarity_no_pair() -> None:
    a = cand(1, PEER, interests=frozenset({"housing"}))
    b = cand(2, PEER, interests=frozenset({"health"}))
    assert evaluate(a, b) is None


def test_excluded_pairs_are_not_proposed() -> None:
    people = [cand(1, PEER), cand(2, PEER)]
    assert propose(people).pairs
    result = propose(people, excluded=[frozenset({1, 2})])
    assert result.pairs == ()
    assert result.status == "empty"
    assert result.unmatched == (1, 2)


def test_the_optimum_is_not_greedy() -> None:
    """Greedy takes the best pair (1, 2) and leaves 3 and 4 alone (4 accepts NGO pairs
    only, 3 is a state body); the optimum pairs 1-3 and 4-2, whose sum is larger."""
    ab, none = frozenset({"a", "b"}), frozenset[str]()
    one = cand(1, MENTOR, interests=none, offer_topics=ab)
    two = cand(2, MENTEE, interests=none, need_topics=ab)
    three = cand(3, MENTEE, STATE, interests=none, need_topics=frozenset({"a", "c"}))
    four = cand(
        4, MENTOR, interests=none, offer_topics=frozenset({"a"}), pair_kinds=frozenset({"ngo_ngo"})
    )
    pairs = candidate_pairs([one, two, three, four])
    assert (pairs[0].first, pairs[0].second) == (1, 2)
    result = propose([one, two, three, four])
    chosen = {(p.first, p.second) for p in result.pairs}
    assert chosen == {(1, 3), (4, 2)}
    assert result.total > pairs[0].score


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="unique"):
        propose([cand(1, PEER), cand(1, PEER)])


# --- property: the result is an optimal matching that keeps every rule -----------------

TOPICS = ("housing", "language", "employment", "health")
LANGS = ("en", "fr", "ar")


def _subset(values: Sequence[str]) -> st.SearchStrategy[frozenset[str]]:
    return st.frozensets(st.sampled_from(values), max_size=len(values))


@st.composite
def instances(draw: st.DrawFn) -> list[Candidate]:
    n = draw(st.integers(min_value=0, max_value=8))
    result = []
    for k in range(n):
        result.append(
            Candidate(
                id=k + 1,
                role=draw(st.sampled_from((MENTOR, MENTEE, PEER))),
                sector=draw(st.sampled_from((STATE, NGO))),
                pair_kinds=draw(
                    st.frozensets(st.sampled_from(sorted(ALL_KINDS)), min_size=1, max_size=3)
                ),
                context=draw(st.sampled_from(("", TRADITIONAL, EMERGING))),
                languages=draw(_subset(LANGS)),
                interests=draw(_subset(TOPICS)),
                need_topics=draw(_subset(TOPICS)),
                offer_topics=draw(_subset(TOPICS)),
                need_modalities=draw(_subset(("training", "advice"))),
                offer_modalities=draw(_subset(("training", "advice"))),
                organisation=draw(st.integers(min_value=1, max_value=6)),
            )
        )
    return result


def _brute_force(ids: list[int], edges: dict[frozenset[int], float]) -> float:
    """The best total over every matching, by trying each vertex matched or not."""
    if not ids:
        return 0.0
    head, rest = ids[0], ids[1:]
    best = _brute_force(rest, edges)
    for other in rest:
        weight = edges.get(frozenset((head, other)))
        if weight is not None:
            remaining = [i for i in rest if i != other]
            best = max(best, weight + _brute_force(remaining, edges))
    return best


@settings(max_examples=150, deadline=None)
@given(instances())
def test_propose_is_an_optimal_matching_that_keeps_the_rules(people: list[Candidate]) -> None:
    result = propose(people)
    by_id = {c.id: c for c in people}
    seen: list[int] = []
    for pairing in result.pairs:
        first, second = by_id[pairing.first], by_id[pairing.second]
        seen += [pairing.first, pairing.second]
        assert allowed(first, second)
        assert first.role in (MENTOR, PEER)
        assert {first.role, second.role} in ({MENTOR, MENTEE}, {PEER})
        assert pairing.pair_kind in first.pair_kinds
        assert pairing.pair_kind in second.pair_kinds
        assert first.organisation != second.organisation
        assert pairing.score > 0
    assert len(seen) == len(set(seen)), "a candidate is in two pairs"
    assert set(result.unmatched) == set(by_id) - set(seen)
    edges: dict[frozenset[int], float] = {
        frozenset((p.first, p.second)): p.score for p in candidate_pairs(people)
    }
    assert result.total == pytest.approx(_brute_force(sorted(by_id), edges), abs=1e-6)


def _pairings_are_symmetric(a: Candidate, b: Candidate) -> tuple[Pairing | None, ...]:
    return evaluate(a, b), evaluate(b, a)


@settings(max_examples=100, deadline=None)
@given(instances())
def test_a_pair_scores_the_same_in_either_order(people: list[Candidate]) -> None:
    for a in people:
        for b in people:
            forward, backward = _pairings_are_symmetric(a, b)
            assert forward == backward
