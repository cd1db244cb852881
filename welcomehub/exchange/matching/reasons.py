"""Human-readable reasons for one suggested pair, strongest first."""

from __future__ import annotations

from .codes import vocabulary
from .model import Need, Offer
from .structured import context


def _shared(first: tuple[str, ...], second: tuple[str, ...]) -> list[str]:
    other = set(second)
    return [code for code in dict.fromkeys(first) if code in other]


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _lower_first(label: str) -> str:
    return label[:1].lower() + label[1:]


def explain(need: Need, offer: Offer, *, text_similar: bool) -> tuple[str, ...]:
    reasons: list[str] = []
    topics = vocabulary("exchange_topics")
    shared_topics = [topics.label(c).lower() for c in _shared(need.topics, offer.topics)]
    if shared_topics:
        noun = "topic" if len(shared_topics) == 1 else "topics"
        reasons.append(f"same {noun}: {', '.join(shared_topics)}")
    modalities = vocabulary("exchange_modalities")
    shared_modalities = [
        _lower_first(modalities.label(c)) for c in _shared(need.modalities, offer.modalities)
    ]
    if shared_modalities:
        reasons.append(f"offers {_join(shared_modalities)}, which the need asks for")
    languages = vocabulary("languages")
    shared_languages = [languages.label(c) for c in _shared(need.languages, offer.languages)]
    if shared_languages:
        reasons.append(f"both work in {_join(shared_languages)}")
    if text_similar:
        reasons.append("similar description")
    ctx = context()
    if ctx.pair_weight(need.organisation_type, offer.organisation_type) >= 1.0:
        names = ctx.short_names
        reasons.append(
            f"{names[offer.organisation_type]} to {names[need.organisation_type]} exchange"
        )
    if offer.country in ctx.traditional and need.country not in ctx.traditional:
        countries = vocabulary("countries")
        reasons.append(
            f"experience from a traditional resettlement country ({countries.label(offer.country)})"
            f" for a new or emerging one ({countries.label(need.country)})"
        )
    return tuple(reasons)
