"""Why each case is where it is: a score breakdown, or the rule that kept it out.

Reasons are checked in this order: a lock decides first (placed there, or why the lock
cannot hold); then a family tie (its location lacks a needed service, or lacks room
even empty, or its room is used by others); otherwise no location offers all the needs;
otherwise every such location is barred for it; otherwise every location that could
take it is too small even empty; otherwise, if one of them still has room, a fairness
constraint kept it out; otherwise the locations that could take it are full, and for
each of them the dimensions that lack room are listed.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from welcomehub.placement.domain.compiled import Compiled
from welcomehub.placement.domain.heuristics import State
from welcomehub.placement.domain.model import DIMENSIONS, Explanation, Reason


def _short(demand: npt.NDArray[np.int64], room: npt.NDArray[np.int64]) -> tuple[str, ...]:
    """The dimensions in which `room` is less than `demand`."""
    return tuple(
        name for name, need, has in zip(DIMENSIONS, demand, room, strict=True) if need > has
    )


def _placed(compiled: Compiled, case: int, location: int, locked: bool = False) -> Explanation:
    case_id = compiled.instance.cases[case].case_id
    location_id = compiled.instance.locations[location].location_id
    breakdown = compiled.table.breakdown(case, location)
    score = float(compiled.table.scores[case, location])
    parts = ", ".join(f"{name} {value:g}" for name, value in breakdown.items() if value)
    how = "Locked at" if locked else "Placed at"
    return Explanation(
        case_id=case_id,
        reason=Reason.PLACED,
        message=f"{how} {location_id}: score {score:g}" + (f" ({parts})." if parts else "."),
        location_id=location_id,
        score=score,
        breakdown=breakdown,
        locked=locked,
    )


def _lock_failure(compiled: Compiled, case: int) -> Explanation:
    failure = compiled.lock_failures[case]
    location_id = compiled.instance.locations[failure.location].location_id
    return Explanation(
        case_id=compiled.instance.cases[case].case_id,
        reason=Reason.LOCK_INFEASIBLE,
        message=failure.message + " It is left unplaced until the lock is changed.",
        binding={location_id: failure.binding} if failure.binding else {},
        missing_services=failure.missing_services,
    )


def _family(compiled: Compiled, state: State, case: int) -> Explanation:
    data = compiled.instance.cases[case]
    location = int(compiled.family[case])
    place = compiled.instance.locations[location]
    missing = tuple(sorted(data.needs - place.services))
    if missing:
        return Explanation(
            case_id=data.case_id,
            reason=Reason.FAMILY_LOCATION_LACKS_SERVICE,
            message=f"Its family location {place.location_id} does not offer: "
            + ", ".join(missing)
            + ".",
            missing_services=missing,
        )
    demand = compiled.demand[case]
    empty = _short(demand, compiled.full_capacity[location])
    short = empty or _short(demand, state.residual[location])
    when = "even when empty" if empty else "with the cases placed there"
    return Explanation(
        case_id=data.case_id,
        reason=Reason.FAMILY_LOCATION_LACKS_CAPACITY,
        message=f"Its family location {place.location_id} lacks room {when}: "
        + ", ".join(short)
        + ".",
        binding={place.location_id: short},
    )


def _unplaced(compiled: Compiled, state: State, case: int) -> Explanation:
    data = compiled.instance.cases[case]
    if compiled.family[case] >= 0:
        return _family(compiled, state, case)
    compatible = np.flatnonzero(compiled.compatible[case])
    if not len(compatible):
        return Explanation(
            case_id=data.case_id,
            reason=Reason.NO_LOCATION_OFFERS_NEEDS,
            message="No location offers all of its needs: " + ", ".join(sorted(data.needs)) + ".",
        )
    locations = compiled.instance.locations
    demand = compiled.demand[case]
    open_ = compatible[~compiled.barred[case, compatible]]
    if not len(open_):
        return Explanation(
            case_id=data.case_id,
            reason=Reason.ALL_LOCATIONS_BARRED,
            message=f"Every one of the {len(compatible)} locations offering its needs is "
            "barred for it.",
        )
    if not np.any(compiled.eligible[case]):
        binding = {
            locations[j].location_id: _short(demand, compiled.full_capacity[j]) for j in open_
        }
        return Explanation(
            case_id=data.case_id,
            reason=Reason.TOO_LARGE_FOR_ANY_LOCATION,
            message=f"Every one of the {len(compatible)} locations offering its needs is "
            "too small for it even when empty.",
            binding=binding,
        )
    considered = np.flatnonzero(compiled.eligible[case])
    binding = {locations[j].location_id: _short(demand, state.residual[j]) for j in considered}
    with_room = [location_id for location_id, short in binding.items() if not short]
    if with_room and len(compiled.side):
        return Explanation(
            case_id=data.case_id,
            reason=Reason.LEFT_OUT_BY_CONSTRAINT,
            message=f"{len(with_room)} locations that could take it have room, but placing "
            "it would break a fairness constraint (" + ", ".join(compiled.side.names) + ").",
            binding={key: value for key, value in binding.items() if value},
        )
    counts = {name: sum(name in dims for dims in binding.values()) for name in DIMENSIONS}
    summary = ", ".join(f"{name} at {count}" for name, count in counts.items() if count)
    # e.g. "short of persons at 12, medical_cases at 3 of them"
    return Explanation(
        case_id=data.case_id,
        reason=Reason.CAPACITY_EXHAUSTED,
        message=f"All {len(binding)} locations that could take it lack room "
        f"(short of {summary} of them).",
        binding=binding,
    )


def explain(compiled: Compiled, state: State) -> dict[str, Explanation]:
    out = {}
    for case, location in enumerate(state.where):
        if compiled.locked_at[case] >= 0:
            explanation = _placed(compiled, case, int(compiled.locked_at[case]), locked=True)
        elif case in compiled.lock_failures:
            explanation = _lock_failure(compiled, case)
        elif location >= 0:
            explanation = _placed(compiled, case, int(location))
        else:
            explanation = _unplaced(compiled, state, case)
        out[explanation.case_id] = explanation
    return out
