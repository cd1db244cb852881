"""Weighted engine: the assignment of households to mentors (or groups) with capacities
that maximises the total score.

Each mentor with capacity c becomes c identical slots; each household also gets a private
"unmatched" column, so a full matching of the households always exists and leaving a
household unmatched costs nothing. SciPy's sparse LAPJV
(`min_weight_full_bipartite_matching`) then finds the minimum-cost full matching, where a
real edge costs `offset - score` and an unmatched column costs `offset`: minimising the
cost maximises the total score. Pairs with a score <= 0 can never improve the total and
are left out. Only the listed pairs are edges, so 10,000 households with ten candidates
each stay a sparse problem.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching


def weighted(
    scores: dict[tuple[str, str], float], capacities: dict[str, int]
) -> list[tuple[str, str]]:
    """Pairs (household, mentor) of maximal total score; each household at most once,
    each mentor at most `capacities[mentor]` times (missing mentor: capacity 0)."""
    edges = [
        (household, mentor, float(score))
        for (household, mentor), score in scores.items()
        if score > 0 and capacities.get(mentor, 0) > 0
    ]
    if not edges:
        return []
    households = sorted({household for household, _, _ in edges})
    mentors = sorted({mentor for _, mentor, _ in edges})
    h_index = {household: i for i, household in enumerate(households)}
    first_slot: dict[str, int] = {}
    slot_owner: list[str] = []
    for mentor in mentors:
        first_slot[mentor] = len(slot_owner)
        slot_owner.extend([mentor] * min(int(capacities[mentor]), len(households)))
    n_slots = len(slot_owner)
    offset = max(score for _, _, score in edges) + 1.0

    rows: list[int] = []
    cols: list[int] = []
    costs: list[float] = []
    for household, mentor, score in edges:
        start = first_slot[mentor]
        width = min(int(capacities[mentor]), len(households))
        row = h_index[household]
        rows.extend([row] * width)
        cols.extend(range(start, start + width))
        costs.extend([offset - score] * width)
    n_h = len(households)
    rows.extend(range(n_h))
    cols.extend(range(n_slots, n_slots + n_h))
    costs.extend([offset] * n_h)
    matrix = csr_matrix(
        (np.asarray(costs, dtype=np.float64), (np.asarray(rows), np.asarray(cols))),
        shape=(n_h, n_slots + n_h),
    )
    row_ind, col_ind = min_weight_full_bipartite_matching(matrix)
    pairs = [
        (households[int(r)], slot_owner[int(c)])
        for r, c in zip(row_ind, col_ind, strict=True)
        if c < n_slots
    ]
    return sorted(pairs)
