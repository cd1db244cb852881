"""Compare greedy, plain HiGHS and the placement engine on the issue's instances.

    .venv/bin/python -m bench.placement.run [--only NAME] [--robustness]

Instances (bench/placement/generate.py, seed 0): 3,000 x 150 tight with 60 s,
300 x 25 with 10 s, 5,000 single persons x 300 locations with one capacity with 2 s.
Methods: greedy (cases in arrival order, each at its best-scoring location with room);
plain HiGHS (one MIP over all pairs, persons weighted above any score, no start, the
same time limit; run in a child process and stopped at the limit + 120 s, since HiGHS
checks its clock only between phases); the engine (`welcomehub.placement.domain.solve`).
Every time is wall clock from the domain `Instance`; "cpu s" is the engine's CPU time
(all threads and child processes), which shows how much of the wall clock it really got
on a shared machine. "bound" is each method's own proven
bound on the score given its persons; "below LP" compares with the LP relaxation at the
engine's persons level (proven maximal on all three: everyone is placed).
`--robustness` adds the engine on 300 x 25 with seeds 1-9.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import queue
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from welcomehub.placement.domain import Instance, Solution
from welcomehub.placement.domain import highs_model as hm
from welcomehub.placement.domain.compiled import compile_instance
from welcomehub.placement.domain.heuristics import State, greedy
from welcomehub.placement.domain.relaxation import solve_relaxation
from welcomehub.placement.domain.solver import Options, solve

from .generate import generate, unit_instance

PLAIN_GRACE = 120.0


@dataclass(frozen=True)
class Row:
    instance: str
    method: str
    seconds: float
    persons: int | None
    objective: float | None
    bound: float | None
    status: str = ""
    cpu: float | None = None  # CPU seconds of this process and its children

    def gap(self) -> float | None:
        if self.objective is None or self.bound is None or not self.bound:
            return None
        return (self.bound - self.objective) / abs(self.bound)


def run_greedy(name: str, instance: Instance) -> Row:
    start = time.monotonic()
    compiled = compile_instance(instance)
    state = greedy(compiled, np.arange(compiled.n_cases))
    return Row(
        name, "greedy", time.monotonic() - start, state.persons(compiled), state.score(compiled),
        None, "feasible",
    )  # fmt: skip


def _plain(instance: Instance, time_limit: float, out: multiprocessing.Queue) -> None:
    start = time.monotonic()
    compiled = compile_instance(instance)
    pairs = np.arange(compiled.n_pairs)
    highs = hm.new_highs(time_limit, 2, 0)
    model = hm.build(compiled, pairs, objective="score", integer=True, highs=highs)
    # Lexicographic in one objective: a person is worth more than any total score.
    weight = 1.0 + float(np.abs(compiled.table.scores).max(axis=1).sum())
    sizes = compiled.sizes[compiled.pair_case].astype(float)
    highs.changeColsCost(len(pairs), pairs.astype(np.int32), compiled.pair_score + weight * sizes)
    outcome = hm.run(model)
    if outcome.values is None:
        out.put((time.monotonic() - start, None, None, None, outcome.status))
        return
    state = State.from_pairs(compiled, pairs[outcome.values > 0.5])
    persons = state.persons(compiled)
    # Every placement with at least `persons` persons scores at most bound - weight*persons.
    bound = outcome.bound - weight * persons
    out.put((time.monotonic() - start, persons, state.score(compiled), bound, outcome.status))


def run_plain(name: str, instance: Instance, time_limit: float) -> Row:
    context = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue = context.Queue()
    process = context.Process(target=_plain, args=(instance, time_limit, results))
    start = time.monotonic()
    process.start()
    try:
        seconds, persons, objective, bound, status = results.get(timeout=time_limit + PLAIN_GRACE)
    except queue.Empty:
        process.terminate()
        seconds, persons, objective, bound = time.monotonic() - start, None, None, None
        status = "stopped, no answer"
    process.join()
    return Row(name, "plain HiGHS", seconds, persons, objective, bound, status)


def cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def run_engine(name: str, instance: Instance, time_limit: float) -> tuple[Row, Solution]:
    start, cpu = time.monotonic(), cpu_seconds()
    solution = solve(instance, Options(time_limit=time_limit))
    row = Row(
        name,
        f"engine ({solution.method})",
        time.monotonic() - start,
        solution.persons_placed,
        solution.objective,
        solution.bound,
        solution.status.value,
        cpu_seconds() - cpu,
    )
    return row, solution


def lp_bound(instance: Instance, solution: Solution) -> float:
    """The LP relaxation's optimum at the engine's persons level (proven maximal on these
    instances), started from the engine's placement so the restricted LP is feasible."""
    compiled = compile_instance(instance)
    case_index = {case.case_id: i for i, case in enumerate(instance.cases)}
    location_index = {loc.location_id: j for j, loc in enumerate(instance.locations)}
    rows = [case_index[case_id] for case_id, _ in solution.assignments]
    columns = [location_index[location_id] for _, location_id in solution.assignments]
    relaxation = solve_relaxation(
        compiled,
        objective="score",
        min_persons=solution.persons_placed,
        incumbent=compiled.pair_of[rows, columns],
        time_limit=600,
        threads=2,
        seed=0,
    )
    return relaxation.objective


def _fmt(value: float | int | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def print_table(rows: list[Row], lp: dict[str, float]) -> None:
    header = (
        f"{'instance':<18} {'method':<24} {'time s':>7} {'persons':>8} {'objective':>11} "
        f"{'bound':>11} {'gap %':>7} {'below LP %':>10} {'cpu s':>7}  status"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        reference = lp.get(row.instance)
        below = None
        if reference and row.objective is not None:
            below = 100 * (reference - row.objective) / reference
        gap = row.gap()
        print(
            f"{row.instance:<18} {row.method:<24} {row.seconds:>7.2f} {_fmt(row.persons, 'd'):>8} "
            f"{_fmt(row.objective, '.4f'):>11} {_fmt(row.bound, '.4f'):>11} "
            f"{_fmt(None if gap is None else 100 * gap, '.4f'):>7} {_fmt(below, '.4f'):>10} "
            f"{_fmt(row.cpu, '.2f'):>7}  {row.status}"
        )


INSTANCES: dict[str, tuple[Callable[[], Instance], float]] = {
    "3000x150 tight": (lambda: generate(3000, 150, 0)[0], 60.0),
    "300x25": (lambda: generate(300, 25, 0)[0], 10.0),
    "5000x300 unit": (lambda: unit_instance(5000, 300, 0), 2.0),
}


def main() -> None:
    print(f"load average at start: {os.getloadavg()}", flush=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(INSTANCES))
    parser.add_argument("--robustness", action="store_true")
    args = parser.parse_args()
    rows: list[Row] = []
    lp: dict[str, float] = {}
    for name, (make, time_limit) in INSTANCES.items():
        if args.only and name != args.only:
            continue
        instance = make()
        rows.append(run_greedy(name, instance))
        rows.append(run_plain(name, instance, time_limit))
        row, solution = run_engine(name, instance, time_limit)
        rows.append(row)
        lp[name] = lp_bound(instance, solution)
        print_table(rows[-3:], lp)
        print(flush=True)
    if args.robustness:
        for seed in range(1, 10):
            name = f"300x25 seed {seed}"
            instance, _ = generate(300, 25, seed)
            row, solution = run_engine(name, instance, 10.0)
            rows.append(row)
            lp[name] = lp_bound(instance, solution)
    print("LP bounds at the maximum persons level:", {k: round(v, 4) for k, v in lp.items()})
    print_table(rows, lp)


if __name__ == "__main__":
    main()
