"""The instance as arrays: demands, capacities and the eligible (case, location) pairs.

A pair is eligible when every need of the case is among the location's services, the
location is the case's family location if it has one, and the case fits the empty
location in every dimension. Pairs are sorted by case, then location, so every loop over
them is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from welcomehub.placement.domain.model import Instance
from welcomehub.placement.domain.scoring import RuleWeights, ScoreTable, score_table

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Compiled:
    instance: Instance
    table: ScoreTable
    demand: IntArray  # (cases, 3)
    capacity: IntArray  # (locations, 3)
    compatible: BoolArray  # (cases, locations): services cover needs
    family: IntArray  # (cases,): family location index or -1
    pair_case: IntArray  # (pairs,)
    pair_location: IntArray  # (pairs,)
    pair_score: FloatArray  # (pairs,)
    case_start: IntArray  # (cases + 1,): pairs of case i are case_start[i]:case_start[i+1]

    @property
    def n_cases(self) -> int:
        return len(self.instance.cases)

    @property
    def n_locations(self) -> int:
        return len(self.instance.locations)

    @property
    def n_pairs(self) -> int:
        return len(self.pair_case)

    @property
    def sizes(self) -> IntArray:
        return self.demand[:, 0]

    @cached_property
    def pair_of(self) -> npt.NDArray[np.int64]:
        """(cases, locations) matrix of pair indices, -1 where a pair is not eligible."""
        matrix = np.full((self.n_cases, self.n_locations), -1, dtype=np.int64)
        matrix[self.pair_case, self.pair_location] = np.arange(self.n_pairs)
        return matrix

    @cached_property
    def placeable(self) -> BoolArray:
        """(cases,): the case has at least one eligible location."""
        return np.asarray(np.diff(self.case_start) > 0)


def _compatibility(instance: Instance) -> BoolArray:
    """(cases, locations): True where the location offers every need of the case."""
    codes = sorted(
        {need for case in instance.cases for need in case.needs}
        | {service for location in instance.locations for service in location.services}
    )
    column = {code: index for index, code in enumerate(codes)}
    needs = np.zeros((len(instance.cases), max(len(codes), 1)), dtype=np.float32)
    lacks = np.ones((len(instance.locations), max(len(codes), 1)), dtype=np.float32)
    for row, case in enumerate(instance.cases):
        needs[row, [column[code] for code in case.needs]] = 1.0
    for row, location in enumerate(instance.locations):
        lacks[row, [column[code] for code in location.services]] = 0.0
    # Counts of needs the location lacks; small integers, exact in float32.
    return np.asarray(needs @ lacks.T == 0, dtype=bool)


def compile_instance(instance: Instance, weights: RuleWeights | None = None) -> Compiled:
    cases, locations = instance.cases, instance.locations
    n_cases, n_locations = len(cases), len(locations)
    demand = np.array([case.demand for case in cases], dtype=np.int64).reshape(n_cases, 3)
    capacity = np.array([loc.capacity for loc in locations], dtype=np.int64).reshape(n_locations, 3)
    compatible = _compatibility(instance).reshape(n_cases, n_locations)
    index = {location.location_id: column for column, location in enumerate(locations)}
    family = np.array(
        [index.get(case.family_location_id or "", -1) for case in cases], dtype=np.int64
    )
    for row, case in enumerate(cases):
        if case.family_location_id and family[row] < 0:
            raise ValueError(f"case {case.case_id}: unknown family location")
    allowed = compatible.copy()
    tied = family >= 0
    restriction = np.zeros((n_cases, n_locations), dtype=bool)
    restriction[np.flatnonzero(tied), family[tied]] = True
    allowed[tied] &= restriction[tied]
    fits = np.ones((n_cases, n_locations), dtype=bool)
    for dim in range(3):
        fits &= demand[:, dim, None] <= capacity[None, :, dim]
    pair_case, pair_location = np.nonzero(allowed & fits)
    table = score_table(instance, weights)
    case_start = np.zeros(n_cases + 1, dtype=np.int64)
    np.cumsum(np.bincount(pair_case, minlength=n_cases), out=case_start[1:])
    return Compiled(
        instance=instance,
        table=table,
        demand=demand,
        capacity=capacity,
        compatible=compatible,
        family=family,
        pair_case=pair_case.astype(np.int64),
        pair_location=pair_location.astype(np.int64),
        pair_score=table.scores[pair_case, pair_location].astype(np.float64),
        case_start=case_start,
    )
