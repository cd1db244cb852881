"""The matching engine: a transparent weighted sum, computed as arrays, top K per need.

score = sum of weight * criterion, every criterion in [0, 1] and the weights summing to 1:
topic overlap, modality overlap, shared language, organisation-type pairing, country
context (structured fit), and text similarity (bm25 and, when the embedder is there,
embedding cosine). Needs are processed in blocks so 10,000 x 10,000 never needs more
than a few block-sized dense matrices. An offer is suggested only with some evidence
(a shared topic or a similar description), never to its own organisation, at most K per
need, ordered by score (rounded as printed) and then offer id.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from .encoders import LexicalEncoder, TextEncoder
from .lexical import Bm25Scorer
from .model import Need, NeedMatches, Offer, Suggestion
from .reasons import explain
from .structured import Side, StructuredScorer

DECIMALS = 4


@dataclass(frozen=True)
class Weights:
    topic: float = 0.30
    modality: float = 0.20
    language: float = 0.05
    organisation_type: float = 0.05
    context: float = 0.05
    lexical: float = 0.15
    embedding: float = 0.20

    def without_embedding(self) -> Weights:
        return replace(self, lexical=self.lexical + self.embedding, embedding=0.0)


@dataclass(frozen=True)
class Calibration:
    # e5 puts even unrelated texts near cosine 0.83 (mean over unjudged pairs of the
    # benchmark); cosines up to this floor count as no similarity at all.
    embedding_floor: float = 0.82
    # Text similarity from which a description counts as similar, a reason on its own:
    # on the benchmark 1% of unrelated pairs and 29% of grade-2 pairs reach it.
    similar_text: float = 0.30


class MatchEngine:
    def __init__(
        self,
        encoder: TextEncoder | None = None,
        weights: Weights | None = None,
        calibration: Calibration | None = None,
        block_size: int = 512,
    ) -> None:
        self.encoder: TextEncoder = encoder or LexicalEncoder()
        weights = weights or Weights()
        self.weights = weights if self.encoder.dim else weights.without_embedding()
        self.calibration = calibration or Calibration()
        self.block_size = block_size

    def match(
        self, needs: Sequence[Need], offers: Sequence[Offer], top_k: int
    ) -> list[NeedMatches]:
        if top_k < 1:
            raise ValueError("top_k must be at least 1")
        offers = sorted(offers, key=lambda offer: offer.id)  # index order = tie order
        if not needs or not offers:
            return [NeedMatches(need.id, ()) for need in needs]
        organisations: dict[str, int] = {}
        structured = StructuredScorer(
            Side.build(needs, organisations), Side.build(offers, organisations)
        )
        text = _TextSimilarity(self, needs, offers)
        results: list[NeedMatches] = []
        for start in range(0, len(needs), self.block_size):
            rows = slice(start, min(start + self.block_size, len(needs)))
            scores, similarity = self._block(structured, text, rows)
            for offset, columns in enumerate(_top_k(scores, top_k)):
                need = needs[start + offset]
                suggestions = (
                    self._suggestion(need, offers[j], scores[offset, j], similarity[offset, j])
                    for j in columns
                )
                results.append(NeedMatches(need.id, tuple(suggestions)))
        return results

    def text_similarity(
        self, needs: Sequence[Need], offers: Sequence[Offer]
    ) -> NDArray[np.float32]:
        """The text criterion alone, needs x offers in the given order (small inputs only)."""
        return _TextSimilarity(self, needs, offers).block(slice(0, len(needs)))

    def _suggestion(self, need: Need, offer: Offer, score: float, similarity: float) -> Suggestion:
        similar = bool(similarity >= self.calibration.similar_text)
        # float32 -> float, rounded as ranked, so the printed score is the ranked one
        return Suggestion(
            offer.id, round(float(score), DECIMALS), explain(need, offer, text_similar=similar)
        )

    def _block(
        self, structured: StructuredScorer, text: _TextSimilarity, rows: slice
    ) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        w = self.weights
        topics = structured.topics(rows)
        similarity = text.block(rows)
        score = (
            w.topic * topics
            + w.modality * structured.modalities(rows)
            + w.language * structured.languages(rows)
            + w.organisation_type * structured.organisation_types(rows)
            + w.context * structured.context(rows)
            + (w.lexical + w.embedding) * similarity
        )
        score = np.round(score, DECIMALS)
        eligible = (topics > 0) | (similarity >= self.calibration.similar_text)
        eligible &= ~structured.same_organisation(rows)
        return np.where(eligible, score, -1.0).astype(np.float32), similarity


class _TextSimilarity:
    """bm25 and embedding cosine, each scaled to [0, 1], mixed by their weights."""

    def __init__(self, engine: MatchEngine, needs: Sequence[Need], offers: Sequence[Offer]):
        self.weights = engine.weights
        self.calibration = engine.calibration
        need_texts = [need.description for need in needs]
        offer_texts = [offer.description for offer in offers]
        self.bm25 = Bm25Scorer(need_texts, offer_texts)
        self.need_vectors = engine.encoder.encode(need_texts)
        self.offer_vectors_t = np.ascontiguousarray(engine.encoder.encode(offer_texts).T)

    def lexical(self, rows: slice) -> NDArray[np.float32]:
        return self.bm25.block(rows.start, rows.stop)

    def embedding(self, rows: slice) -> NDArray[np.float32]:
        cosine = self.need_vectors[rows] @ self.offer_vectors_t
        floor = self.calibration.embedding_floor
        return np.clip((cosine - floor) / (1.0 - floor), 0.0, 1.0)

    def block(self, rows: slice) -> NDArray[np.float32]:
        w = self.weights
        if not w.embedding:
            return self.lexical(rows)
        mixed = w.lexical * self.lexical(rows) + w.embedding * self.embedding(rows)
        return (mixed / (w.lexical + w.embedding)).astype(np.float32)


def _top_k(scores: NDArray[np.float32], k: int) -> Iterator[list[int]]:
    """Per row, the columns of the k best eligible scores; ties go to the lower column."""
    k = min(k, scores.shape[1])
    kth = -np.partition(-scores, k - 1, axis=1)[:, k - 1]
    for row, threshold in zip(scores, kth, strict=True):
        above = np.flatnonzero(row > threshold)
        tied = np.flatnonzero(row == threshold)[: k - len(above)]
        columns = np.concatenate([above, tied])
        columns = columns[np.lexsort((columns, -row[columns]))]
        yield [int(j) for j in columns if row[j] >= 0]
