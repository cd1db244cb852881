"""Placement domain objects: cases, locations, an instance and a solution.

Plain frozen dataclasses so the engine runs without a database; the Django services
convert rows to these and back (DESIGN §3 rule 5).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt

# The three capacity dimensions, in the order used by every array in the engine.
DIMENSIONS = ("persons", "school_places", "medical_cases")
MEDICAL = "medical"


@dataclass(frozen=True, slots=True)
class Case:
    """A household awaiting placement; it is placed whole or not at all."""

    case_id: str
    size: int
    school_age_children: int = 0
    needs: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    nationality: str = ""
    family_location_id: str | None = None
    preferred_location_ids: tuple[str, ...] = ()
    # A second group key besides `nationality` for fairness floors (e.g. "female").
    head_gender: str = ""

    @property
    def demand(self) -> tuple[int, int, int]:
        """What the case uses of each capacity dimension (see DIMENSIONS)."""
        return (self.size, self.school_age_children, int(MEDICAL in self.needs))


@dataclass(frozen=True, slots=True)
class Location:
    """A receiving municipality or local partner with capacities for one period."""

    location_id: str
    name: str = ""
    capacity_persons: int = 0
    capacity_school_places: int = 0
    capacity_medical_cases: int = 0
    services: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    diaspora_nationalities: frozenset[str] = frozenset()

    @property
    def capacity(self) -> tuple[int, int, int]:
        return (self.capacity_persons, self.capacity_school_places, self.capacity_medical_cases)


@dataclass(frozen=True)
class Instance:
    """Cases, locations and optional expected outcomes.

    `scores`, when given, is a float matrix of shape (cases, locations) in the order of
    `cases` and `locations`; NaN marks a pair without a given score, which then gets the
    rule-based score of `scoring.rule_scores`.

    `locked` maps case ids to the location each must be placed at: a lock holds whenever
    the pair is eligible (needs among the services, the family tie, the case fits) and the
    locks together fit the location's capacities; a lock that cannot hold leaves its case
    unplaced with reason LOCK_INFEASIBLE and says why. `barred` holds (case_id,
    location_id) pairs that must not be used.
    """

    cases: tuple[Case, ...]
    locations: tuple[Location, ...]
    scores: npt.NDArray[np.float64] | None = None
    locked: Mapping[str, str] = field(default_factory=dict)
    barred: frozenset[tuple[str, str]] = frozenset()

    def __post_init__(self) -> None:
        shape = (len(self.cases), len(self.locations))
        if self.scores is not None and self.scores.shape != shape:
            raise ValueError(f"score matrix has shape {self.scores.shape}, expected {shape}")
        case_ids = {case.case_id for case in self.cases}
        location_ids = {location.location_id for location in self.locations}
        for case_id, location_id in self.locked.items():
            if case_id not in case_ids:
                raise ValueError(f"lock of unknown case {case_id!r}")
            if location_id not in location_ids:
                raise ValueError(f"case {case_id}: lock to unknown location {location_id!r}")
        for case_id, location_id in self.barred:
            if case_id not in case_ids:
                raise ValueError(f"bar of unknown case {case_id!r}")
            if location_id not in location_ids:
                raise ValueError(f"case {case_id}: bar of unknown location {location_id!r}")


class Status(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"


class Reason(StrEnum):
    """Why a case is where it is, as a stable code; `Explanation.message` says it in words."""

    PLACED = "placed"
    NO_LOCATION_OFFERS_NEEDS = "no_location_offers_needs"
    TOO_LARGE_FOR_ANY_LOCATION = "too_large_for_any_location"
    FAMILY_LOCATION_LACKS_SERVICE = "family_location_lacks_service"
    FAMILY_LOCATION_LACKS_CAPACITY = "family_location_lacks_capacity"
    CAPACITY_EXHAUSTED = "capacity_exhausted"
    ALL_LOCATIONS_BARRED = "all_locations_barred"
    LOCK_INFEASIBLE = "lock_infeasible"
    LEFT_OUT_BY_CONSTRAINT = "left_out_by_constraint"


@dataclass(frozen=True, slots=True)
class Explanation:
    """For a placed case the score breakdown; for an unplaced one the reason and details.

    `locked` is True for a case placed by a lock. `binding` names, per location
    considered, the capacity dimensions that lacked room (for CAPACITY_EXHAUSTED,
    FAMILY_LOCATION_LACKS_CAPACITY and LOCK_INFEASIBLE); `missing_services` the needs the
    family (or locked) location does not offer.
    """

    case_id: str
    reason: Reason
    message: str
    location_id: str | None = None
    score: float = 0.0
    breakdown: dict[str, float] = field(default_factory=dict)
    binding: dict[str, tuple[str, ...]] = field(default_factory=dict)
    missing_services: tuple[str, ...] = ()
    locked: bool = False

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"reason": self.reason.value, "message": self.message}
        if self.location_id is not None:
            data["location_id"] = self.location_id
            data["score"] = self.score
            data["breakdown"] = dict(self.breakdown)
        if self.binding:
            data["binding"] = {key: list(value) for key, value in self.binding.items()}
        if self.missing_services:
            data["missing_services"] = list(self.missing_services)
        if self.locked:
            data["locked"] = True
        return data


@dataclass(frozen=True)
class Solution:
    """The engine's answer.

    `objective` is the total score of the placement; `bound` a proven upper bound on the
    total score of any placement that places at least `persons_placed` persons, so it also
    bounds the lexicographic optimum; `gap` is (bound - objective) / bound, 0 when the
    bound is 0. `capacity_prices` are the LP duals of the capacity rows (score per unit of
    each dimension at each location) when an LP was solved.

    `alternatives` gives, for every case, up to three other eligible locations (needs
    among the services, family tie honoured, not barred, the case fits the empty
    location; there may be no room left there in this placement), ranked by
    score - a_i . u_j, the pair's score minus the capacity prices of what the case would
    use there, with that value (the plain score when no prices were computed).

    `constraint_costs` gives, for each active fairness constraint (key
    "min_top_preference_share" or the group key of `Options.group_floors`), the total
    score it gave up: the objective solved without that one constraint (all others kept)
    minus this objective. Both solves share the time limit, so each may stop short of
    optimal; the true cost then lies in `constraint_cost_bounds[name]` =
    (objective_without - bound_with, bound_without - objective_with), which is exact up
    to the optimality tolerance when both are optimal. Persons come first in both solves,
    so when a constraint forces fewer persons out the cost compares placements of
    different sizes (and can be negative). `notes` says in words anything the engine
    changed or could not do (a constraint dropped, a warm start partly unusable).
    """

    status: Status
    objective: float
    bound: float
    gap: float
    assignments: tuple[tuple[str, str], ...]
    unplaced: tuple[str, ...]
    explanations: dict[str, Explanation]
    persons_placed: int
    persons_bound: int
    method: str
    capacity_prices: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    alternatives: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    constraint_costs: dict[str, float] = field(default_factory=dict)
    constraint_cost_bounds: dict[str, tuple[float, float]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def contract_dict(self) -> dict[str, object]:
        """The JSON object of DESIGN §4, keys and types exactly as the contract says."""
        return {
            "status": self.status.value,
            "objective": float(self.objective),
            "bound": float(self.bound),
            "gap": float(self.gap),
            "assignments": [
                {"case_id": case_id, "location_id": location_id}
                for case_id, location_id in self.assignments
            ],
            "unplaced": list(self.unplaced),
        }
