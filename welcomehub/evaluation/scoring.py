"""Scores of a self-assessment round: pure Python, no Django (DESIGN §3 rule 5).

Item answers are 0, 50 or 100, or not applicable (None). Averages climb
item → dimension → area → overall:
- a dimension's score within an area is the mean of its answered items;
- an area's score is the mean of its dimension scores (each dimension present counts
  once, so an area with many implementation items is not dominated by them);
- the overall score is the weighted mean of the area scores, the weights normalised
  over the areas that have a score.
Not-applicable and unanswered items are left out at every level; a level with nothing
answered has no score (None), never 0. The profile by dimension across the programme
(legal framework, policy, implementation, collaboration) is the mean of that
dimension's per-area scores, with the area weights.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ItemScore:
    area: str
    dimension: str
    value: float | None  # None: not applicable or not answered


@dataclass(frozen=True)
class AreaScore:
    score: float | None
    dimensions: dict[str, float]
    answered: int
    weight: float


@dataclass(frozen=True)
class Scores:
    overall: float | None
    areas: dict[str, AreaScore] = field(default_factory=dict)
    dimensions: dict[str, float] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)  # normalised, sum 1

    def as_json(self) -> dict[str, object]:
        return {
            "overall": self.overall,
            "areas": {code: a.score for code, a in self.areas.items()},
            "area_dimensions": {code: a.dimensions for code, a in self.areas.items()},
            "dimensions": self.dimensions,
            "weights": self.weights,
        }


def mean(values: Iterable[float]) -> float | None:
    found = list(values)
    return sum(found) / len(found) if found else None


def weighted_mean(values: Mapping[str, float], weights: Mapping[str, float]) -> float | None:
    """Weights are normalised over the keys present in `values`; non-positive weights are
    a caller error."""
    total = sum(weights[key] for key in values)
    if not values:
        return None
    if total <= 0:
        raise ValueError("weights must be positive")
    result = sum(values[key] * weights[key] for key in values) / total
    low, high = min(values.values()), max(values.values())
    return min(max(result, low), high)  # rounding never leaves the range of its inputs


def normalised(weights: Mapping[str, float], keys: Iterable[str]) -> dict[str, float]:
    chosen = {key: weights.get(key, 1.0) for key in keys}
    total = sum(chosen.values())
    return {key: value / total for key, value in chosen.items()} if total > 0 else {}


def score(items: Iterable[ItemScore], area_weights: Mapping[str, float] | None = None) -> Scores:
    """Scores of one round; `area_weights` default to 1 for every area."""
    weights = dict(area_weights or {})
    by_area: dict[str, dict[str, list[float]]] = {}
    order: list[str] = []
    for item in items:
        if item.area not in by_area:
            by_area[item.area] = {}
            order.append(item.area)
        if item.value is None:
            continue
        if not 0 <= item.value <= 100:
            raise ValueError(f"score {item.value} is outside 0-100")
        by_area[item.area].setdefault(item.dimension, []).append(float(item.value))
    areas: dict[str, AreaScore] = {}
    for code in order:
        dims = {d: sum(v) / len(v) for d, v in by_area[code].items()}
        areas[code] = AreaScore(
            score=mean(dims.values()),
            dimensions=dims,
            answered=sum(len(v) for v in by_area[code].values()),
            weight=weights.get(code, 1.0),
        )
    scored = {code: a.score for code, a in areas.items() if a.score is not None}
    area_weight = {code: a.weight for code, a in areas.items()}
    overall = weighted_mean(scored, area_weight)
    dimension_values: dict[str, dict[str, float]] = {}
    for code, area in areas.items():
        for dimension, value in area.dimensions.items():
            dimension_values.setdefault(dimension, {})[code] = value
    dimensions = {
        dimension: result
        for dimension, values in dimension_values.items()
        if (result := weighted_mean(values, area_weight)) is not None
    }
    return Scores(
        overall=overall,
        areas=areas,
        dimensions=dimensions,
        weights=normalised(area_weight, order),
    )


GAP_BELOW = 50.0  # an item scored below this is a gap (i.e. 0)
STRENGTH_FROM = 75.0  # an area scoring this or more is a strength to offer


def gaps(items: Iterable[tuple[str, float | None]]) -> list[str]:
    """Codes of the items that are gaps: answered and scored below GAP_BELOW."""
    return [code for code, value in items if value is not None and value < GAP_BELOW]


def strengths(areas: Mapping[str, float | None]) -> list[str]:
    return [code for code, value in areas.items() if value is not None and value >= STRENGTH_FROM]
