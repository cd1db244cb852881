"""Weekly batches of an arrival stream against the hindsight optimum.

    .venv/bin/python -m bench.placement.stream [--cases 1000] [--locations 50]
        [--weeks 12] [--seeds 0 1 2 3 4] [--scenarios 3]

For each seed a stream from `stream_generate.py` (tight: capacities 1.00-1.15 x a
planted placement of all arrivals); methods: greedy (arrival order, best location with
room), myopic (the engine per batch, no prices), priced (the engine per batch with
capacity prices from `scenarios` sampled futures, resampled from a pool of past
arrivals), and hindsight (the engine on all arrivals at once, 60 s). Prints each
method's persons placed and total score, and its share of the hindsight score; the
hindsight row shows the engine's gap to its proven bound.
"""

from __future__ import annotations

import argparse
import statistics

from welcomehub.placement.domain.stream import bootstrap_sampler, hindsight, run_stream

from .stream_generate import generate_stream


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--locations", type=int, default=50)
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--scenarios", type=int, default=3)
    parser.add_argument("--batch-seconds", type=float, default=5.0)
    args = parser.parse_args()
    shares: dict[str, list[float]] = {"greedy": [], "myopic": [], "priced": []}
    # Against the hindsight's proven bound: a floor on the share of the true optimum.
    bounded: dict[str, list[float]] = {"greedy": [], "myopic": [], "priced": []}
    header = (
        f"{'seed':>4} {'method':<10} {'persons':>8} {'score':>10} {'% of hindsight':>15} "
        f"{'% of bound':>10} {'time s':>7}"
    )
    print(header)
    print("-" * len(header))
    for seed in args.seeds:
        stream, pool = generate_stream(args.cases, args.locations, args.weeks, seed)
        best, bound = hindsight(stream, 60.0)
        total = sum(case.size for batch in stream.batches for case in batch.cases)
        gap = 100 * (bound - best.objective) / bound if bound else 0.0
        print(
            f"{seed:>4} {'hindsight':<10} {best.persons:>8} {best.objective:>10.3f} "
            f"{'100.00':>15} {100 * best.objective / bound:>10.2f} {best.seconds:>7.1f}"
            f"   (of {total} persons; gap {gap:.3f}%)"
        )
        sampler = bootstrap_sampler(pool, args.cases / args.weeks)
        for method in ("greedy", "myopic", "priced"):
            result = run_stream(
                stream,
                method,
                sampler=sampler,
                scenarios=args.scenarios,
                time_limit=args.batch_seconds,
                seed=seed,
            )
            share = 100 * result.objective / best.objective
            shares[method].append(share)
            bounded[method].append(100 * result.objective / bound)
            print(
                f"{seed:>4} {method:<10} {result.persons:>8} {result.objective:>10.3f} "
                f"{share:>15.2f} {100 * result.objective / bound:>10.2f} {result.seconds:>7.1f}",
                flush=True,
            )
    print()
    for method, values in shares.items():
        print(
            f"{method:<10} mean {statistics.mean(values):.2f}% of hindsight "
            f"(min {min(values):.2f}%, max {max(values):.2f}%); of the hindsight bound "
            f"mean {statistics.mean(bounded[method]):.2f}% (min {min(bounded[method]):.2f}%) "
            f"over seeds {args.seeds}"
        )


if __name__ == "__main__":
    main()
