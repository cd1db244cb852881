"""Domain objects of the matching engine: plain dataclasses, no Django."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """What a need and an offer have in common: who says it, where, about what."""

    id: str
    organisation: str
    organisation_type: str
    country: str
    topics: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Need(Entry):
    """Something an organisation asks for (DESIGN §4 NEEDS.csv row)."""


@dataclass(frozen=True)
class Offer(Entry):
    """Something an organisation can give (DESIGN §4 OFFERS.csv row)."""


@dataclass(frozen=True)
class Suggestion:
    offer_id: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class NeedMatches:
    need_id: str
    offers: tuple[Suggestion, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "need_id": self.need_id,
            "offers": [
                {"offer_id": s.offer_id, "score": s.score, "reasons": list(s.reasons)}
                for s in self.offers
            ],
        }
