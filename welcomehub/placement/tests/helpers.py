"""Shared checks for placement tests: the hard rules of DESIGN §4 and a brute force."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np

from welcomehub.placement.domain import Case, Instance, Location, Solution
from welcomehub.placement.domain.scoring import score_table


def assert_hard_rules(instance: Instance, solution: Solution) -> None:
    """Never split, needs among services, capacities held, family ties honoured."""
    cases = {case.case_id: case for case in instance.cases}
    locations = {location.location_id: location for location in instance.locations}
    placed = [case_id for case_id, _ in solution.assignments]
    assert len(placed) == len(set(placed)), "a case is assigned twice"
    assert set(placed).isdisjoint(solution.unplaced)
    assert set(placed) | set(solution.unplaced) == set(cases)
    used = {location_id: np.zeros(3, dtype=int) for location_id in locations}
    for case_id, location_id in solution.assignments:
        case, location = cases[case_id], locations[location_id]
        assert case.needs <= location.services, (case_id, location_id)
        if case.family_location_id:
            assert location_id == case.family_location_id
        used[location_id] += case.demand
    for location_id, load in used.items():
        assert np.all(load <= np.array(locations[location_id].capacity)), location_id
    persons = sum(cases[case_id].size for case_id in placed)
    assert persons == solution.persons_placed


def brute_force(instance: Instance) -> tuple[int, float]:
    """The lexicographic optimum (persons, then score) by trying every placement."""
    table = score_table(instance).scores
    capacity = np.array([loc.capacity for loc in instance.locations])
    demand = np.array([case.demand for case in instance.cases]).reshape(-1, 3)
    options = []
    for case in instance.cases:
        allowed = [-1]
        for j, location in enumerate(instance.locations):
            tied = case.family_location_id
            if case.needs <= location.services and (not tied or tied == location.location_id):
                allowed.append(j)
        options.append(allowed)
    best = (0, 0.0)
    for choice in itertools.product(*options):
        load = np.zeros_like(capacity)
        for i, j in enumerate(choice):
            if j >= 0:
                load[j] += demand[i]
        if np.any(load > capacity):
            continue
        persons = sum(int(demand[i, 0]) for i, j in enumerate(choice) if j >= 0)
        score = sum(float(table[i, j]) for i, j in enumerate(choice) if j >= 0)
        best = max(best, (persons, score))
    return best


def planted_instance(n_cases: int, n_locations: int, seed: int) -> Instance:
    """Random families with needs and given scores; capacities 1.00-1.15 x the load of a
    random placement of every case, so everyone can be placed but only just."""
    rng = np.random.default_rng(seed)
    services = ("medical", "wheelchair", "interpreter", "mental_health")
    offered = [
        frozenset(code for code in services if rng.random() < 0.7) | {"medical"}
        for _ in range(n_locations)
    ]
    load = np.zeros((n_locations, 3), dtype=int)
    cases = []
    for i in range(n_cases):
        size = int(rng.integers(1, 7))
        needs = frozenset(code for code in services if rng.random() < 0.12)
        fitting = [j for j in range(n_locations) if needs <= offered[j]] or [0]
        home = int(rng.choice(fitting))
        offered[home] = offered[home] | needs
        case = Case(f"C{i}", size, int(rng.integers(0, size)), needs)
        if rng.random() < 0.05:
            case = dataclasses.replace(case, family_location_id=f"L{home}")
        load[home] += case.demand
        cases.append(case)
    factor = rng.uniform(1.0, 1.15, size=n_locations)
    capacity = np.ceil(load * factor[:, None]).astype(int)
    locations = tuple(
        Location(
            location_id=f"L{j}",
            capacity_persons=int(capacity[j, 0]),
            capacity_school_places=int(capacity[j, 1]),
            capacity_medical_cases=int(capacity[j, 2]),
            services=offered[j],
        )
        for j in range(n_locations)
    )
    scores = np.round(rng.uniform(0.0, 3.0, size=(n_cases, n_locations)), 3)
    return Instance(cases=tuple(cases), locations=locations, scores=scores)
