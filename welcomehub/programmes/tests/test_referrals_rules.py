"""Status rules of referrals, for every sequence of moves (no database)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from welcomehub.programmes import referral_rules as rules
from welcomehub.programmes.referral_rules import Side

SIDES = st.frozensets(st.sampled_from(list(Side)))
MOVES = st.lists(st.tuples(SIDES, st.sampled_from(rules.STATUSES)), max_size=12)


def _run(moves: list[tuple[frozenset[Side], str]]) -> list[tuple[str, frozenset[Side], str]]:
    """Apply the allowed moves from 'sent'; the (from, by, to) steps that happened."""
    status, steps = rules.SENT, []
    for sides, target in moves:
        if rules.can_move(status, target, sides):
            steps.append((status, sides, target))
            status = target
    return steps


@given(MOVES)
def test_final_statuses_never_change(moves: list[tuple[frozenset[Side], str]]) -> None:
    steps = _run(moves)
    for index, (before, _sides, _after) in enumerate(steps):
        assert before not in rules.FINAL, steps[: index + 1]


@given(MOVES)
def test_only_the_receiver_answers_and_completes(
    moves: list[tuple[frozenset[Side], str]],
) -> None:
    for before, sides, after in _run(moves):
        if after in (rules.ACCEPTED, rules.DECLINED, rules.COMPLETED):
            assert Side.RECEIVER in sides
        if after == rules.CANCELLED:
            assert Side.SENDER in sides
        if after == rules.COMPLETED:
            assert before == rules.ACCEPTED
        if after in (rules.ACCEPTED, rules.DECLINED):
            assert before == rules.SENT


@given(st.sampled_from(rules.STATUSES), SIDES)
def test_nobody_moves_without_a_side_and_nothing_stays_put(
    status: str, sides: frozenset[Side]
) -> None:
    moves = rules.allowed_moves(status, sides)
    assert status not in moves
    if not sides or status in rules.FINAL:
        assert moves == frozenset()
    assert (rules.side_to_act(status) is None) == (status in rules.FINAL)
