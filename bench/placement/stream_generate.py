"""Synthetic arrival streams over a planning horizon, with a planted placement.

Locations as in `generate.py` (services, languages, diaspora communities). Arrivals:
families of 1-8 persons (the same size distribution), three capacity dimensions, needs,
consented family ties (5%, to the planted location), nationalities and languages; each
is planted at a random compatible location (location weights Dirichlet(2)), and each
location's horizon capacities are 1.00-1.15 x the planted load, so placing everyone is
possible in hindsight, but only just. Arrival weeks are uniform over the horizon.

Scores are expected adults employed, one fixed model per stream: logistic(alpha_i +
beta_j + 0.4 language + 0.3 diaspora + noise) x adults, with beta per location fixed
for the stream, so past and future arrivals follow the same model. A pool of past
arrivals from the same distribution (`history`) is what the priced method samples
future weeks from.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from welcomehub.placement.domain import Case, Instance, Location
from welcomehub.placement.domain.stream import Stream

from .generate import _cases, _locations, _with_capacity, _with_family, _with_services


@dataclass
class World:
    rng: np.random.Generator
    locations: list[Location]
    weight: np.ndarray
    beta: np.ndarray

    def draw(
        self, n: int, prefix: str, tie_share: float
    ) -> tuple[list[Case], np.ndarray, list[int]]:
        """n cases, their score matrix and planted location indices."""
        rng, m = self.rng, len(self.locations)
        cases = [
            dataclasses.replace(case, case_id=f"{prefix}{index:05d}")
            for index, case in enumerate(_cases(rng, n, m))
        ]
        planted = []
        for row, case in enumerate(cases):
            ok = np.array([case.needs <= loc.services for loc in self.locations])
            if not ok.any():
                column = int(rng.integers(m))
                loc = self.locations[column]
                self.locations[column] = _with_services(loc, loc.services | case.needs)
                ok[column] = True
            p = np.where(ok, self.weight, 0.0)
            column = int(rng.choice(m, p=p / p.sum()))
            planted.append(column)
            if rng.random() < tie_share:
                cases[row] = _with_family(case, self.locations[column].location_id)
        return cases, self.scores(cases), planted

    def scores(self, cases: list[Case]) -> np.ndarray:
        rng, locations = self.rng, self.locations
        alpha = rng.normal(-0.5, 0.8, size=len(cases))
        language = np.array(
            [[bool(c.languages & loc.languages) for loc in locations] for c in cases]
        )
        diaspora = np.array(
            [[c.nationality in loc.diaspora_nationalities for loc in locations] for c in cases]
        )
        logit = alpha[:, None] + self.beta[None, :] + 0.4 * language + 0.3 * diaspora
        logit = logit + rng.normal(0.0, 0.3, size=logit.shape)
        adults = np.array([max(c.size - c.school_age_children, 1) for c in cases], dtype=float)
        return np.round(adults[:, None] / (1.0 + np.exp(-logit)), 4).reshape(len(cases), -1)


def generate_stream(
    n_cases: int,
    n_locations: int,
    weeks: int,
    seed: int = 0,
    *,
    tie_share: float = 0.05,
    history: int | None = None,
) -> tuple[Stream, Instance]:
    """A stream of `n_cases` arrivals over `weeks`, and a pool of `history` past arrivals
    (default: as many as the stream) with their scores."""
    rng = np.random.default_rng(seed)
    world = World(
        rng,
        _locations(rng, n_locations),
        rng.dirichlet(np.full(n_locations, 2.0)),
        rng.normal(0.0, 0.5, size=n_locations),
    )
    cases, scores, planted = world.draw(n_cases, "A", tie_share)
    load = np.zeros((n_locations, 3), dtype=np.int64)
    for case, column in zip(cases, planted, strict=True):
        load[column] += case.demand
    factor = rng.uniform(1.0, 1.15, size=n_locations)
    locations = tuple(
        _with_capacity(loc, [math.ceil(factor[j] * load[j, d]) for d in range(3)])
        for j, loc in enumerate(world.locations)
    )
    week = np.sort(rng.integers(weeks, size=n_cases))
    batches = []
    for w in range(weeks):
        rows = np.flatnonzero(week == w)
        batches.append(
            Instance(
                cases=tuple(cases[i] for i in rows),
                locations=locations,
                scores=scores[rows].reshape(len(rows), n_locations),
            )
        )
    past, past_scores, _ = world.draw(history or n_cases, "H", tie_share)
    pool = Instance(cases=tuple(past), locations=locations, scores=past_scores)
    return Stream(locations=locations, batches=tuple(batches)), pool
