"""Sponsorship rules as plain Python (no Django): check-in due dates, a member's and a
group's readiness, and the compatibility of a household with a sponsor group."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

CHECKIN_DAYS = (30, 90, 180, 365)


def may_sponsor(*, household_org: int, group_org: int, programme_lead: int) -> bool:
    """A group sponsors households of its overseer's caseload; a group overseen by the
    programme's lead may sponsor any household of the programme (decision 0030)."""
    return household_org == group_org or group_org == programme_lead


def checkin_due_dates(arrival: datetime.date) -> dict[int, datetime.date]:
    """Day after arrival → due date, for the four monitoring check-ins."""
    return {day: arrival + datetime.timedelta(days=day) for day in CHECKIN_DAYS}


def commitment_ends(arrival: datetime.date) -> datetime.date:
    """The group's commitment runs a year from the arrival, to the last check-in."""
    return arrival + datetime.timedelta(days=max(CHECKIN_DAYS))


@dataclass(frozen=True)
class CheckRecord:
    kind: str
    expires_on: datetime.date | None


def member_ready(
    checks: Iterable[CheckRecord],
    modules_done: Iterable[str],
    *,
    required_checks: Iterable[str],
    required_training: Iterable[str],
    on: datetime.date,
) -> list[str]:
    """What a member still lacks on the date: check kinds missing or expired, then
    training modules missing. Empty: checked and trained."""
    valid = {c.kind for c in checks if c.expires_on is None or c.expires_on >= on}
    done = set(modules_done)
    missing = [kind for kind in required_checks if kind not in valid]
    missing += [module for module in required_training if module not in done]
    return missing


@dataclass(frozen=True)
class HouseholdProfile:
    key: str
    size: int
    languages: frozenset[str]
    place_ids: tuple[int, ...]  # its place first, then the places containing it
    needs: frozenset[str] = frozenset()
    wants_sponsor: bool = False


@dataclass(frozen=True)
class GroupProfile:
    key: str
    housing_persons: int
    languages: frozenset[str]
    place_ids: tuple[int, ...]
    supports: frozenset[str] = frozenset()
    capacity: int = 1


@dataclass
class Fit:
    score: float
    reasons: list[tuple[str, str]] = field(default_factory=list)  # (code, detail)


def fit(household: HouseholdProfile, group: GroupProfile) -> Fit | None:
    """How well a group suits a household, with reasons; None when it cannot take it
    (the housing is too small, or a need the group cannot support)."""
    if household.size > group.housing_persons:
        return None
    unmet = household.needs - group.supports
    if unmet:
        return None
    result = Fit(score=1.0)
    common = sorted(household.languages & group.languages)
    if common:
        result.score += 3.0
        result.reasons.append(("language", ",".join(common)))
    if household.place_ids and group.place_ids:
        if household.place_ids[0] == group.place_ids[0]:
            result.score += 3.0
            result.reasons.append(("same_place", ""))
        elif set(household.place_ids[1:]) & set(group.place_ids[1:]):
            result.score += 1.0
            result.reasons.append(("nearby", ""))
    spare = group.housing_persons - household.size
    result.score += 1.0 / (1 + spare)  # a snug fit leaves larger housing to larger families
    result.reasons.append(("housing", f"{household.size}/{group.housing_persons}"))
    if household.needs:
        result.score += 1.0
        result.reasons.append(("needs", ",".join(sorted(household.needs))))
    if household.wants_sponsor:
        result.score += 2.0
        result.reasons.append(("wants_sponsor", ""))
    return result
