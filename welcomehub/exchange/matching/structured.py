"""Structured fit of needs and offers as arrays: indicators, lookup tables, overlaps.

Topics, modalities and languages become sparse 0/1 indicator matrices; their overlaps for
a block of needs are one sparse-times-dense product. Organisation types and countries
become small integer codes looked up in tables read from `context.json`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from .codes import vocabulary
from .model import Entry

UNSPECIFIED = 0.5  # the score of a criterion one side left empty: neither fit nor misfit
EMERGING, TRADITIONAL = 0, 1


@dataclass(frozen=True)
class Context:
    traditional: frozenset[str]
    emerging_to_traditional: float
    otherwise: float
    families: dict[str, str]
    short_names: dict[str, str]
    pair_weights: dict[tuple[str, str], float]
    default_pair: float

    def pair_weight(self, need_type: str, offer_type: str) -> float:
        key = (self.families.get(need_type, need_type), self.families.get(offer_type, offer_type))
        return self.pair_weights.get(key, self.default_pair)


@cache
def context() -> Context:
    data = json.loads(Path(__file__).with_name("context.json").read_text("utf-8"))
    pairs = data["organisation_pairs"]
    weights: dict[tuple[str, str], float] = {}
    for first, second, weight in pairs["pairs"]:
        weights[(first, second)] = weights[(second, first)] = float(weight)
    return Context(
        traditional=frozenset(data["traditional_resettlement_countries"]["codes"]),
        emerging_to_traditional=float(data["context_scores"]["emerging_need_traditional_offer"]),
        otherwise=float(data["context_scores"]["otherwise"]),
        families=data["organisation_families"],
        short_names=data["organisation_short_names"],
        pair_weights=weights,
        default_pair=float(pairs["default"]),
    )


def _indicators(values: Sequence[tuple[str, ...]], codes: Sequence[str]) -> sp.csr_matrix:
    column = {code: i for i, code in enumerate(codes)}
    rows: list[int] = []
    cols: list[int] = []
    for row, entry_codes in enumerate(values):
        for code in set(entry_codes):
            if code in column:
                rows.append(row)
                cols.append(column[code])
    data = np.ones(len(rows), dtype=np.float32)
    return sp.csr_matrix((data, (rows, cols)), shape=(len(values), len(codes)))


@dataclass
class Side:
    """The structured fields of one side (needs or offers) as arrays."""

    topics: sp.csr_matrix
    modalities: sp.csr_matrix
    languages: sp.csr_matrix
    organisation_type: NDArray[np.intp]
    organisation: NDArray[np.intp]
    traditional: NDArray[np.intp]

    @classmethod
    def build(cls, entries: Sequence[Entry], organisations: dict[str, int]) -> Side:
        types = vocabulary("organisation_types").codes
        traditional = context().traditional
        return cls(
            topics=_indicators([e.topics for e in entries], vocabulary("exchange_topics").codes),
            modalities=_indicators(
                [e.modalities for e in entries], vocabulary("exchange_modalities").codes
            ),
            languages=_indicators([e.languages for e in entries], vocabulary("languages").codes),
            organisation_type=np.array(
                [types.index(e.organisation_type) for e in entries], dtype=np.intp
            ),
            organisation=np.array(
                [organisations.setdefault(e.organisation, len(organisations)) for e in entries],
                dtype=np.intp,
            ),
            traditional=np.array(
                [TRADITIONAL if e.country in traditional else EMERGING for e in entries],
                dtype=np.intp,
            ),
        )


def _ochiai(needs: sp.csr_matrix, offers_t: NDArray[np.float32]) -> NDArray[np.float32]:
    """|A ∩ B| / sqrt(|A| |B|): overlap that does not reward offers listing every code."""
    shared = np.asarray(needs @ offers_t, dtype=np.float32)
    sizes = np.sqrt(np.asarray(needs.sum(axis=1), dtype=np.float32)) * np.sqrt(
        offers_t.sum(axis=0, keepdims=True)
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(sizes > 0, shared / sizes, 0.0).astype(np.float32)


class StructuredScorer:
    """Per-criterion scores in [0, 1] for a block of needs against all offers."""

    def __init__(self, needs: Side, offers: Side) -> None:
        self.needs = needs
        self.offers = offers
        self._topics_t = offers.topics.T.toarray()
        self._modalities_t = offers.modalities.T.toarray()
        self._languages_t = offers.languages.T.toarray()
        ctx = context()
        types = vocabulary("organisation_types").codes
        self._pairs = np.array(
            [[ctx.pair_weight(n, o) for o in types] for n in types], dtype=np.float32
        )
        self._context = np.full((2, 2), ctx.otherwise, dtype=np.float32)
        self._context[EMERGING, TRADITIONAL] = ctx.emerging_to_traditional

    def topics(self, rows: slice) -> NDArray[np.float32]:
        return _ochiai(self.needs.topics[rows], self._topics_t)

    def modalities(self, rows: slice) -> NDArray[np.float32]:
        return self._with_unspecified(self.needs.modalities[rows], self._modalities_t, True)

    def languages(self, rows: slice) -> NDArray[np.float32]:
        return self._with_unspecified(self.needs.languages[rows], self._languages_t, False)

    @staticmethod
    def _with_unspecified(
        needs: sp.csr_matrix, offers_t: NDArray[np.float32], graded: bool
    ) -> NDArray[np.float32]:
        if graded:
            score = _ochiai(needs, offers_t)
        else:  # one shared language is enough to work together
            score = (np.asarray(needs @ offers_t) > 0).astype(np.float32)
        empty = (np.asarray(needs.sum(axis=1)) == 0) | (offers_t.sum(axis=0, keepdims=True) == 0)
        return np.where(empty, UNSPECIFIED, score).astype(np.float32)

    def organisation_types(self, rows: slice) -> NDArray[np.float32]:
        return self._pairs[self.needs.organisation_type[rows]][:, self.offers.organisation_type]

    def context(self, rows: slice) -> NDArray[np.float32]:
        return self._context[self.needs.traditional[rows]][:, self.offers.traditional]

    def same_organisation(self, rows: slice) -> NDArray[np.bool_]:
        return self.needs.organisation[rows, None] == self.offers.organisation[None, :]
