"""Speed of the twinning matching: N random sign-ups, optimal pairs by HiGHS.

    .venv/bin/python bench/exchange/twinning.py [--n 50 200 500] [--seed 0]

Each sign-up gets a random role, sector, accepted kinds of pair, context, languages and
topics (of interest, needed, offered). Prints the allowed pairs (edges), the pairs
chosen, their total score and the wall-clock time of `propose` on this machine.
"""

from __future__ import annotations

import argparse
import random
import time

from welcomehub.exchange.matching.twinning import Candidate, candidate_pairs, propose

TOPICS = [
    "reception",
    "orientation",
    "housing",
    "employment",
    "education",
    "language",
    "health",
    "psychosocial",
    "casework",
    "volunteering",
    "sponsorship",
    "community_engagement",
]
LANGUAGES = ["en", "fr", "es", "ar", "pt", "uk"]
KINDS = ["state_state", "state_ngo", "ngo_ngo"]


def _some(rng: random.Random, pool: list[str], most: int) -> frozenset[str]:
    return frozenset(rng.sample(pool, rng.randint(0, most)))


def sign_ups(n: int, seed: int) -> list[Candidate]:
    rng = random.Random(seed)
    return [
        Candidate(
            id=i + 1,
            role=rng.choice(["mentor", "mentee", "peer"]),
            sector=rng.choice(["state", "ngo"]),
            pair_kinds=frozenset(rng.sample(KINDS, rng.randint(1, 3))),
            context=rng.choice(["traditional", "emerging"]),
            languages=_some(rng, LANGUAGES, 2) | {rng.choice(LANGUAGES)},
            interests=_some(rng, TOPICS, 3),
            need_topics=_some(rng, TOPICS, 4),
            offer_topics=_some(rng, TOPICS, 4),
            organisation=i + 1,
        )
        for i in range(n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[50, 200, 500])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    for n in args.n:
        candidates = sign_ups(n, args.seed + n)
        edges = len(candidate_pairs(candidates))
        start = time.perf_counter()
        result = propose(candidates)
        seconds = time.perf_counter() - start
        print(
            f"sign-ups={n} allowed_pairs={edges} pairs={len(result.pairs)} "
            f"total={result.total:.3f} status={result.status} seconds={seconds:.2f}"
        )


if __name__ == "__main__":
    main()
