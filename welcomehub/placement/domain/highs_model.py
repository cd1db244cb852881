"""Building and solving the placement LP/MIP with highspy, column-wise from arrays.

Rows, always in this order: case i is row i (place it at most once); capacity of
location j in dimension d is row n_cases + 3j + d; then the row asking for at least P
persons placed; then one row per fairness constraint (`Compiled.side`, coef @ x >=
lower). Each column (a case-location pair) has at most 5 + side rows nonzeros, so the
model is assembled in CSC form with numpy and passed to HiGHS in one `passModel` call;
column generation appends columns with `addCols` and keeps the basis.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
import numpy.typing as npt

from welcomehub.core.highs import new_highs as shared_highs
from welcomehub.placement.domain.compiled import Compiled

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

COLWISE = 1
MAXIMIZE = -1
INF = highspy.kHighsInf


@dataclass
class Model:
    highs: highspy.Highs
    pairs: IntArray  # column k is pair pairs[k], sorted
    objective: str  # "score" or "persons"


@dataclass(frozen=True)
class Outcome:
    status: str  # "optimal", "time_limit", "infeasible" or HiGHS's own wording
    values: FloatArray | None  # column values, None when there is no solution
    objective: float
    bound: float  # MIP dual bound, or the LP optimum
    row_duals: FloatArray | None = None


def new_highs(time_limit: float, threads: int, seed: int) -> highspy.Highs:
    """A silent HiGHS instance on the process's shared pool (see core/highs.py)."""
    return shared_highs(time_limit=time_limit, threads=threads, seed=seed)


def persons_row(compiled: Compiled) -> int:
    return compiled.n_cases + 3 * compiled.n_locations


def row_count(compiled: Compiled) -> int:
    return persons_row(compiled) + 1 + len(compiled.side)


def columns(
    compiled: Compiled, pairs: IntArray
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32], FloatArray]:
    """CSC arrays (starts, row indices, values) of the columns of `pairs`."""
    case = compiled.pair_case[pairs]
    location = compiled.pair_location[pairs]
    demand = compiled.demand[case]
    n = len(pairs)
    base = compiled.n_cases + 3 * location
    side = compiled.side
    first_side = persons_row(compiled) + 1
    rows = np.column_stack(
        [
            case,
            base,
            base + 1,
            base + 2,
            np.full(n, persons_row(compiled)),
            *(np.full(n, first_side + k) for k in range(len(side))),
        ]
    )
    values = np.column_stack(
        [np.ones(n), demand, demand[:, 0], *(side.coef[k, pairs] for k in range(len(side)))]
    ).astype(np.float64)
    keep = values != 0
    starts = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(keep.sum(axis=1), out=starts[1:])
    return starts, rows[keep].astype(np.int32), values[keep]


def costs(compiled: Compiled, pairs: IntArray, objective: str) -> FloatArray:
    if objective == "persons":
        return compiled.sizes[compiled.pair_case[pairs]].astype(np.float64)
    return compiled.pair_score[pairs].astype(np.float64)


def build(
    compiled: Compiled,
    pairs: IntArray,
    *,
    objective: str,
    integer: bool,
    highs: highspy.Highs,
    capacity: npt.NDArray[np.int64] | None = None,
    min_persons: float = 0,
    place_all: bool = False,
    side_lower: FloatArray | None = None,
) -> Model:
    """Model over `pairs` (sorted). `objective` is "persons" or "score". `place_all`
    turns each case row with a column into an equality: when the persons row asks for
    every placeable person, that is the same set of placements, stated so presolve and
    cuts can use it. `side_lower` replaces the side rows' lower bounds (a sub-MIP moves
    the contribution of the cases it keeps fixed there)."""
    cap = compiled.capacity if capacity is None else capacity
    n_cols, n_rows = len(pairs), row_count(compiled)
    starts, index, value = columns(compiled, pairs)
    row_lower = np.full(n_rows, -INF)
    n_side = len(compiled.side)
    row_upper = np.concatenate(
        [np.ones(compiled.n_cases), cap.reshape(-1), [INF], np.full(n_side, INF)]
    )
    row_lower[persons_row(compiled)] = float(min_persons)
    if n_side:
        lower = compiled.side.lower if side_lower is None else side_lower
        # A little slack so float noise in the coefficients cannot cut a placement off.
        row_lower[persons_row(compiled) + 1 :] = lower - 1e-9
    if place_all:
        row_lower[np.unique(compiled.pair_case[pairs])] = 1.0
    highs.passModel(
        n_cols,
        n_rows,
        len(value),
        COLWISE,
        MAXIMIZE,
        0.0,
        costs(compiled, pairs, objective),
        np.zeros(n_cols),
        np.ones(n_cols),
        row_lower,
        row_upper.astype(np.float64),
        starts,
        index,
        value,
        np.full(n_cols, 1 if integer else 0, dtype=np.int32),
    )
    return Model(highs, pairs, objective)


def add_columns(compiled: Compiled, model: Model, pairs: IntArray) -> Model:
    """Append LP columns (column generation); the basis is kept for a warm restart."""
    starts, index, value = columns(compiled, pairs)
    n = len(pairs)
    model.highs.addCols(
        n,
        costs(compiled, pairs, model.objective),
        np.zeros(n),
        np.ones(n),
        len(value),
        starts[:-1],
        index,
        value,
    )
    # Keep `pairs` aligned with column order (appended at the end, so not sorted).
    return Model(model.highs, np.concatenate([model.pairs, pairs]), model.objective)


def set_start(model: Model, chosen_pairs: IntArray) -> None:
    """Give HiGHS a starting solution: the columns of `chosen_pairs` at 1, the rest at 0."""
    values = np.isin(model.pairs, chosen_pairs).astype(np.float64)
    model.highs.setSolution(len(values), np.arange(len(values), dtype=np.int32), values)


def run(model: Model, *, want_duals: bool = False) -> Outcome:
    highs = model.highs
    highs.run()
    status = highs.getModelStatus()
    info = highs.getInfo()
    name = {
        highspy.HighsModelStatus.kOptimal: "optimal",
        highspy.HighsModelStatus.kTimeLimit: "time_limit",
        highspy.HighsModelStatus.kInfeasible: "infeasible",
    }.get(status, highs.modelStatusToString(status))
    has_solution = info.primal_solution_status == highspy.kSolutionStatusFeasible
    solution = highs.getSolution()
    values = np.asarray(solution.col_value) if has_solution else None
    objective = float(info.objective_function_value) if has_solution else -np.inf
    is_mip = any(v != highspy.HighsVarType.kContinuous for v in highs.getLp().integrality_)
    if is_mip:
        bound = float(info.mip_dual_bound)
    elif name == "optimal":
        bound = objective
    else:
        bound = np.inf
    duals = np.asarray(solution.row_dual) if want_duals and solution.dual_valid else None
    return Outcome(name, values, objective, bound, duals)
