"""A brute force for the engine's extended rules: locks, bars and fairness side rows."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import numpy as np

from welcomehub.placement.domain import Instance
from welcomehub.placement.domain.scoring import score_table


def options_per_case(instance: Instance) -> list[list[int]]:
    """Each case's allowed location indices (-1: unplaced) under needs, family, bars, locks
    and the empty capacity."""
    capacity = np.array([loc.capacity for loc in instance.locations]).reshape(-1, 3)
    index = {loc.location_id: j for j, loc in enumerate(instance.locations)}
    out = []
    for case in instance.cases:
        allowed = []
        for j, location in enumerate(instance.locations):
            tied = case.family_location_id
            if not case.needs <= location.services:
                continue
            if tied and tied != location.location_id:
                continue
            if (case.case_id, location.location_id) in instance.barred:
                continue
            if np.any(np.array(case.demand) > capacity[j]):
                continue
            allowed.append(j)
        lock = instance.locked.get(case.case_id)
        if lock is not None:
            allowed = [index[lock]] if index[lock] in allowed else [-1]
        else:
            allowed = [-1, *allowed]
        out.append(allowed)
    return out


def brute_force(
    instance: Instance,
    *,
    min_top_preference_share: float | None = None,
    group_floors: Mapping[str, float] | None = None,
) -> tuple[int, float] | None:
    """The lexicographic optimum (persons, then score) under every rule, or None when no
    placement keeps them all."""
    table = score_table(instance).scores
    capacity = np.array([loc.capacity for loc in instance.locations]).reshape(-1, 3)
    demand = np.array([case.demand for case in instance.cases]).reshape(-1, 3)
    ids = [loc.location_id for loc in instance.locations]
    best: tuple[int, float] | None = None
    for choice in itertools.product(*options_per_case(instance)):
        load = np.zeros_like(capacity)
        for i, j in enumerate(choice):
            if j >= 0:
                load[j] += demand[i]
        if np.any(load > capacity):
            continue
        if min_top_preference_share is not None:
            total = 0.0
            for i, j in enumerate(choice):
                prefs = instance.cases[i].preferred_location_ids
                if j >= 0 and prefs:
                    total += float(ids[j] in prefs) - min_top_preference_share
            if total < -1e-9:
                continue
        broken = False
        for key, floor in (group_floors or {}).items():
            attribute, _, value = key.partition(":")
            total = sum(
                float(table[i, j]) - floor
                for i, j in enumerate(choice)
                if j >= 0 and getattr(instance.cases[i], attribute) == value
            )
            broken = broken or total < -1e-9
        if broken:
            continue
        persons = sum(int(demand[i, 0]) for i, j in enumerate(choice) if j >= 0)
        score = sum(float(table[i, j]) for i, j in enumerate(choice) if j >= 0)
        if best is None or (persons, score) > best:
            best = (persons, score)
    return best
