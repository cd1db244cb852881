"""Input and output of the stateless CLI `welcomehub connections match`.

H.csv: `household_id,preferences` (mentor ids, `;`-separated, best first).
M.csv: `mentor_id,capacity,preferences` (household ids, `;`-separated, best first; empty
means the mentor accepts any household).
Output: `{"pairs": [{"household_id", "mentor_id"}], "blocking_pairs": N,
"unmatched_households": [...]}`.

Every problem is reported as `FILE:LINE: column COLUMN: message`; nothing is solved or
written when there is one.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from welcomehub.connections.matching.stable import blocking_pairs, stable
from welcomehub.connections.matching.weighted import weighted

MAX_CAPACITY = 1000


class MatchInputError(ValueError):
    """One or more `FILE:LINE: column COLUMN: message` lines."""


@dataclass
class Problem:
    household_prefs: dict[str, list[str]]
    mentor_prefs: dict[str, list[str]]
    capacities: dict[str, int]


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _rows(path: Path, expected: list[str], errors: list[str]) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        errors.append(f"{path}:0: column -: file not found")
        return []
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(f"{path}:0: column -: cannot read the file ({exc.__class__.__name__})")
        return []
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header is None:
        errors.append(f"{path}:1: column -: empty file, expected header {','.join(expected)}")
        return []
    header = [name.strip() for name in header]
    missing = [name for name in expected if name not in header]
    if missing:
        errors.append(
            f"{path}:1: column {missing[0]}: missing column (expected {','.join(expected)})"
        )
        return []
    rows = []
    for number, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            errors.append(
                f"{path}:{number}: column -: {len(values)} values, the header has {len(header)}"
            )
            continue
        rows.append((number, dict(zip(header, values, strict=True))))
    return rows


def read_problem(households: Path, mentors: Path) -> Problem:
    errors: list[str] = []
    household_rows = _rows(households, ["household_id", "preferences"], errors)
    mentor_rows = _rows(mentors, ["mentor_id", "capacity", "preferences"], errors)
    capacities: dict[str, int] = {}
    mentor_prefs: dict[str, list[str]] = {}
    mentor_lines: dict[str, int] = {}
    for number, row in mentor_rows:
        mentor = row["mentor_id"].strip()
        if not mentor:
            errors.append(f"{mentors}:{number}: column mentor_id: empty id")
            continue
        if mentor in capacities:
            errors.append(
                f"{mentors}:{number}: column mentor_id: duplicate id {mentor!r}"
                f" (first on line {mentor_lines[mentor]})"
            )
            continue
        raw = row["capacity"].strip()
        if not raw.isdigit() or int(raw) > MAX_CAPACITY:
            errors.append(
                f"{mentors}:{number}: column capacity: {raw!r} is not a whole number"
                f" from 0 to {MAX_CAPACITY}"
            )
            continue
        capacities[mentor] = int(raw)
        mentor_prefs[mentor] = _split(row["preferences"])
        mentor_lines[mentor] = number
    household_prefs: dict[str, list[str]] = {}
    household_lines: dict[str, int] = {}
    for number, row in household_rows:
        household = row["household_id"].strip()
        if not household:
            errors.append(f"{households}:{number}: column household_id: empty id")
            continue
        if household in household_prefs:
            errors.append(
                f"{households}:{number}: column household_id: duplicate id {household!r}"
                f" (first on line {household_lines[household]})"
            )
            continue
        prefs = _split(row["preferences"])
        unknown = [mentor for mentor in prefs if mentor not in capacities]
        if unknown and mentor_rows:
            errors.append(
                f"{households}:{number}: column preferences: unknown mentor {unknown[0]!r}"
            )
            continue
        household_prefs[household] = prefs
        household_lines[household] = number
    for mentor, prefs in mentor_prefs.items():
        unknown = [household for household in prefs if household not in household_prefs]
        if unknown and household_rows:
            errors.append(
                f"{mentors}:{mentor_lines[mentor]}: column preferences:"
                f" unknown household {unknown[0]!r}"
            )
    if errors:
        raise MatchInputError("\n".join(errors))
    return Problem(household_prefs, mentor_prefs, capacities)


def rank_scores(problem: Problem) -> dict[tuple[str, str], float]:
    """Score of each acceptable pair for the weighted mode: how high each side ranks the
    other, 0..1 each (first choice 1), summed; an empty mentor list counts as 0.5."""
    mentor_rank = {
        mentor: {household: i for i, household in enumerate(prefs)}
        for mentor, prefs in problem.mentor_prefs.items()
    }
    scores: dict[tuple[str, str], float] = {}
    for household, prefs in problem.household_prefs.items():
        n = len(prefs)
        for position, mentor in enumerate(prefs):
            if (household, mentor) in scores:
                continue
            ranks = mentor_rank.get(mentor, {})
            listed = problem.mentor_prefs.get(mentor) or []
            if listed:
                if household not in ranks:
                    continue
                theirs = 1.0 - ranks[household] / len(listed)
            else:
                theirs = 0.5
            scores[(household, mentor)] = 1.0 + (1.0 - position / n) + theirs
    return scores


def solve(problem: Problem, mode: str) -> dict[str, Any]:
    if mode == "stable":
        result = stable(problem.household_prefs, problem.mentor_prefs, problem.capacities)
        pairs, blocking, unmatched = result.pairs, result.blocking_pairs, result.unmatched
    elif mode == "weighted":
        pairs = weighted(rank_scores(problem), problem.capacities)
        blocking = blocking_pairs(
            pairs, problem.household_prefs, problem.mentor_prefs, problem.capacities
        )
        matched = {household for household, _ in pairs}
        unmatched = [h for h in problem.household_prefs if h not in matched]
    else:
        raise ValueError(f"unknown mode {mode!r}")
    return {
        "pairs": [{"household_id": h, "mentor_id": m} for h, m in pairs],
        "blocking_pairs": blocking,
        "unmatched_households": unmatched,
    }
