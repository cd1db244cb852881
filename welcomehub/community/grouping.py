"""Proposing mutual-support groups: a pure engine (no Django), tested without a database.

People "at comparable stages of their integration" with "similar needs and experiences"
(source 001, mutual support programmes) are grouped: a theme says who fits (sex, age
band, household composition, needs, time since arrival); people share a language within
a group, and a place when asked; sizes stay within [min_size, max_size].

The partition is greedy and deterministic: eligible people are put in buckets (place,
language), each bucket is sorted by time since arrival and household, and cut into
contiguous runs of balanced sizes. Nobody is placed twice, nobody without consent is
placed, and a bucket smaller than min_size stays unplaced with a reason.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

NO_CONSENT = "no_consent"
NOT_IN_THEME = "not_in_theme"
NO_SHARED_LANGUAGE = "no_shared_language"
TOO_FEW = "too_few"
NO_ROOM = "no_room"


@dataclass(frozen=True)
class Candidate:
    person_id: int
    household_id: int
    consented: bool
    sex: str
    age: int | None
    languages: tuple[str, ...]
    place_id: int | None
    months_since_arrival: int | None
    youngest_child_age: int | None = None
    household_needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Theme:
    sex: str = ""
    min_age: int | None = None
    max_age: int | None = None
    youngest_child_under: int | None = None
    max_months_since_arrival: int | None = None
    household_needs_any: tuple[str, ...] = ()

    def fits(self, c: Candidate) -> bool:
        return (
            (not self.sex or c.sex == self.sex)
            and (self.min_age is None or (c.age is not None and c.age >= self.min_age))
            and (self.max_age is None or (c.age is not None and c.age <= self.max_age))
            and (
                self.youngest_child_under is None
                or (
                    c.youngest_child_age is not None
                    and c.youngest_child_age < self.youngest_child_under
                )
            )
            and (
                self.max_months_since_arrival is None
                or (
                    c.months_since_arrival is not None
                    and c.months_since_arrival <= self.max_months_since_arrival
                )
            )
            and (
                not self.household_needs_any
                or bool(set(self.household_needs_any) & set(c.household_needs))
            )
        )


@dataclass(frozen=True)
class ProposedGroup:
    language: str
    place_id: int | None
    person_ids: tuple[int, ...]


@dataclass
class Proposal:
    groups: list[ProposedGroup] = field(default_factory=list)
    unplaced: dict[int, str] = field(default_factory=dict)  # person id → reason code


def _sizes(n: int, min_size: int, max_size: int) -> list[int]:
    """Balanced group sizes within [min_size, max_size] covering as many of n as possible."""
    if n < min_size:
        return []
    k = -(-n // max_size)  # fewest groups that can hold everybody
    if k * min_size > n:  # balanced sizes would fall below min_size: fewer, fuller groups
        k = n // min_size
        n = min(n, k * max_size)
    base, extra = divmod(n, k)
    return [base + 1] * extra + [base] * (k - extra)


def _assign_languages(
    people: list[Candidate], language: str
) -> tuple[dict[str, list[Candidate]], list[Candidate]]:
    """Each person goes to one language bucket: the requested language, else the most
    widely spoken of their languages among the people (ties by code)."""
    if language:
        inside = [c for c in people if language in c.languages]
        return {language: inside}, [c for c in people if language not in c.languages]
    spoken = Counter(lang for c in people for lang in set(c.languages))
    buckets: dict[str, list[Candidate]] = defaultdict(list)
    without: list[Candidate] = []
    for c in people:
        if not c.languages:
            without.append(c)
            continue
        best = min(set(c.languages), key=lambda lang: (-spoken[lang], lang))
        buckets[best].append(c)
    return dict(buckets), without


def propose(
    candidates: list[Candidate],
    theme: Theme,
    *,
    min_size: int,
    max_size: int,
    language: str = "",
    same_place: bool = True,
) -> Proposal:
    if not 2 <= min_size <= max_size:
        raise ValueError("sizes must satisfy 2 <= min_size <= max_size")
    proposal = Proposal()
    seen: set[int] = set()
    eligible: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: c.person_id):
        if c.person_id in seen:
            continue
        seen.add(c.person_id)
        if not c.consented:
            proposal.unplaced[c.person_id] = NO_CONSENT
        elif not theme.fits(c):
            proposal.unplaced[c.person_id] = NOT_IN_THEME
        else:
            eligible.append(c)
    by_place: dict[int | None, list[Candidate]] = defaultdict(list)
    for c in eligible:
        by_place[c.place_id if same_place else None].append(c)
    for place_id in sorted(by_place, key=lambda p: (p is None, p or 0)):
        buckets, without = _assign_languages(by_place[place_id], language)
        for c in without:
            proposal.unplaced[c.person_id] = NO_SHARED_LANGUAGE
        for lang in sorted(buckets):
            _cut(proposal, buckets[lang], lang, place_id, min_size, max_size)
    return proposal


def _cut(
    proposal: Proposal,
    people: list[Candidate],
    language: str,
    place_id: int | None,
    min_size: int,
    max_size: int,
) -> None:
    ordered = sorted(
        people,
        key=lambda c: (
            c.months_since_arrival if c.months_since_arrival is not None else 10**6,
            c.household_id,
            c.person_id,
        ),
    )
    start = 0
    for size in _sizes(len(ordered), min_size, max_size):
        chunk = ordered[start : start + size]
        proposal.groups.append(ProposedGroup(language, place_id, tuple(c.person_id for c in chunk)))
        start += size
    reason = TOO_FEW if start == 0 else NO_ROOM
    for c in ordered[start:]:
        proposal.unplaced[c.person_id] = reason
