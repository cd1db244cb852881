"""Speed of `welcomehub connections match` on 10,000 households x 2,000 mentors.

    .venv/bin/python bench/connections/match.py [--households 10000] [--mentors 2000]
        [--choices 10] [--seed 7]

Writes H.csv and M.csv to a temporary directory (each household lists `--choices`
mentors among those "near" it, best first; each mentor has capacity 1..10 and ranks the
households that listed it), then times, in this process, reading the files + solving +
encoding the JSON for both modes, and once the whole CLI in a fresh interpreter
(Django start-up included). Prints wall and CPU seconds.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from welcomehub.connections.matching.files import read_problem, solve  # noqa: E402


def generate(folder: Path, n_h: int, n_m: int, choices: int, seed: int) -> tuple[Path, Path]:
    rng = random.Random(seed)
    listed_by: dict[int, list[int]] = {m: [] for m in range(n_m)}
    h_lines = ["household_id,preferences"]
    for h in range(n_h):
        centre = rng.randrange(n_m)
        near = {(centre + rng.randint(-40, 40)) % n_m for _ in range(choices * 2)}
        prefs = rng.sample(sorted(near), min(choices, len(near)))
        for m in prefs:
            listed_by[m].append(h)
        h_lines.append(f"h{h}," + ";".join(f"m{m}" for m in prefs))
    m_lines = ["mentor_id,capacity,preferences"]
    for m in range(n_m):
        ranked = listed_by[m][:]
        rng.shuffle(ranked)
        m_lines.append(f"m{m},{rng.randint(1, 10)}," + ";".join(f"h{h}" for h in ranked))
    households, mentors = folder / "H.csv", folder / "M.csv"
    households.write_text("\n".join(h_lines) + "\n", encoding="utf-8")
    mentors.write_text("\n".join(m_lines) + "\n", encoding="utf-8")
    return households, mentors


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--mentors", type=int, default=2_000)
    parser.add_argument("--choices", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        households, mentors = generate(
            Path(tmp), args.households, args.mentors, args.choices, args.seed
        )
        print(f"{args.households} households x {args.mentors} mentors, {args.choices} choices each")
        for mode in ("stable", "weighted"):
            wall, cpu = time.perf_counter(), time.process_time()
            payload = solve(read_problem(households, mentors), mode)
            text = json.dumps(payload)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            print(
                f"{mode:8s} in-process: {wall:.2f} s wall, {cpu:.2f} s CPU;"
                f" {len(payload['pairs'])} pairs, {payload['blocking_pairs']} blocking,"
                f" {len(payload['unmatched_households'])} unmatched, {len(text)} bytes"
            )
            command = [
                str(ROOT / ".venv/bin/welcomehub"), "connections", "match",
                "--households", str(households), "--mentors", str(mentors),
                "--mode", mode, "--format", "json",
            ]  # fmt: skip
            wall = time.perf_counter()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            done = subprocess.run(command, capture_output=True, check=True)  # noqa: S603
            wall = time.perf_counter() - wall
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            child_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
            assert json.loads(done.stdout) == payload
            print(
                f"{mode:8s} whole CLI (fresh interpreter, Django start-up):"
                f" {wall:.2f} s wall, {child_cpu:.2f} s CPU"
            )


if __name__ == "__main__":
    main()
