"""Child process of `flow.solve_flow`: reads the arcs as .npz on stdin, writes the chosen
pairs as .npy on stdout. Kept apart so OR-Tools never shares a process with highspy."""

from __future__ import annotations

import io
import sys

import numpy as np
from ortools.graph.python import min_cost_flow


def main() -> int:
    data = np.load(io.BytesIO(sys.stdin.buffer.read()))
    n_cases = int(data["n_cases"])
    case, location, cost = data["case"], data["location"], data["cost"]
    capacity = data["capacity"]
    n_locations = len(capacity)
    sink = n_cases + n_locations
    flow = min_cost_flow.SimpleMinCostFlow()
    pair_arcs = flow.add_arcs_with_capacity_and_unit_cost(
        case, n_cases + location, np.ones(len(case), dtype=np.int64), cost
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        n_cases + np.arange(n_locations),
        np.full(n_locations, sink),
        capacity,
        np.zeros(n_locations, dtype=np.int64),
    )
    supplies = np.concatenate([np.ones(n_cases), np.zeros(n_locations), [-n_cases]])
    flow.set_nodes_supplies(np.arange(sink + 1), supplies.astype(np.int64))
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        print(f"min-cost flow status {status}", file=sys.stderr)
        return 1
    out = io.BytesIO()
    np.save(out, np.flatnonzero(flow.flows(pair_arcs) > 0).astype(np.int32))
    sys.stdout.buffer.write(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
