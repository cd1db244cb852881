"""The placement engine: persons first, then score, each with a proven bound.

Stage 1 maximises persons placed; stage 2 maximises the total score among placements
that place at least the persons stage 1 reached (with the persons row as a constraint,
not a big weight, so tolerances apply to the score itself). Each stage: a greedy start,
the LP by column generation with a Lagrangian bound, LP rounding, then either an exact
HiGHS MIP (small instances, after reduced-cost fixing) or large-neighbourhood search
(large ones) until the time limit. Single persons with one binding capacity go to an
exact min-cost flow instead. See docs/decisions/0005-placement-engine.md.

Locks are fixed before the engine runs (see `compiled.py`), bars remove pairs, fairness
constraints are side rows that every stage keeps (LP, MIP, sub-MIPs, greedy), and with
fairness constraints the time is split: two thirds for the constrained solve, a third
for one solve without each constraint, started from the constrained placement, to
price it.
A warm start (a previous assignment) is repaired into a placement and kept when it
beats the greedy start. See docs/decisions/0018-placement-locks-fairness-stream.md.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from welcomehub.placement.domain import flow
from welcomehub.placement.domain import highs_model as hm
from welcomehub.placement.domain.compiled import Compiled, compile_instance
from welcomehub.placement.domain.explain import explain
from welcomehub.placement.domain.heuristics import (
    State,
    greedy,
    packing_order,
    polish,
    round_relaxation,
    side_holds,
    start_solution,
)
from welcomehub.placement.domain.model import Instance, Solution, Status
from welcomehub.placement.domain.neighbourhood import STEP_SECONDS, Search
from welcomehub.placement.domain.relaxation import Relaxation, solve_relaxation
from welcomehub.placement.domain.scoring import RuleWeights

# The relative gap reported as optimal, and the exact MIP's tolerance: the default MIP
# tolerance of HiGHS (and Gurobi).
OPTIMAL_GAP = 1e-4


@dataclass(frozen=True)
class Options:
    time_limit: float = 60.0
    threads: int = 2
    seed: int = 0
    weights: RuleWeights = field(default_factory=RuleWeights)
    # Up to this many pairs (after reduced-cost fixing) the exact MIP runs; above it,
    # large-neighbourhood search does.
    exact_pairs: int = 20_000
    neighbourhood_size: int = 10
    # Off, unit instances go through the MIP too (tests cross-check the two).
    use_flow: bool = True
    # Fairness: at least this share of the placed cases that stated preferences are placed
    # at one of them (None: no constraint).
    min_top_preference_share: float | None = None
    # "nationality:SY" or "head_gender:female" -> the minimum mean score (expected
    # outcome) per placed case of that group.
    group_floors: Mapping[str, float] = field(default_factory=dict)
    # A previous assignment (case_id -> location_id) to start from when re-solving.
    warm_start: Mapping[str, str] | None = None
    # Up to this many alternatives per case in `Solution.alternatives`.
    alternatives: int = 3


@dataclass
class Clock:
    deadline: float

    @classmethod
    def start(cls, seconds: float) -> Clock:
        return cls(time.monotonic() + seconds)

    def left(self) -> float:
        return max(self.deadline - time.monotonic(), 0.0)

    def until(self, share: float) -> float:
        """A deadline `share` of the remaining time from now."""
        return time.monotonic() + share * self.left()


@dataclass
class Progress:
    state: State
    persons_bound: int
    bound: float = math.inf
    relaxation: Relaxation | None = None
    method: str = "heuristic"


def solve(instance: Instance, options: Options | None = None) -> Solution:
    options = options or Options()
    clock = Clock.start(options.time_limit)
    compiled = compile_instance(
        instance,
        options.weights,
        min_top_preference_share=options.min_top_preference_share,
        group_floors=options.group_floors,
    )
    notes: list[str] = []
    names = compiled.side.names
    # Two thirds for the placement itself; the solves that price each constraint start
    # from it and share the rest.
    main_clock = Clock(clock.until(2 / 3)) if names else clock
    progress = _run(compiled, options, main_clock, notes)
    state, objective, bound = _finish(compiled, progress)
    costs: dict[str, float] = {}
    cost_bounds: dict[str, tuple[float, float]] = {}
    for k, name in enumerate(names):
        other = dataclasses.replace(compiled, side=compiled.side.without(name))
        sub_clock = Clock(clock.until(1.0 / (len(names) - k)))
        other_progress = _run(other, options, sub_clock, [], incumbent=state.copy())
        _, other_objective, other_bound = _finish(other, other_progress)
        costs[name] = other_objective - objective
        cost_bounds[name] = (other_objective - bound, other_bound - objective)
    if names and not side_holds(compiled, state):
        slack = compiled.side.slack(state.pairs(compiled))
        broken = [name for name, value in zip(names, slack, strict=True) if value < -1e-7]
        notes.append(
            "These constraints cannot be met with the locked cases: " + ", ".join(broken) + "."
        )
    return _solution(
        compiled, progress, state, objective, bound, options, notes, costs, cost_bounds
    )


def _run(
    compiled: Compiled,
    options: Options,
    clock: Clock,
    notes: list[str],
    incumbent: State | None = None,
) -> Progress:
    if options.use_flow and not len(compiled.side) and flow.applicable(compiled):
        chosen, margin = flow.solve_flow(compiled)
        state = State.from_pairs(compiled, chosen)
        progress = Progress(state, state.persons(compiled), method="min-cost flow")
        progress.bound = state.score(compiled) + margin
        return progress
    if incumbent is not None:
        # A placement that already keeps these rows (the constrained one, when pricing a
        # constraint): fill what room it leaves instead of building starts anew.
        start = greedy(compiled, packing_order(compiled), incumbent)
    else:
        start = start_solution(compiled)
    warm = _warm_state(compiled, options.warm_start, notes)
    if warm is not None and warm.key(compiled) > start.key(compiled):
        start = warm
    progress = Progress(start, _persons_cap(compiled))
    if not compiled.n_pairs:
        progress.bound = 0.0
    else:
        _maximise_persons(compiled, progress, clock, options)
        _maximise_score(compiled, progress, clock, options)
    return progress


def _warm_state(
    compiled: Compiled, warm_start: Mapping[str, str] | None, notes: list[str]
) -> State | None:
    """The previous assignment, kept where its pairs are still eligible and fit (in case
    order), then repaired, improved and filled like any start."""
    if not warm_start:
        return None
    cases, locations = compiled.instance.cases, compiled.instance.locations
    column = {location.location_id: j for j, location in enumerate(locations)}
    state = State.empty(compiled)
    dropped = 0
    for i, case in enumerate(cases):
        location_id = warm_start.get(case.case_id)
        if location_id is None or compiled.locked_at[i] >= 0 or i in compiled.lock_failures:
            continue
        j = column.get(location_id, -1)
        if j < 0 or compiled.pair_of[i, j] < 0 or np.any(state.residual[j] < compiled.demand[i]):
            dropped += 1
            continue
        state.place(compiled, i, j)
    if dropped:
        notes.append(f"{dropped} pairs of the warm start could not be kept.")
    state = greedy(compiled, packing_order(compiled), state)
    return polish(compiled, state)


def _persons_cap(compiled: Compiled) -> int:
    return int(compiled.sizes[compiled.placeable].sum())


def _exact(
    compiled: Compiled,
    progress: Progress,
    pairs: np.ndarray,
    objective: str,
    seconds: float,
    options: Options,
) -> float:
    """Exact MIP over `pairs` from the incumbent; adopts a better placement, returns the
    MIP's dual bound (valid for placements using only `pairs`)."""
    highs = hm.new_highs(seconds, options.threads, options.seed)
    highs.setOptionValue("mip_rel_gap", OPTIMAL_GAP)
    state = progress.state
    persons = state.persons(compiled) if objective == "score" else 0
    model = hm.build(
        compiled,
        pairs,
        objective=objective,
        integer=True,
        highs=highs,
        min_persons=persons,
        place_all=persons >= _persons_cap(compiled),
    )
    hm.set_start(model, state.pairs(compiled))
    outcome = hm.run(model)
    if outcome.values is not None:
        candidate = State.from_pairs(compiled, model.pairs[outcome.values > 0.5])
        if candidate.key(compiled) > state.key(compiled):
            progress.state = candidate
    return outcome.bound


def _search(
    compiled: Compiled, relaxation: Relaxation, options: Options, *, persons_first: bool
) -> Search:
    return Search.create(
        compiled,
        relaxation,
        seed=options.seed,
        threads=options.threads,
        size=options.neighbourhood_size,
        persons_first=persons_first,
    )


def _maximise_persons(
    compiled: Compiled, progress: Progress, clock: Clock, options: Options
) -> None:
    if _persons_done(compiled, progress):
        return
    relaxation = solve_relaxation(
        compiled,
        objective="persons",
        min_persons=0,
        incumbent=progress.state.pairs(compiled),
        time_limit=clock.left(),
        threads=options.threads,
        seed=options.seed,
    )
    if math.isfinite(relaxation.bound):
        progress.persons_bound = min(progress.persons_bound, math.floor(relaxation.bound + 1e-6))
    candidate = _rounded(compiled, relaxation)
    if candidate.key(compiled) > progress.state.key(compiled):
        progress.state = candidate
    if _persons_done(compiled, progress):
        return
    deadline = clock.until(0.3)
    if compiled.n_pairs <= options.exact_pairs:
        bound = _exact(
            compiled,
            progress,
            np.arange(compiled.n_pairs),
            "persons",
            deadline - time.monotonic(),
            options,
        )
        if math.isfinite(bound):
            progress.persons_bound = min(progress.persons_bound, math.floor(bound + 1e-6))
        return
    if not math.isfinite(relaxation.bound):
        return  # no placement keeps the side rows (the locks alone break one)
    search = _search(compiled, relaxation, options, persons_first=True)
    while not _persons_done(compiled, progress) and time.monotonic() < deadline:
        limit = min(STEP_SECONDS, deadline - time.monotonic())
        search.step(progress.state, search.neighbourhood(progress.state), limit)


def _persons_done(compiled: Compiled, progress: Progress) -> bool:
    """The placement reaches the persons bound and keeps the side rows. A start that places
    more persons by breaking a fairness row is not done: the exact or LP-guided search
    looks for a placement that keeps them, and only when none exists (the locks alone break
    a row) does the run end with the note that the constraints cannot be met."""
    state = progress.state
    return state.persons(compiled) >= progress.persons_bound and side_holds(compiled, state)


def _rounded(compiled: Compiled, relaxation: Relaxation) -> State:
    state = round_relaxation(compiled, relaxation.pairs, relaxation.values)
    state = greedy(compiled, packing_order(compiled), state)
    return polish(compiled, state)


def _maximise_score(compiled: Compiled, progress: Progress, clock: Clock, options: Options) -> None:
    persons = progress.state.persons(compiled)
    relaxation = solve_relaxation(
        compiled,
        objective="score",
        min_persons=persons,
        incumbent=progress.state.pairs(compiled),
        time_limit=clock.left(),
        threads=options.threads,
        seed=options.seed,
    )
    progress.relaxation = relaxation
    progress.bound = relaxation.bound
    candidate = _rounded(compiled, relaxation)
    deadline = clock.until(0.25)
    mend = _search(compiled, relaxation, options, persons_first=True)
    while candidate.persons(compiled) < persons and time.monotonic() < deadline:
        limit = min(STEP_SECONDS, deadline - time.monotonic())
        mend.step(candidate, mend.neighbourhood(candidate), limit)
    if candidate.key(compiled) > progress.state.key(compiled):
        progress.state = candidate
    if compiled.n_pairs > options.exact_pairs:
        progress.method = "lns"
        search = _search(compiled, relaxation, options, persons_first=False)
        search.run(progress.state, clock.deadline)
        return
    # Small instances go straight to the exact MIP: on them HiGHS's own search beats
    # ours, and every second left is spent closing the gap.
    incumbent = progress.state.score(compiled)
    keep = ~relaxation.fixable(compiled, incumbent)
    keep[progress.state.pairs(compiled)] = True
    # Reduced-cost fixing dropped only pairs no better placement can use, so the MIP's
    # bound over `keep`, or the incumbent, bounds every placement.
    mip_bound = _exact(compiled, progress, np.flatnonzero(keep), "score", clock.left(), options)
    progress.bound = min(progress.bound, max(incumbent, mip_bound))
    progress.method = "mip"


def _finish(compiled: Compiled, progress: Progress) -> tuple[State, float, float]:
    """(placement with any room left filled, its score, a bound >= it) without locks."""
    state = greedy(compiled, packing_order(compiled), progress.state.copy())
    objective = state.score(compiled)
    # A bound below the objective can only be floating-point noise of the LP duals.
    return state, objective, max(progress.bound, objective)


def _alternatives(
    compiled: Compiled, where: np.ndarray, prices: np.ndarray, count: int
) -> dict[str, list[tuple[str, float]]]:
    """Per case the `count` best other eligible locations by score - a_i . u_j."""
    cases, locations = compiled.instance.cases, compiled.instance.locations
    value = compiled.table.scores - compiled.demand @ prices.T
    value = np.where(compiled.eligible, value, -np.inf)
    placed = np.flatnonzero(where >= 0)
    value[placed, where[placed]] = -np.inf
    out: dict[str, list[tuple[str, float]]] = {}
    for i, case in enumerate(cases):
        row = value[i]
        candidates = np.flatnonzero(np.isfinite(row))
        order = candidates[np.lexsort((candidates, -row[candidates]))][:count]
        out[case.case_id] = [(locations[j].location_id, float(row[j])) for j in order]
    return out


def _solution(
    compiled: Compiled,
    progress: Progress,
    state: State,
    objective: float,
    bound: float,
    options: Options,
    notes: list[str],
    costs: dict[str, float],
    cost_bounds: dict[str, tuple[float, float]],
) -> Solution:
    persons = state.persons(compiled)
    gap = (bound - objective) / abs(bound) if bound else 0.0
    proven = persons >= progress.persons_bound and gap <= OPTIMAL_GAP
    locked = np.flatnonzero(compiled.locked_at >= 0)
    if compiled.n_cases and not compiled.n_pairs and not len(locked):
        status = Status.INFEASIBLE
    else:
        status = Status.OPTIMAL if proven else Status.FEASIBLE
    # Locked cases are fixed: they add the same to the objective and to the bound.
    locked_score = float(compiled.table.scores[locked, compiled.locked_at[locked]].sum())
    locked_persons = int(compiled.sizes[locked].sum())
    objective += locked_score
    bound += locked_score
    gap = (bound - objective) / abs(bound) if bound else 0.0
    where = state.where.copy()
    where[locked] = compiled.locked_at[locked]
    cases, locations = compiled.instance.cases, compiled.instance.locations
    placed = np.flatnonzero(where >= 0)
    prices = np.zeros((compiled.n_locations, 3))
    price_map: dict[str, tuple[float, float, float]] = {}
    if progress.relaxation is not None:
        prices = progress.relaxation.prices
        for j, loc in enumerate(locations):
            persons_price, school_price, medical_price = prices[j]
            price_map[loc.location_id] = (
                float(persons_price),
                float(school_price),
                float(medical_price),
            )
    return Solution(
        status=status,
        objective=objective,
        bound=bound,
        gap=max(gap, 0.0),
        assignments=tuple((cases[i].case_id, locations[where[i]].location_id) for i in placed),
        unplaced=tuple(cases[i].case_id for i in np.flatnonzero(where < 0)),
        explanations=explain(compiled, state),
        persons_placed=persons + locked_persons,
        persons_bound=progress.persons_bound + locked_persons,
        method=progress.method,
        capacity_prices=price_map,
        alternatives=_alternatives(compiled, where, prices, options.alternatives),
        constraint_costs=costs,
        constraint_cost_bounds=cost_bounds,
        notes=tuple(notes),
    )
