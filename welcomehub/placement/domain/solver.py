"""The placement engine: persons first, then score, each with a proven bound.

Stage 1 maximises persons placed; stage 2 maximises the total score among placements
that place at least the persons stage 1 reached (with the persons row as a constraint,
not a big weight, so tolerances apply to the score itself). Each stage: a greedy start,
the LP by column generation with a Lagrangian bound, LP rounding, then either an exact
HiGHS MIP (small instances, after reduced-cost fixing) or large-neighbourhood search
(large ones) until the time limit. Single persons with one binding capacity go to an
exact min-cost flow instead. See docs/decisions/0005-placement-engine.md.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from welcomehub.placement.domain import flow
from welcomehub.placement.domain import highs_model as hm
from welcomehub.placement.domain.compiled import Compiled, compile_instance
from welcomehub.placement.domain.explain import explain
from welcomehub.placement.domain.heuristics import (
    State,
    greedy,
    improve_moves,
    packing_order,
    repair,
    round_relaxation,
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
    compiled = compile_instance(instance, options.weights)
    if options.use_flow and flow.applicable(compiled):
        chosen, margin = flow.solve_flow(compiled)
        state = State.from_pairs(compiled, chosen)
        progress = Progress(state, state.persons(compiled), method="min-cost flow")
        progress.bound = state.score(compiled) + margin
        return _solution(compiled, progress)
    progress = Progress(start_solution(compiled), _persons_cap(compiled))
    if not compiled.n_pairs:
        progress.bound = 0.0
    else:
        _maximise_persons(compiled, progress, clock, options)
        _maximise_score(compiled, progress, clock, options)
    return _solution(compiled, progress)


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
    if progress.state.persons(compiled) >= progress.persons_bound:
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
    progress.persons_bound = min(progress.persons_bound, math.floor(relaxation.bound + 1e-6))
    candidate = _rounded(compiled, relaxation)
    if candidate.key(compiled) > progress.state.key(compiled):
        progress.state = candidate
    if progress.state.persons(compiled) >= progress.persons_bound:
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
        progress.persons_bound = min(progress.persons_bound, math.floor(bound + 1e-6))
        return
    search = _search(compiled, relaxation, options, persons_first=True)
    while progress.state.persons(compiled) < progress.persons_bound and time.monotonic() < deadline:
        search.step(progress.state, search.neighbourhood(progress.state), STEP_SECONDS)


def _rounded(compiled: Compiled, relaxation: Relaxation) -> State:
    state = round_relaxation(compiled, relaxation.pairs, relaxation.values)
    state = greedy(compiled, packing_order(compiled), state)
    return improve_moves(compiled, repair(compiled, state))


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
        mend.step(candidate, mend.neighbourhood(candidate), STEP_SECONDS)
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


def _solution(compiled: Compiled, progress: Progress) -> Solution:
    state = greedy(compiled, packing_order(compiled), progress.state)  # fill any room left
    objective = state.score(compiled)
    persons = state.persons(compiled)
    # A bound below the objective can only be floating-point noise of the LP duals.
    bound = max(progress.bound, objective)
    gap = (bound - objective) / abs(bound) if bound else 0.0
    proven = persons >= progress.persons_bound and gap <= OPTIMAL_GAP
    if compiled.n_cases and not compiled.n_pairs:
        status = Status.INFEASIBLE
    else:
        status = Status.OPTIMAL if proven else Status.FEASIBLE
    cases, locations = compiled.instance.cases, compiled.instance.locations
    placed = np.flatnonzero(state.where >= 0)
    prices: dict[str, tuple[float, float, float]] = {}
    if progress.relaxation is not None:
        for j, loc in enumerate(locations):
            persons_price, school_price, medical_price = progress.relaxation.prices[j]
            prices[loc.location_id] = (
                float(persons_price),
                float(school_price),
                float(medical_price),
            )
    return Solution(
        status=status,
        objective=objective,
        bound=bound,
        gap=max(gap, 0.0),
        assignments=tuple(
            (cases[i].case_id, locations[state.where[i]].location_id) for i in placed
        ),
        unplaced=tuple(cases[i].case_id for i in np.flatnonzero(state.where < 0)),
        explanations=explain(compiled, state),
        persons_placed=persons,
        persons_bound=progress.persons_bound,
        method=progress.method,
        capacity_prices=prices,
    )
