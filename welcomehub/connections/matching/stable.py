"""Stable engine: household-proposing deferred acceptance with capacities.

A household may be matched only with a mentor it lists. A mentor with a non-empty
preference list accepts only the households it lists, best first; a mentor with an empty
list accepts every household, ranked in the order the households were given (a fixed,
documented tie-break). Forbidden pairs (e.g. excluded by a safeguarding rule) are never
formed; the blocking pairs of the result are counted against the full preferences, so a
forbidden pair that both sides would prefer shows up as a blocking pair. Without forbidden
pairs the result is the household-optimal stable matching and has no blocking pair.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class StableResult:
    pairs: list[tuple[str, str]]
    blocking_pairs: int
    unmatched: list[str] = field(default_factory=list)


def _mentor_ranks(
    household_prefs: dict[str, list[str]],
    mentor_prefs: dict[str, list[str]],
    mentors: Iterable[str],
) -> dict[str, dict[str, int]]:
    everyone: dict[str, int] = {}
    for household in household_prefs:
        everyone.setdefault(household, len(everyone))
    ranks: dict[str, dict[str, int]] = {}
    for mentor in mentors:
        listed = mentor_prefs.get(mentor) or []
        if not listed:
            ranks[mentor] = everyone  # shared, read-only
            continue
        rank: dict[str, int] = {}
        for household in listed:
            rank.setdefault(household, len(rank))
        ranks[mentor] = rank
    return ranks


def _acceptable(
    household: str, mentor: str, ranks: dict[str, dict[str, int]], capacities: dict[str, int]
) -> bool:
    return capacities.get(mentor, 0) > 0 and household in ranks.get(mentor, {})


def stable(
    household_prefs: dict[str, list[str]],
    mentor_prefs: dict[str, list[str]],
    capacities: dict[str, int],
    *,
    forbidden: Collection[tuple[str, str]] = (),
) -> StableResult:
    mentors = set(capacities) | set(mentor_prefs)
    ranks = _mentor_ranks(household_prefs, mentor_prefs, mentors)
    banned = set(forbidden)
    lists: dict[str, list[str]] = {}
    for household, prefs in household_prefs.items():
        seen: set[str] = set()
        clean = []
        for mentor in prefs:
            if mentor in seen:
                continue
            seen.add(mentor)
            if (household, mentor) not in banned and _acceptable(
                household, mentor, ranks, capacities
            ):
                clean.append(mentor)
        lists[household] = clean

    held: dict[str, list[str]] = {mentor: [] for mentor in mentors}
    next_choice = dict.fromkeys(household_prefs, 0)
    free = list(reversed(list(household_prefs)))
    while free:
        household = free.pop()
        prefs = lists[household]
        if next_choice[household] >= len(prefs):
            continue
        mentor = prefs[next_choice[household]]
        next_choice[household] += 1
        group = held[mentor]
        rank = ranks[mentor]
        if len(group) < capacities[mentor]:
            group.append(household)
            continue
        worst = max(group, key=rank.__getitem__)
        if rank[household] < rank[worst]:
            group.remove(worst)
            group.append(household)
            free.append(worst)
        else:
            free.append(household)

    pairs = sorted((household, mentor) for mentor, group in held.items() for household in group)
    matched = {household for household, _ in pairs}
    unmatched = [household for household in household_prefs if household not in matched]
    count = blocking_pairs(pairs, household_prefs, mentor_prefs, capacities)
    return StableResult(pairs=pairs, blocking_pairs=count, unmatched=unmatched)


def blocking_pairs(
    pairs: Iterable[tuple[str, str]],
    household_prefs: dict[str, list[str]],
    mentor_prefs: dict[str, list[str]],
    capacities: dict[str, int],
) -> int:
    """How many acceptable (household, mentor) pairs both prefer each other to the
    given matching: the household lists the mentor above its partner (or has none), and
    the mentor has a free place or ranks the household above one it holds."""
    mentors = set(capacities) | set(mentor_prefs)
    ranks = _mentor_ranks(household_prefs, mentor_prefs, mentors)
    partner: dict[str, str] = {}
    held: dict[str, list[str]] = {}
    for household, mentor in pairs:
        partner[household] = mentor
        held.setdefault(mentor, []).append(household)
    worst_rank: dict[str, int] = {}
    for mentor, group in held.items():
        rank = ranks.get(mentor, {})
        worst_rank[mentor] = max(rank.get(h, len(rank)) for h in group)
    count = 0
    for household, prefs in household_prefs.items():
        current = partner.get(household)
        seen: set[str] = set()
        for mentor in prefs:
            if mentor == current:
                break
            if mentor in seen:
                continue
            seen.add(mentor)
            if not _acceptable(household, mentor, ranks, capacities):
                continue
            group = held.get(mentor, [])
            if len(group) < capacities[mentor] or ranks[mentor][household] < worst_rank[mentor]:
                count += 1
    return count
