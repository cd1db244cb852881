"""bm25 between every need and every offer as one sparse matrix product.

bm25s builds the offer-side index (idf and saturated term frequencies); the score of a
need is the sum of the index rows of its tokens, so stacking needs as a sparse
token-count matrix turns all scores into `needs @ index`, computed block by block.

Raw bm25 has no fixed scale (it grows with idf, so with the number of offers), so each
need's scores are divided by its self-score: what the need's own words would score in
a document of average length that contains each of them once. The result reads as "how
much of the need's weighted vocabulary the offer shares", about 1 for a copy of the need.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import bm25s
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from .tokenise import tokenise


class Bm25Scorer:
    def __init__(self, need_texts: Sequence[str], offer_texts: Sequence[str]) -> None:
        offer_tokens = [tokenise(text) for text in offer_texts]
        vocabulary: dict[str, int] = {}
        for tokens in offer_tokens:
            for token in tokens:
                vocabulary.setdefault(token, len(vocabulary))
        self.shape = (len(need_texts), len(offer_texts))
        self._index: sp.csr_matrix | None = None
        if not vocabulary:
            return
        retriever = bm25s.BM25()
        ids = [[vocabulary[token] for token in tokens] for tokens in offer_tokens]
        scores = retriever.build_index_from_ids(
            unique_token_ids=list(range(len(vocabulary))),
            corpus_token_ids=ids,
            show_progress=False,
        )
        index = sp.csc_matrix(
            (scores["data"], scores["indices"], scores["indptr"]),
            shape=(len(offer_texts), len(vocabulary)),
        )
        self._index = index.T.tocsr()  # vocabulary x offers
        document_frequency = Counter(token for tokens in offer_tokens for token in set(tokens))
        rows, cols = [], []
        self._self_scores = np.zeros(len(need_texts), dtype=np.float32)
        for row, text in enumerate(need_texts):
            counts = Counter(tokenise(text))
            for token, count in counts.items():
                idf = _idf(document_frequency.get(token, 0), len(offer_texts))
                self._self_scores[row] += count * idf / (1.0 + retriever.k1)
                column = vocabulary.get(token)
                if column is not None:
                    rows += [row] * count
                    cols += [column] * count
        self._queries = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(len(need_texts), len(vocabulary)),
        )

    def raw(self, start: int, stop: int) -> NDArray[np.float32]:
        """Raw bm25 scores of needs[start:stop] against every offer."""
        if self._index is None:
            return np.zeros((stop - start, self.shape[1]), dtype=np.float32)
        product = self._queries[start:stop] @ self._index
        return np.asarray(product.toarray(), dtype=np.float32)

    def block(self, start: int, stop: int) -> NDArray[np.float32]:
        """bm25 of needs[start:stop] against every offer, relative to each need's self-score."""
        raw = self.raw(start, stop)
        if self._index is None:
            return raw
        self_scores = self._self_scores[start:stop, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            relative = np.where(self_scores > 0, raw / self_scores, 0.0)
        return np.clip(relative, 0.0, 1.0).astype(np.float32)


def _idf(document_frequency: int, documents: int) -> float:
    """bm25s' default ("lucene") idf."""
    return float(np.log(1.0 + (documents - document_frequency + 0.5) / (document_frequency + 0.5)))
