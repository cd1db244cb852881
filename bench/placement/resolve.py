"""Re-solving a batch after the coordinator locks or bars pairs, from the last answer.

    .venv/bin/python -m bench.placement.resolve [--seeds 0 1 2] [--cases 300] [--locations 25]

For each seed: solve the generated batch (10 s limit), then change it the way a
coordinator would, and re-solve with the previous assignment as warm start and a 5 s
limit. Two changes: "move" locks 5 placed cases to their best alternative and bars 5
other cases from where they were placed (the placement must change); "confirm" locks 5
cases where they were recommended and bars 5 cases from their best alternative. Prints
wall-clock seconds (from the domain `Instance`), status and gap of each re-solve, and
whether every lock held and no bar was used. A second re-solve adds a fairness floor
(mean expected outcome of Syrian cases at least their unconstrained mean + 2%) and a
60% top-preference share, and reports the constraint costs.
"""

from __future__ import annotations

import argparse
import dataclasses
import time

from welcomehub.placement.domain import Instance, Solution
from welcomehub.placement.domain.solver import Options, solve

from .generate import generate


def change(instance: Instance, solution: Solution, kind: str = "move") -> Instance:
    placed = dict(solution.assignments)
    ids = sorted(placed)
    locked: dict[str, str] = {}
    barred: set[tuple[str, str]] = set()
    for case_id in ids[:40]:
        options = solution.alternatives.get(case_id) or []
        if options and len(locked) < 5:
            locked[case_id] = options[0][0] if kind == "move" else placed[case_id]
    for case_id in reversed(ids):
        options = solution.alternatives.get(case_id) or []
        if len(barred) < 5 and options:
            barred.add((case_id, placed[case_id] if kind == "move" else options[0][0]))
    return dataclasses.replace(instance, locked=locked, barred=frozenset(barred))


def check(instance: Instance, solution: Solution) -> str:
    placed = dict(solution.assignments)
    held = sum(placed.get(c) == loc for c, loc in instance.locked.items())
    used = sum(placed.get(c) == loc for c, loc in instance.barred)
    return f"locks held {held}/{len(instance.locked)}, bars used {used}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--locations", type=int, default=25)
    args = parser.parse_args()
    print(f"{'seed':>4} {'step':<22} {'time s':>7} {'status':<9} {'gap %':>8}  checks")
    for seed in args.seeds:
        instance, _ = generate(args.cases, args.locations, seed)
        start = time.monotonic()
        first = solve(instance, Options(time_limit=10))
        print(
            f"{seed:>4} {'first solve':<22} {time.monotonic() - start:>7.2f} "
            f"{first.status.value:<9} {100 * first.gap:>8.4f}"
        )
        warm = dict(first.assignments)
        for kind in ("confirm", "move"):
            changed = change(instance, first, kind)
            start = time.monotonic()
            again = solve(changed, Options(time_limit=5, warm_start=warm))
            print(
                f"{seed:>4} {kind + ' re-solve':<22} {time.monotonic() - start:>7.2f} "
                f"{again.status.value:<9} {100 * again.gap:>8.4f}  {check(changed, again)}"
            )
        syrian = [i for i, case in enumerate(changed.cases) if case.nationality == "SY"]
        placed = dict(again.assignments)
        means = [again.explanations[changed.cases[i].case_id].score for i in syrian
                 if changed.cases[i].case_id in placed]  # fmt: skip
        floor = 1.02 * sum(means) / max(len(means), 1)
        options = Options(
            time_limit=5,
            warm_start=dict(again.assignments),
            group_floors={"nationality:SY": round(floor, 4)},
            min_top_preference_share=0.6,
        )
        start = time.monotonic()
        fair = solve(changed, options)
        costs = {name: round(value, 4) for name, value in fair.constraint_costs.items()}
        print(
            f"{seed:>4} {'+ fairness re-solve':<22} {time.monotonic() - start:>7.2f} "
            f"{fair.status.value:<9} {100 * fair.gap:>8.4f}  {check(changed, fair)}, "
            f"costs {costs}"
        )


if __name__ == "__main__":
    main()
