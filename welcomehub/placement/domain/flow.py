"""Single persons and one binding capacity: a transportation problem, solved exactly.

When every case is one person and no location can run out of school places or medical
slots even if it took every case eligible there, only the persons capacity binds, the
constraint matrix is totally unimodular, and OR-Tools' min-cost flow (cost-scaling
push-relabel) returns a maximum flow of minimum cost: the most persons placed and,
among those placements, the highest total score, exactly the lexicographic objective.

Scores are floats; the flow needs integers, so they are scaled to about 1e9 and
rounded. A placement optimal for the rounded scores is within 2 * k * rounding of the
true optimum (k = cases placed), and that margin is added to the reported bound.

The flow runs in a child process (`flow_worker`): OR-Tools 9.15 bundles its own, older
`libhighs.so.1`, and a process can load only one library of that name, so OR-Tools and
highspy cannot both be imported in one interpreter (whichever comes second fails with
an undefined symbol). The child costs about 0.3 s.
"""

from __future__ import annotations

import io
import subprocess
import sys

import numpy as np
import numpy.typing as npt

from welcomehub.placement.domain.compiled import Compiled

IntArray = npt.NDArray[np.int64]
COST_RANGE = 1e9
WORKER = "welcomehub.placement.domain.flow_worker"


def applicable(compiled: Compiled) -> bool:
    """Every case has one person and only the persons capacity can ever bind."""
    if compiled.n_cases == 0 or compiled.n_pairs == 0 or np.any(compiled.sizes != 1):
        return False
    for dim in (1, 2):
        wanted = np.bincount(
            compiled.pair_location,
            weights=compiled.demand[compiled.pair_case, dim],
            minlength=compiled.n_locations,
        )
        if np.any(wanted > compiled.capacity[:, dim]):
            return False
    return True


def solve_flow(compiled: Compiled) -> tuple[IntArray, float]:
    """(chosen pairs, bound margin): a lexicographically optimal placement."""
    peak = float(np.abs(compiled.pair_score).max())
    scale = COST_RANGE / peak if peak > 0 else 1.0
    buffer = io.BytesIO()
    np.savez(
        buffer,
        n_cases=np.int64(compiled.n_cases),
        case=compiled.pair_case.astype(np.int32),
        location=compiled.pair_location.astype(np.int32),
        cost=-np.rint(compiled.pair_score * scale).astype(np.int64),
        capacity=compiled.capacity[:, 0].astype(np.int64),
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and module, no shell
        [sys.executable, "-m", WORKER],
        input=buffer.getvalue(),
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"min-cost flow failed: {result.stderr.decode(errors='replace')}")
    chosen = np.load(io.BytesIO(result.stdout)).astype(np.int64)
    # Rounding moved each pair's score by at most 0.5 / scale.
    return chosen, len(chosen) / scale
