"""Quality of the exchange matching on the hand-labelled multilingual judgement set.

    .venv/bin/python bench/exchange/quality.py [--cache DIR] [--encoder auto|lexical]

data/needs.csv and data/offers.csv follow the DESIGN §4 contract; data/judgements.csv
grades need-offer pairs 0 (no help), 1 (related, useful) or 2 (answers the need).
Unjudged pairs count as 0. Every need is ranked against every offer; the need's own
organisation is left out of every ranking and of the ideal one. Prints, for the engine
and for a bm25-only baseline on the descriptions in the same run:
top-1 accuracy (the first offer is graded 2), recall@5 (share of the need's grade-2
offers in the first five) and nDCG@10 (gain 2^grade - 1).
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from welcomehub.exchange.io import read_needs_and_offers
from welcomehub.exchange.matching import MatchEngine, Need, Offer, Weights, select_encoder
from welcomehub.exchange.matching.lexical import Bm25Scorer

DATA = Path(__file__).resolve().parent / "data"
Judgements = dict[str, dict[str, int]]
Rankings = dict[str, list[str]]


def load_judgements(path: Path) -> Judgements:
    grades: Judgements = defaultdict(dict)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            grades[row["need_id"]][row["offer_id"]] = int(row["relevance"])
    return grades


def _ranked(
    needs: Sequence[Need], offers: Sequence[Offer], scores: NDArray[Any], k: int
) -> Rankings:
    """Offers by score (then id), positive scores only, never the need's own organisation."""
    rankings: Rankings = {}
    for row, need in enumerate(needs):
        order = np.lexsort((np.arange(len(offers)), -scores[row]))
        rankings[need.id] = [
            offers[j].id
            for j in order
            if scores[row, j] > 0 and offers[j].organisation != need.organisation
        ][:k]
    return rankings


def bm25_rankings(needs: Sequence[Need], offers: Sequence[Offer], k: int) -> Rankings:
    offers = sorted(offers, key=lambda offer: offer.id)
    scorer = Bm25Scorer([n.description for n in needs], [o.description for o in offers])
    return _ranked(needs, offers, scorer.raw(0, len(needs)), k)


def text_rankings(engine: MatchEngine, needs: Sequence[Need], offers: Sequence[Offer]) -> Rankings:
    offers = sorted(offers, key=lambda offer: offer.id)
    return _ranked(needs, offers, engine.text_similarity(needs, offers), 10)


def engine_rankings(
    engine: MatchEngine, needs: Sequence[Need], offers: Sequence[Offer]
) -> Rankings:
    return {m.need_id: [s.offer_id for s in m.offers] for m in engine.match(needs, offers, 10)}


def _dcg(gains: Sequence[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def evaluate(
    rankings: Rankings, grades: Judgements, excluded: dict[str, set[str]]
) -> dict[str, float]:
    top1, recall5, ndcg10 = [], [], []
    for need_id, ranked in rankings.items():
        judged = {o: g for o, g in grades[need_id].items() if o not in excluded[need_id]}
        relevant = {o for o, g in judged.items() if g == 2}
        top1.append(1.0 if ranked and judged.get(ranked[0], 0) == 2 else 0.0)
        recall5.append(len(relevant & set(ranked[:5])) / len(relevant))
        ideal = _dcg(sorted(judged.values(), reverse=True)[:10])
        ndcg10.append(_dcg([judged.get(o, 0) for o in ranked[:10]]) / ideal)
    return {
        "top-1": float(np.mean(top1)),
        "recall@5": float(np.mean(recall5)),
        "nDCG@10": float(np.mean(ndcg10)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=None, help="embedding cache directory")
    parser.add_argument("--encoder", choices=["auto", "lexical"], default="auto")
    args = parser.parse_args(argv)
    needs, offers = read_needs_and_offers(DATA / "needs.csv", DATA / "offers.csv")
    grades = load_judgements(DATA / "judgements.csv")
    excluded = {n.id: {o.id for o in offers if o.organisation == n.organisation} for n in needs}
    started = time.perf_counter()
    encoder, note = select_encoder(args.encoder, args.cache)
    if note:
        print(f"warning: {note}", file=sys.stderr)
    structured_only = Weights(lexical=1e-6, embedding=1e-6)
    systems = {
        f"engine ({encoder.name})": engine_rankings(MatchEngine(encoder), needs, offers),
        "engine, lexical fallback": engine_rankings(MatchEngine(), needs, offers),
        "bm25-only baseline": bm25_rankings(needs, offers, 10),
        "ablation: structured fields only": engine_rankings(
            MatchEngine(encoder, structured_only), needs, offers
        ),
        "ablation: text criterion only": text_rankings(MatchEngine(encoder), needs, offers),
        "ablation: embedding only": text_rankings(
            MatchEngine(encoder, Weights(lexical=0.0, embedding=1.0)), needs, offers
        ),
    }
    elapsed = time.perf_counter() - started
    judged = sum(len(v) for v in grades.values())
    print(f"{len(needs)} needs x {len(offers)} offers, {judged} judgements, {elapsed:.1f} s")
    print(f"{'system':<40} {'top-1':>7} {'recall@5':>9} {'nDCG@10':>8}")
    for name, rankings in systems.items():
        m = evaluate(rankings, grades, excluded)
        print(f"{name:<40} {m['top-1']:>7.3f} {m['recall@5']:>9.3f} {m['nDCG@10']:>8.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
