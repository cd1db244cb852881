"""Compatibility of a household and a volunteer buddy or mentor, with reasons (pure).

Hard rules (no pair at all): no language in common; the family asked for a mentor of a
given sex and the volunteer is not. Otherwise the score adds up what the two share:

- a common language (3), one the family wants its buddy to speak (+1);
- the same place (2) or the same wider area (1) — places stand in for distance;
- each common interest (0.5, at most 1.5);
- children in the household and a volunteer who likes children's activities (1);
- evening or weekend availability for a household with working-age adults (0.5);
- an interpreter need and a common language (0.5);
- the family's stated wishes: it asked for a buddy (1), its mentor-sex wish met (1).

Reasons are codes with values, translated where they are shown.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from welcomehub.connections.matching.weighted import weighted

Reason = tuple[str, str]  # (code, value)


@dataclass(frozen=True)
class HouseholdProfile:
    key: str
    languages: frozenset[str]
    places: tuple[int, ...] = ()  # its place, then the places containing it
    children: int = 0
    adults: int = 1
    needs: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()
    buddy_languages: frozenset[str] = frozenset()
    mentor_sex: str = ""
    wants_buddy: bool = False


@dataclass(frozen=True)
class VolunteerProfile:
    key: str
    languages: frozenset[str]
    places: tuple[int, ...] = ()
    interests: frozenset[str] = frozenset()
    availability: frozenset[str] = frozenset()
    sex: str = ""
    capacity: int = 1


@dataclass(frozen=True)
class Suggestion:
    household: str
    volunteer: str
    score: float
    reasons: list[Reason] = field(default_factory=list)


def compatibility(h: HouseholdProfile, v: VolunteerProfile) -> tuple[float, list[Reason]] | None:
    common = sorted((h.languages | h.buddy_languages) & v.languages)
    if not common:
        return None
    if h.mentor_sex and v.sex != h.mentor_sex:
        return None
    score = 3.0
    reasons: list[Reason] = [("language", ",".join(common))]
    wished = sorted(h.buddy_languages & v.languages)
    if wished:
        score += 1.0
        reasons.append(("wished_language", ",".join(wished)))
    if h.places and v.places:
        if h.places[0] == v.places[0]:
            score += 2.0
            reasons.append(("same_place", str(h.places[0])))
        else:
            shared = [p for p in h.places[1:] if p in v.places]
            if shared:
                score += 1.0
                reasons.append(("same_area", str(shared[0])))
    interests = sorted(h.interests & v.interests)
    if interests:
        score += min(1.5, 0.5 * len(interests))
        reasons.append(("interests", ",".join(interests)))
    if h.children and "children_activities" in v.interests:
        score += 1.0
        reasons.append(("children", str(h.children)))
    if h.adults and v.availability & {"weekday_evenings", "weekends"}:
        score += 0.5
        reasons.append(("availability", ",".join(sorted(v.availability))))
    if "interpreter" in h.needs:
        score += 0.5
        reasons.append(("interpreter", ",".join(common)))
    if h.wants_buddy:
        score += 1.0
        reasons.append(("wants_buddy", ""))
    if h.mentor_sex:
        score += 1.0
        reasons.append(("mentor_sex", h.mentor_sex))
    return score, reasons


def suggest(
    households: Iterable[HouseholdProfile],
    volunteers: Iterable[VolunteerProfile],
    *,
    forbidden: Collection[tuple[str, str]] = (),
) -> list[Suggestion]:
    """The best set of pairs (weighted engine, each volunteer within its capacity), each
    with its score and reasons, best first."""
    volunteer_list = [v for v in volunteers if v.capacity > 0]
    scored: dict[tuple[str, str], tuple[float, list[Reason]]] = {}
    banned = set(forbidden)
    for h in households:
        for v in volunteer_list:
            if (h.key, v.key) in banned:
                continue
            found = compatibility(h, v)
            if found is not None:
                scored[(h.key, v.key)] = found
    pairs = weighted(
        {pair: score for pair, (score, _) in scored.items()},
        {v.key: v.capacity for v in volunteer_list},
    )
    out = [Suggestion(h, v, scored[(h, v)][0], scored[(h, v)][1]) for h, v in pairs]
    return sorted(out, key=lambda s: (-s.score, s.household, s.volunteer))
