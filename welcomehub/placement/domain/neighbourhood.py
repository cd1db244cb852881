"""Large-neighbourhood search: re-solve a few locations exactly, everything else fixed.

A neighbourhood is a set of locations. Every case placed there, and every unplaced case
that could go there, is freed; HiGHS then re-solves that small MIP over the freed cases
and the neighbourhood's capacities, started from the current placement, so a step can
only keep or improve (persons first, then score). The neighbourhoods follow the LP:
the gap between the Lagrangian bound and the incumbent splits exactly into a loss per
case (best reduced cost minus the reduced cost of where it is) and a loss per location
(priced capacity left unused), and seeds are drawn in proportion to those losses, then
grown along each freed case's best alternatives.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from welcomehub.placement.domain import highs_model as hm
from welcomehub.placement.domain.compiled import Compiled
from welcomehub.placement.domain.heuristics import State
from welcomehub.placement.domain.relaxation import Relaxation

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


TOP_PAIRS_PER_CASE = 8
STEP_SECONDS = 2.0  # a sub-MIP that takes longer returns its best so far
SLACK_SHARE = 0.25


def promising_pairs(compiled: Compiled, relaxation: Relaxation) -> BoolArray:
    """Pairs a near-optimal placement is likely to use: each case's best few by reduced
    cost, and any within a quarter of a typical case's best of its own best. The rest
    would only slow the sub-MIPs down."""
    case = compiled.pair_case
    best = relaxation.best[case]
    slack = SLACK_SHARE * float(np.mean(np.abs(relaxation.best))) if compiled.n_cases else 0.0
    promising = relaxation.reduced >= best - slack
    order = np.lexsort((-relaxation.reduced, case))
    rank = np.empty(compiled.n_pairs, dtype=np.int64)
    rank[order] = np.arange(compiled.n_pairs) - compiled.case_start[case[order]]
    return np.asarray(promising | (rank < TOP_PAIRS_PER_CASE))


@dataclass
class Search:
    compiled: Compiled
    relaxation: Relaxation
    rng: np.random.Generator
    threads: int
    size: int  # locations per neighbourhood
    promising: BoolArray  # pairs worth offering to a sub-MIP
    persons_first: bool  # True: more persons (stage 1); False: more score, persons kept

    @classmethod
    def create(
        cls,
        compiled: Compiled,
        relaxation: Relaxation,
        *,
        seed: int,
        threads: int,
        size: int,
        persons_first: bool,
    ) -> Search:
        return cls(
            compiled,
            relaxation,
            np.random.default_rng(seed),
            threads,
            size,
            promising_pairs(compiled, relaxation),
            persons_first,
        )

    def losses(self, state: State) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Per case and per location, their share of bound - score (both >= 0)."""
        compiled, relaxation = self.compiled, self.relaxation
        placed = state.where >= 0
        here = np.zeros(compiled.n_cases)
        here[placed] = relaxation.reduced[state.pairs(compiled)]
        case_loss = relaxation.best - here
        location_loss = (relaxation.prices * state.residual).sum(axis=1)
        return case_loss, location_loss

    def neighbourhood(self, state: State) -> IntArray:
        compiled = self.compiled
        case_loss, location_loss = self.losses(state)
        weight = location_loss.copy()
        placed = np.flatnonzero(state.where >= 0)
        np.add.at(weight, state.where[placed], case_loss[placed])
        weight += 1e-9 + weight.sum() * 1e-3 / max(compiled.n_locations, 1)
        chosen = [int(self.rng.choice(compiled.n_locations, p=weight / weight.sum()))]
        members = set(chosen)
        while len(chosen) < min(self.size, compiled.n_locations):
            # Grow along the promising alternatives of the cases already inside.
            inside = np.isin(state.where, chosen)
            pairs = np.flatnonzero(inside[compiled.pair_case] & self.promising)
            outside = pairs[~np.isin(compiled.pair_location[pairs], chosen)]
            if len(outside):
                gain = case_loss[compiled.pair_case[outside]] + 1e-6
                pick = outside[self.rng.choice(len(outside), p=gain / gain.sum())]
                location = int(compiled.pair_location[pick])
            else:
                rest = np.setdiff1d(np.arange(compiled.n_locations), chosen)
                location = int(self.rng.choice(rest))
            if location not in members:
                members.add(location)
                chosen.append(location)
        return np.array(sorted(chosen), dtype=np.int64)

    def step(self, state: State, locations: IntArray, time_limit: float) -> bool:
        """Re-solve `locations` exactly; True when the placement improved."""
        compiled = self.compiled
        in_set = np.zeros(compiled.n_locations, dtype=bool)
        in_set[locations] = True
        placed = state.where >= 0
        freed = ~placed | in_set[np.maximum(state.where, 0)]
        freed &= compiled.placeable
        every = state.pairs(compiled)
        current = every[freed[compiled.pair_case[every]]]
        side = compiled.side
        side_lower = None
        if len(side):
            # The cases kept fixed contribute a constant to each side row.
            kept = every[~freed[compiled.pair_case[every]]]
            side_lower = side.lower - side.coef[:, kept].sum(axis=1)
        usable = freed[compiled.pair_case] & in_set[compiled.pair_location]
        columns = np.union1d(np.flatnonzero(usable & self.promising), current)
        if not len(columns):
            return False
        capacity = np.zeros_like(state.residual)
        capacity[in_set] = state.residual[in_set]
        freed_placed = np.flatnonzero(freed & placed)
        np.add.at(capacity, state.where[freed_placed], compiled.demand[freed_placed])
        persons = int(compiled.sizes[freed_placed].sum())
        chosen = self._solve(
            columns, capacity, persons, current, self.persons_first, time_limit, side_lower
        )
        if chosen is None:
            return False
        gained = int(compiled.sizes[compiled.pair_case[chosen]].sum())
        if self.persons_first and gained > persons:
            # Persons first, then the best score at that many persons, from there.
            better = self._solve(columns, capacity, gained, chosen, False, time_limit, side_lower)
            chosen = chosen if better is None else better
        old = (persons, float(compiled.pair_score[current].sum()))
        new = (
            int(compiled.sizes[compiled.pair_case[chosen]].sum()),
            float(compiled.pair_score[chosen].sum()),
        )
        if new[0] < old[0] or (new[0] == old[0] and new[1] <= old[1] + 1e-9):
            return False
        for case in np.flatnonzero(freed & placed):
            state.place(compiled, int(case), -1)
        for pair in chosen:
            state.place(compiled, int(compiled.pair_case[pair]), int(compiled.pair_location[pair]))
        return True

    def _solve(
        self,
        columns: IntArray,
        capacity: IntArray,
        persons: int,
        start: IntArray,
        for_persons: bool,
        seconds: float,
        side_lower: npt.NDArray[np.float64] | None = None,
    ) -> IntArray | None:
        """The sub-MIP's chosen pairs, or None when it found no placement in time."""
        highs = hm.new_highs(seconds, self.threads, int(self.rng.integers(1 << 30)))
        highs.setOptionValue("mip_rel_gap", 1e-7)
        highs.setOptionValue("mip_abs_gap", 1e-7)
        # Only persons (an integral objective HiGHS closes fast), or only score with at
        # least `persons` persons: a weighted sum would drown the score in the gap.
        model = hm.build(
            self.compiled,
            columns,
            objective="persons" if for_persons else "score",
            integer=True,
            highs=highs,
            capacity=capacity,
            min_persons=persons,
            side_lower=side_lower,
        )
        hm.set_start(model, start)
        outcome = hm.run(model)
        if outcome.values is None:
            return None
        return model.pairs[outcome.values > 0.5]

    def run(self, state: State, deadline: float) -> State:
        """Steps until the deadline; after 20 failures in a row the neighbourhood grows
        by a quarter, since the small ones around the incumbent are then exhausted."""
        failures = 0
        while time.monotonic() < deadline - 0.05:
            limit = min(STEP_SECONDS, deadline - time.monotonic())
            if self.step(state, self.neighbourhood(state), limit):
                failures = 0
                continue
            failures += 1
            if failures >= 20 and self.size < self.compiled.n_locations:
                self.size += max(1, self.size // 4)
                failures = 0
        return state
