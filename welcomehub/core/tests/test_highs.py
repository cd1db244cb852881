"""Two solvers in one process that ask HiGHS for different pool sizes still both solve
(HiGHS itself refuses a run whose thread count differs from its existing pool)."""

from __future__ import annotations

import numpy as np

from welcomehub.core.highs import new_highs


def _knapsack(threads: int) -> float:
    highs = new_highs(time_limit=10, threads=threads)
    # max x0 + 2 x1 subject to x0 + x1 <= 1, x binary: 2
    highs.passModel(
        2,
        1,
        2,
        1,  # column-wise
        -1,  # maximise
        0.0,
        np.array([1.0, 2.0]),
        np.zeros(2),
        np.ones(2),
        np.array([-np.inf]),
        np.array([1.0]),
        np.array([0, 1, 2], dtype=np.int32),
        np.array([0, 0], dtype=np.int32),
        np.array([1.0, 1.0]),
        np.array([1, 1], dtype=np.int32),
    )
    highs.run()
    return float(highs.getInfo().objective_function_value)


def test_pool_size_changes_between_solvers_do_not_break_either() -> None:
    assert _knapsack(1) == 2.0
    assert _knapsack(2) == 2.0
    assert _knapsack(1) == 2.0
