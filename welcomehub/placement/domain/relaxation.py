"""The LP relaxation by column generation, its duals and a Lagrangian bound.

The restricted LP starts from each case's best few pairs plus the incumbent's pairs (so
it is feasible whenever the incumbent is) and is re-solved, with the basis kept, after
adding every pair whose reduced cost `score - A'y` is positive; when none is left the
restricted optimum is the optimum over all pairs.

Whatever duals HiGHS returns, `lagrangian_bound` turns them into a bound that holds by
weak duality alone: relaxing the capacity and persons rows with prices u >= 0 and
mu >= 0 leaves one independent choice per case, so for every placement x

    score(x) <= sum(cap * u) - mu * P + sum_i max(0, max_j (s_ij - a_i . u_j + mu size_i)).

Fairness side rows `c_k . x >= l_k` are relaxed the same way with prices lambda_k >= 0:
each pair's reduced cost gains + sum_k lambda_k c_kij and the bound - sum_k lambda_k l_k.

At the LP's optimal duals this equals the LP optimum. The same quantities give
reduced-cost fixing: a placement that uses pair (i, j) scores at most
bound - best_i + reduced_ij, so pairs for which that is below the incumbent can be
dropped without losing any better placement.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from welcomehub.placement.domain import highs_model as hm
from welcomehub.placement.domain.compiled import Compiled

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

FIRST_COLUMNS_PER_CASE = 10
ADDED_COLUMNS_PER_CASE = 20
PRICING_TOLERANCE = 1e-7


@dataclass(frozen=True)
class Relaxation:
    status: str  # "optimal" or the reason it stopped
    objective: float  # LP optimum (restricted LP's when not "optimal")
    pairs: IntArray  # pairs with a positive LP value
    values: FloatArray  # their LP values
    prices: FloatArray  # (locations, 3) capacity prices u >= 0
    persons_price: float  # mu >= 0
    side_prices: FloatArray  # (side rows,) lambda >= 0
    reduced: FloatArray  # (pairs,) s - a.u + mu size, without the case price
    best: FloatArray  # (cases,) max(0, max_j reduced)
    bound: float  # the Lagrangian bound at (u, mu); valid whatever the LP status

    def fixable(
        self, compiled: Compiled, incumbent: float, tolerance: float = 1e-6
    ) -> npt.NDArray[np.bool_]:
        """Per pair: no placement using it can score more than `incumbent`."""
        best = self.best[compiled.pair_case]
        return np.asarray(self.bound - best + self.reduced <= incumbent + tolerance)


def lagrangian(
    compiled: Compiled,
    prices: FloatArray,
    persons_price: float,
    min_persons: int,
    objective: str,
    side_prices: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray, float]:
    """(reduced per pair, best per case, bound) for capacity, persons and side prices."""
    u = np.maximum(prices, 0.0)
    mu = max(persons_price, 0.0)
    case = compiled.pair_case
    gain = hm.costs(compiled, np.arange(compiled.n_pairs), objective)
    demand = compiled.demand[case]
    reduced = gain - np.einsum("pd,pd->p", demand, u[compiled.pair_location]) + mu * demand[:, 0]
    side_term = 0.0
    if len(compiled.side) and side_prices is not None:
        lam = np.maximum(side_prices, 0.0)
        reduced = reduced + lam @ compiled.side.coef
        side_term = float(lam @ compiled.side.lower)
    best = np.zeros(compiled.n_cases)
    np.maximum.at(best, case, reduced)
    bound = float((compiled.capacity * u).sum() - mu * min_persons - side_term + best.sum())
    return reduced, best, bound


def _initial_columns(compiled: Compiled, incumbent: IntArray, objective: str) -> IntArray:
    gain = hm.costs(compiled, np.arange(compiled.n_pairs), objective)
    order = np.lexsort((-gain, compiled.pair_case))
    rank = np.arange(compiled.n_pairs) - compiled.case_start[compiled.pair_case[order]]
    return np.union1d(order[rank < FIRST_COLUMNS_PER_CASE], incumbent)


def _best_per_case(compiled: Compiled, candidates: IntArray, reduced: FloatArray) -> IntArray:
    order = candidates[np.lexsort((-reduced[candidates], compiled.pair_case[candidates]))]
    case = compiled.pair_case[order]
    first = np.flatnonzero(np.r_[True, case[1:] != case[:-1]])
    rank = np.arange(len(order)) - np.repeat(first, np.diff(np.r_[first, len(order)]))
    return np.sort(order[rank < ADDED_COLUMNS_PER_CASE])


def solve_relaxation(
    compiled: Compiled,
    *,
    objective: str,
    min_persons: int,
    incumbent: IntArray,
    time_limit: float,
    threads: int,
    seed: int,
) -> Relaxation:
    """The LP over all pairs, by column generation, with its Lagrangian bound."""
    highs = hm.new_highs(time_limit, threads, seed)
    model = hm.build(
        compiled,
        _initial_columns(compiled, incumbent, objective),
        objective=objective,
        integer=False,
        highs=highs,
        min_persons=min_persons,
    )
    starts, index, value = hm.columns(compiled, np.arange(compiled.n_pairs))
    cost = hm.costs(compiled, np.arange(compiled.n_pairs), objective)
    deadline = time.monotonic() + time_limit
    while True:
        # HiGHS's limit holds per run; the loop as a whole keeps to `time_limit`.
        highs.setOptionValue("time_limit", max(deadline - time.monotonic(), 0.01))
        outcome = hm.run(model, want_duals=True)
        if outcome.status != "optimal" or outcome.row_duals is None:
            break
        duals = outcome.row_duals
        full_reduced = cost - np.add.reduceat(value * duals[index], starts[:-1])
        in_model = np.zeros(compiled.n_pairs, dtype=bool)
        in_model[model.pairs] = True
        candidates = np.flatnonzero((full_reduced > PRICING_TOLERANCE) & ~in_model)
        if not len(candidates):
            break
        model = hm.add_columns(compiled, model, _best_per_case(compiled, candidates, full_reduced))
    n_cases, persons = compiled.n_cases, hm.persons_row(compiled)
    if outcome.row_duals is not None:
        prices = outcome.row_duals[n_cases:persons].reshape(-1, 3)
        persons_price = -float(outcome.row_duals[persons])
        side_prices = -np.asarray(outcome.row_duals[persons + 1 :], dtype=np.float64)
    else:
        prices, persons_price = np.zeros((compiled.n_locations, 3)), 0.0
        side_prices = np.zeros(len(compiled.side))
    side_prices = np.maximum(side_prices, 0.0)
    reduced, best, bound = lagrangian(
        compiled, prices, persons_price, min_persons, objective, side_prices
    )
    values = outcome.values if outcome.values is not None else np.zeros(len(model.pairs))
    positive = values > 1e-9
    return Relaxation(
        status=outcome.status,
        objective=outcome.objective,
        pairs=model.pairs[positive],
        values=values[positive],
        prices=np.maximum(prices, 0.0),
        persons_price=max(persons_price, 0.0),
        side_prices=side_prices,
        reduced=reduced,
        best=best,
        bound=bound,
    )
