"""The instance as arrays: demands, capacities and the eligible (case, location) pairs.

A pair is eligible when every need of the case is among the location's services, the
location is the case's family location if it has one, the pair is not barred, and the
case fits the empty location in every dimension. Pairs are sorted by case, then
location, so every loop over them is deterministic.

Locks are taken out before the engine sees the instance: a case locked to an eligible
pair is fixed there (`locked_at`), its demand comes off that location's capacity, and it
has no pairs; a lock that cannot hold (ineligible pair, or the locks together overflow
a capacity, checked in case order) leaves its case with no pairs and a reason in
`lock_failures`. Fairness constraints become side rows `coef @ x >= lower` over pairs
(`Side`), with the contribution of locked cases moved into `lower`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt

from welcomehub.placement.domain.model import DIMENSIONS, Instance
from welcomehub.placement.domain.scoring import RuleWeights, ScoreTable, score_table

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


PREFERENCE_SHARE = "min_top_preference_share"
GROUP_ATTRIBUTES = ("nationality", "head_gender")


@dataclass(frozen=True)
class Side:
    """Side rows `coef @ x >= lower` (one per active fairness constraint)."""

    names: tuple[str, ...] = ()
    coef: FloatArray = field(default_factory=lambda: np.zeros((0, 0)))  # (rows, pairs)
    lower: FloatArray = field(default_factory=lambda: np.zeros(0))  # (rows,)

    def __len__(self) -> int:
        return len(self.names)

    def slack(self, pairs: IntArray) -> FloatArray:
        """coef @ x - lower for the placement using `pairs` (>= 0 where it holds)."""
        return np.asarray(self.coef[:, pairs].sum(axis=1) - self.lower)

    def without(self, name: str) -> Side:
        keep = [k for k, row in enumerate(self.names) if row != name]
        return Side(tuple(self.names[k] for k in keep), self.coef[keep], self.lower[keep])


@dataclass(frozen=True)
class LockFailure:
    location: int
    message: str
    binding: tuple[str, ...] = ()
    missing_services: tuple[str, ...] = ()


@dataclass(frozen=True)
class Compiled:
    instance: Instance
    table: ScoreTable
    demand: IntArray  # (cases, 3)
    capacity: IntArray  # (locations, 3): what is left after the locks
    compatible: BoolArray  # (cases, locations): services cover needs
    family: IntArray  # (cases,): family location index or -1
    pair_case: IntArray  # (pairs,)
    pair_location: IntArray  # (pairs,)
    pair_score: FloatArray  # (pairs,)
    case_start: IntArray  # (cases + 1,): pairs of case i are case_start[i]:case_start[i+1]
    full_capacity: IntArray = field(default_factory=lambda: np.zeros((0, 3), dtype=np.int64))
    eligible: BoolArray = field(default_factory=lambda: np.zeros((0, 0), dtype=bool))
    barred: BoolArray = field(default_factory=lambda: np.zeros((0, 0), dtype=bool))
    locked_at: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    lock_failures: dict[int, LockFailure] = field(default_factory=dict)
    side: Side = field(default_factory=Side)

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


def _short(demand: IntArray, room: IntArray) -> tuple[str, ...]:
    return tuple(
        name for name, need, has in zip(DIMENSIONS, demand, room, strict=True) if need > has
    )


def _locks(
    instance: Instance,
    eligible: BoolArray,
    barred: BoolArray,
    compatible: BoolArray,
    family: IntArray,
    demand: IntArray,
    capacity: IntArray,
) -> tuple[IntArray, dict[int, LockFailure], IntArray]:
    """(locked_at, failures, capacity left): locks applied in case order."""
    n_cases = len(instance.cases)
    locked_at = np.full(n_cases, -1, dtype=np.int64)
    failures: dict[int, LockFailure] = {}
    left = capacity.copy()
    if not instance.locked:
        return locked_at, failures, left
    index = {location.location_id: column for column, location in enumerate(instance.locations)}
    for row, case in enumerate(instance.cases):
        location_id = instance.locked.get(case.case_id)
        if location_id is None:
            continue
        j = index[location_id]
        place = instance.locations[j]
        if not eligible[row, j]:
            missing = tuple(sorted(case.needs - place.services))
            if barred[row, j]:
                message = f"It is locked to {location_id} and also barred from it."
            elif family[row] >= 0 and family[row] != j:
                family_id = instance.locations[family[row]].location_id
                message = f"It is locked to {location_id} but its family tie is to {family_id}."
            elif not compatible[row, j]:
                message = f"It is locked to {location_id}, which does not offer: " + ", ".join(
                    missing
                )
                message += "."
            else:
                short = _short(demand[row], capacity[j])
                message = (
                    f"It is locked to {location_id}, which is too small for it even when "
                    "empty: " + ", ".join(short) + "."
                )
            failures[row] = LockFailure(
                j, message, _short(demand[row], capacity[j]), missing if missing else ()
            )
            continue
        short = _short(demand[row], left[j])
        if short:
            failures[row] = LockFailure(
                j,
                f"It is locked to {location_id}, but the cases locked there before it "
                "leave too little room: " + ", ".join(short) + ".",
                short,
            )
            continue
        locked_at[row] = j
        left[j] -= demand[row]
    return locked_at, failures, left


def _side_rows(
    instance: Instance,
    table: ScoreTable,
    pair_case: IntArray,
    pair_location: IntArray,
    locked_at: IntArray,
    min_top_preference_share: float | None,
    group_floors: Mapping[str, float],
) -> Side:
    cases = instance.cases
    n_pairs = len(pair_case)
    locked = np.flatnonzero(locked_at >= 0)
    names: list[str] = []
    rows: list[FloatArray] = []
    lowers: list[float] = []
    free_cases = np.zeros(len(cases), dtype=bool)
    free_cases[np.unique(pair_case)] = True
    if min_top_preference_share is not None:
        share = float(min_top_preference_share)
        if not 0.0 <= share <= 1.0:
            raise ValueError(f"{PREFERENCE_SHARE} must be between 0 and 1, not {share}")
        index = {location.location_id: column for column, location in enumerate(instance.locations)}
        top = np.zeros((len(cases), len(instance.locations)), dtype=bool)
        holds = np.zeros(len(cases), dtype=bool)
        for row, case in enumerate(cases):
            if case.preferred_location_ids:
                holds[row] = True
                top[row, [index[loc] for loc in case.preferred_location_ids if loc in index]] = True
        if np.any(holds & free_cases):
            coef = np.where(holds[pair_case], top[pair_case, pair_location] - share, 0.0)
            fixed = sum(float(top[i, locked_at[i]]) - share for i in locked if holds[i])
            names.append(PREFERENCE_SHARE)
            rows.append(coef.astype(np.float64))
            lowers.append(-fixed)
    for key, floor in sorted(group_floors.items()):
        attribute, _, value = key.partition(":")
        if attribute not in GROUP_ATTRIBUTES or not value:
            raise ValueError(
                f"group floor {key!r}: the key must be 'nationality:CODE' or 'head_gender:VALUE'"
            )
        member = np.array([getattr(case, attribute) == value for case in cases], dtype=bool)
        if not np.any(member & free_cases):
            continue
        scores = table.scores[pair_case, pair_location]
        coef = np.where(member[pair_case], scores - float(floor), 0.0)
        fixed = sum(
            float(table.scores[i, locked_at[i]]) - float(floor) for i in locked if member[i]
        )
        names.append(key)
        rows.append(coef.astype(np.float64))
        lowers.append(-fixed)
    if not names:
        return Side(coef=np.zeros((0, n_pairs)))
    return Side(tuple(names), np.vstack(rows), np.array(lowers, dtype=np.float64))


def compile_instance(
    instance: Instance,
    weights: RuleWeights | None = None,
    *,
    min_top_preference_share: float | None = None,
    group_floors: Mapping[str, float] | None = None,
) -> Compiled:
    cases, locations = instance.cases, instance.locations
    n_cases, n_locations = len(cases), len(locations)
    demand = np.array([case.demand for case in cases], dtype=np.int64).reshape(n_cases, 3)
    full = np.array([loc.capacity for loc in locations], dtype=np.int64).reshape(n_locations, 3)
    compatible = _compatibility(instance).reshape(n_cases, n_locations)
    index = {location.location_id: column for column, location in enumerate(locations)}
    family = np.array(
        [index.get(case.family_location_id or "", -1) for case in cases], dtype=np.int64
    )
    for row, case in enumerate(cases):
        if case.family_location_id and family[row] < 0:
            raise ValueError(f"case {case.case_id}: unknown family location")
    barred = np.zeros((n_cases, n_locations), dtype=bool)
    if instance.barred:
        case_index = {case.case_id: row for row, case in enumerate(cases)}
        for case_id, location_id in instance.barred:
            barred[case_index[case_id], index[location_id]] = True
    allowed = compatible & ~barred
    tied = family >= 0
    restriction = np.zeros((n_cases, n_locations), dtype=bool)
    restriction[np.flatnonzero(tied), family[tied]] = True
    allowed[tied] &= restriction[tied]
    fits = np.ones((n_cases, n_locations), dtype=bool)
    for dim in range(3):
        fits &= demand[:, dim, None] <= full[None, :, dim]
    eligible = allowed & fits
    locked_at, failures, capacity = _locks(
        instance, eligible, barred, compatible, family, demand, full
    )
    free = eligible.copy()
    free[locked_at >= 0] = False
    free[list(failures)] = False
    for dim in range(3):
        free &= demand[:, dim, None] <= capacity[None, :, dim]
    pair_case, pair_location = np.nonzero(free)
    table = score_table(instance, weights)
    case_start = np.zeros(n_cases + 1, dtype=np.int64)
    np.cumsum(np.bincount(pair_case, minlength=n_cases), out=case_start[1:])
    side = _side_rows(
        instance,
        table,
        pair_case,
        pair_location,
        locked_at,
        min_top_preference_share,
        group_floors or {},
    )
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
        full_capacity=full,
        eligible=eligible,
        barred=barred,
        locked_at=locked_at,
        lock_failures=failures,
        side=side,
    )
