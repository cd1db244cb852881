"""Fast primal heuristics: greedy, LP rounding, ejection repair and improving moves.

All work on a `State` (each case's location index or -1, and each location's residual
capacity) and never break a hard rule: a case only ever moves along an eligible pair,
and every step checks all three residual capacities. Greedy also keeps the fairness
side rows (a case goes only where every row still holds, or a violated one does not
get worse); repair and moves may break them, so `side_feasible` restores them by taking
out the placed case that hurts the most violated row most, until all hold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from welcomehub.placement.domain.compiled import Compiled

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass
class State:
    where: IntArray  # (cases,): location index or -1
    residual: IntArray  # (locations, 3)

    @classmethod
    def empty(cls, compiled: Compiled) -> State:
        return cls(np.full(compiled.n_cases, -1, dtype=np.int64), compiled.capacity.copy())

    @classmethod
    def from_pairs(cls, compiled: Compiled, pairs: IntArray) -> State:
        state = cls.empty(compiled)
        cases = compiled.pair_case[pairs]
        state.where[cases] = compiled.pair_location[pairs]
        np.subtract.at(state.residual, compiled.pair_location[pairs], compiled.demand[cases])
        return state

    def copy(self) -> State:
        return State(self.where.copy(), self.residual.copy())

    def place(self, compiled: Compiled, case: int, location: int) -> None:
        if self.where[case] >= 0:
            self.residual[self.where[case]] += compiled.demand[case]
        self.where[case] = location
        if location >= 0:
            self.residual[location] -= compiled.demand[case]

    def pairs(self, compiled: Compiled) -> IntArray:
        """Pair index of every placed case, in case order."""
        placed = np.flatnonzero(self.where >= 0)
        return compiled.pair_of[placed, self.where[placed]]

    def persons(self, compiled: Compiled) -> int:
        return int(compiled.sizes[self.where >= 0].sum())

    def score(self, compiled: Compiled) -> float:
        return float(compiled.pair_score[self.pairs(compiled)].sum())

    def key(self, compiled: Compiled) -> tuple[bool, int, float]:
        """Lexicographic quality: the side rows (fairness) kept, then persons placed, then
        total score. A placement that breaks a fairness row never wins over one that keeps
        them all, however many more persons it places."""
        return side_holds(compiled, self), self.persons(compiled), self.score(compiled)


def _fitting(compiled: Compiled, state: State, case: int) -> tuple[IntArray, IntArray]:
    """Pairs of `case` whose location has room for it now, and those locations."""
    start, end = compiled.case_start[case], compiled.case_start[case + 1]
    locations = compiled.pair_location[start:end]
    room = np.all(state.residual[locations] >= compiled.demand[case], axis=1)
    return np.arange(start, end)[room], locations[room]


def greedy(compiled: Compiled, order: IntArray, state: State | None = None) -> State:
    """Each case in `order` goes to its best-scoring location that still has room (and,
    with side rows, keeps them)."""
    state = state or State.empty(compiled)
    side = compiled.side
    slack = side.slack(state.pairs(compiled)) if len(side) else None
    for case in order:
        if state.where[case] >= 0:
            continue
        pairs, locations = _fitting(compiled, state, int(case))
        if slack is not None and len(pairs):
            after = slack[:, None] + side.coef[:, pairs]
            ok = np.all(after >= np.minimum(slack, 0.0)[:, None] - 1e-9, axis=0)
            pairs, locations = pairs[ok], locations[ok]
        if len(pairs):
            best = int(np.argmax(compiled.pair_score[pairs]))
            state.place(compiled, int(case), int(locations[best]))
            if slack is not None:
                slack += side.coef[:, pairs[best]]
    return state


def side_moves(compiled: Compiled, state: State, rounds: int = 20) -> State:
    """Mend violated side rows by moves: for the most violated row, the moves (a placed
    case to another location with room, or an unplaced case in) that raise it, best
    first (ties to the better score), each applied while it still fits and breaks no
    row that holds; a few rounds, each re-ranking the moves once."""
    side = compiled.side
    slack = side.slack(state.pairs(compiled))
    case, location = compiled.pair_case, compiled.pair_location
    for _ in range(rounds):
        if not np.any(slack < -1e-9):
            break
        row = int(np.argmin(slack))
        placed = state.where[case] >= 0
        current = np.full(compiled.n_pairs, -1, dtype=np.int64)
        current[placed] = compiled.pair_of[case[placed], state.where[case[placed]]]
        here = np.where(current >= 0, side.coef[row, np.maximum(current, 0)], 0.0)
        gain = side.coef[row] - here
        gain[state.where[case] == location] = 0.0
        candidates = np.flatnonzero(gain > 1e-12)
        if not len(candidates):
            break
        order = candidates[np.lexsort((-compiled.pair_score[candidates], -gain[candidates]))]
        moved = np.zeros(compiled.n_cases, dtype=bool)
        changed = False
        for pair in order:
            if slack[row] >= -1e-9:
                break
            c, j = int(case[pair]), int(location[pair])
            if moved[c] or np.any(state.residual[j] < compiled.demand[c]):
                continue
            old = int(compiled.pair_of[c, state.where[c]]) if state.where[c] >= 0 else -1
            delta = side.coef[:, pair] - (side.coef[:, old] if old >= 0 else 0.0)
            if np.any(slack + delta < np.minimum(slack, 0.0) - 1e-9):
                continue
            state.place(compiled, c, j)
            slack += delta
            moved[c] = True
            changed = True
        if not changed:
            break
    return state


def side_feasible(compiled: Compiled, state: State) -> State:
    """Restore the side rows: first by moves (`side_moves`), then by taking placed cases
    out until every row holds (the empty placement satisfies them whenever the locks
    alone do)."""
    side = compiled.side
    if not len(side):
        return state
    state = side_moves(compiled, state)
    pairs = state.pairs(compiled)
    slack = side.slack(pairs)
    alive = np.ones(len(pairs), dtype=bool)
    while np.any(slack < -1e-9):
        row = int(np.argmin(slack))
        contribution = np.where(alive, side.coef[row, pairs], np.inf)
        worst = int(np.argmin(contribution))
        if not contribution[worst] < 0:
            break  # removals cannot help: the locks alone break this row
        alive[worst] = False
        state.place(compiled, int(compiled.pair_case[pairs[worst]]), -1)
        slack -= side.coef[:, pairs[worst]]
    return state


def side_holds(compiled: Compiled, state: State) -> bool:
    side = compiled.side
    return not len(side) or bool(np.all(side.slack(state.pairs(compiled)) >= -1e-7))


def packing_order(compiled: Compiled) -> IntArray:
    """Hard cases first: family ties, then fewer options, larger demand, medical."""
    options = np.diff(compiled.case_start)
    demand = compiled.demand
    weight = demand[:, 0] / max(int(demand[:, 0].max(initial=1)), 1) + demand[:, 2]
    # lexsort: the last key is the primary one.
    return np.lexsort((np.arange(compiled.n_cases), -weight, options, compiled.family < 0))


def round_relaxation(compiled: Compiled, pairs: IntArray, values: FloatArray) -> State:
    """Keep the LP's integral placements, then place fractional cases by LP weight."""
    state = State.from_pairs(compiled, pairs[values > 1.0 - 1e-6])
    fractional = values <= 1.0 - 1e-6
    order = np.argsort(-values[fractional], kind="stable")
    for pair in pairs[fractional][order]:
        case, location = int(compiled.pair_case[pair]), int(compiled.pair_location[pair])
        if state.where[case] < 0 and np.all(state.residual[location] >= compiled.demand[case]):
            state.place(compiled, case, location)
    return state


def _movable(compiled: Compiled, state: State) -> npt.NDArray[np.bool_]:
    """Per pair: the case is placed elsewhere and would fit at the pair's location now."""
    case, location = compiled.pair_case, compiled.pair_location
    current = state.where[case]
    fits = np.all(state.residual[location] >= compiled.demand[case], axis=1)
    return np.asarray(fits & (current >= 0) & (current != location))


def _eject_and_insert(compiled: Compiled, state: State, case: int) -> bool:
    """Place `case` by moving one placed case out of the way to a location with room."""
    start, end = compiled.case_start[case], compiled.case_start[case + 1]
    need = compiled.demand[case]
    movable = _movable(compiled, state)
    best: tuple[float, int, int, int] | None = None
    for target, score in zip(
        compiled.pair_location[start:end], compiled.pair_score[start:end], strict=True
    ):
        blockers = np.flatnonzero(state.where == target)
        room = np.all(state.residual[target] + compiled.demand[blockers] >= need, axis=1)
        for blocker in blockers[room]:
            b_start, b_end = compiled.case_start[blocker], compiled.case_start[blocker + 1]
            options = np.flatnonzero(movable[b_start:b_end])
            if not len(options):
                continue
            scores = compiled.pair_score[b_start:b_end][options]
            pick = int(np.argmax(scores))
            gain = float(score + scores[pick] - compiled.table.scores[blocker, target])
            if best is None or gain > best[0]:
                destination = int(compiled.pair_location[b_start + options[pick]])
                best = (gain, int(target), int(blocker), destination)
    if best is None:
        return False
    _, target, blocker, destination = best
    state.place(compiled, blocker, destination)
    state.place(compiled, case, target)
    return True


def repair(compiled: Compiled, state: State, rounds: int = 3) -> State:
    """Place unplaced cases: directly where there is room, else by one ejection."""
    for _ in range(rounds):
        unplaced = np.flatnonzero((state.where < 0) & compiled.placeable)
        changed = False
        for case in unplaced[np.argsort(-compiled.sizes[unplaced], kind="stable")]:
            pairs, locations = _fitting(compiled, state, int(case))
            if len(pairs):
                best = int(np.argmax(compiled.pair_score[pairs]))
                state.place(compiled, int(case), int(locations[best]))
                changed = True
            elif _eject_and_insert(compiled, state, int(case)):
                changed = True
        if not changed:
            break
    return state


def improve_moves(compiled: Compiled, state: State, passes: int = 5) -> State:
    """Move placed cases to better-scoring locations with room, best gains first."""
    case = compiled.pair_case
    for _ in range(passes):
        placed = state.where[case] >= 0
        current = np.zeros(compiled.n_pairs)
        current[placed] = compiled.table.scores[case[placed], state.where[case[placed]]]
        gain = np.where(_movable(compiled, state), compiled.pair_score - current, 0.0)
        candidates = np.flatnonzero(gain > 1e-9)
        moved = False
        for pair in candidates[np.argsort(-gain[candidates], kind="stable")]:
            c, location = int(case[pair]), int(compiled.pair_location[pair])
            if state.where[c] == location:
                continue
            if not np.all(state.residual[location] >= compiled.demand[c]):
                continue
            if compiled.pair_score[pair] > compiled.table.scores[c, state.where[c]] + 1e-9:
                state.place(compiled, c, location)
                moved = True
        if not moved:
            break
    return state


def polish(compiled: Compiled, state: State) -> State:
    """Repair, improve, restore the side rows and fill what room is left."""
    state = improve_moves(compiled, repair(compiled, state))
    if len(compiled.side):
        state = greedy(compiled, packing_order(compiled), side_feasible(compiled, state))
    return state


def start_solution(compiled: Compiled) -> State:
    """The better (persons, then score) of two greedy orders, each repaired and improved."""
    candidates = []
    for order in (packing_order(compiled), np.arange(compiled.n_cases)):
        candidates.append(polish(compiled, greedy(compiled, order)))
    return max(candidates, key=lambda state: state.key(compiled))
