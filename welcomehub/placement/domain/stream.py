"""Weekly batches of an arrival stream, placed with capacity prices from sampled futures.

Locations have capacities for a whole planning horizon; cases arrive week by week and
each week's batch is placed before the next is known. Three ways to place a batch:

- `greedy`: each case in arrival order at its best-scoring location with room;
- `myopic`: the engine on the batch alone, with what capacity is left;
- `priced`: the engine on the batch with scores s_ij - a_i . u_j, where u are capacity
  prices estimated from sampled future arrivals: for each of a few scenarios (future
  batches drawn by `sampler`), the LP of the current batch plus that scenario is solved
  over the capacity left, persons first (the most persons the LP can place), then
  score with that many persons; the capacity duals of the second LP, averaged over the
  scenarios, are u. A location whose capacity the future will need becomes dearer now,
  so the batch leaves it to the cases that gain most from it later.

`hindsight` solves all arrivals at once with every capacity (all arrivals known in
advance): the benchmark every online method is measured against. All methods are
persons first, then score, like the engine; `StreamResult.objective` is always the total
of the true scores (never the priced ones).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from welcomehub.placement.domain import highs_model as hm
from welcomehub.placement.domain.compiled import compile_instance
from welcomehub.placement.domain.heuristics import greedy as greedy_fill
from welcomehub.placement.domain.model import Case, Instance, Location
from welcomehub.placement.domain.solver import Options, solve

FloatArray = npt.NDArray[np.float64]
# (weeks left after the current one, generator) -> one scenario of future arrivals:
# their cases (ids need not be unique across scenarios) and their score matrix over the
# stream's locations.
Sampler = Callable[[int, np.random.Generator], tuple[Sequence[Case], FloatArray]]


@dataclass(frozen=True)
class Stream:
    """Locations with horizon capacities, and the arrivals week by week (each batch an
    `Instance` over the same locations, with its score matrix)."""

    locations: tuple[Location, ...]
    batches: tuple[Instance, ...]

    def everything(self) -> Instance:
        cases = tuple(case for batch in self.batches for case in batch.cases)
        scores = np.vstack([_scores(batch) for batch in self.batches])
        return Instance(cases=cases, locations=self.locations, scores=scores)


@dataclass(frozen=True)
class StreamResult:
    method: str
    objective: float
    persons: int
    assignments: dict[str, str]
    seconds: float


def _scores(batch: Instance) -> FloatArray:
    if batch.scores is None:
        raise ValueError("stream batches need a score matrix")
    return np.asarray(batch.scores, dtype=np.float64)


def _with_capacity(
    locations: Sequence[Location], capacity: npt.NDArray[np.int64]
) -> tuple[Location, ...]:
    return tuple(
        dataclasses.replace(
            loc,
            capacity_persons=int(capacity[j, 0]),
            capacity_school_places=int(capacity[j, 1]),
            capacity_medical_cases=int(capacity[j, 2]),
        )
        for j, loc in enumerate(locations)
    )


def _tally(stream: Stream, assignments: dict[str, str]) -> tuple[float, int]:
    everything = stream.everything()
    row = {case.case_id: i for i, case in enumerate(everything.cases)}
    column = {loc.location_id: j for j, loc in enumerate(stream.locations)}
    scores = _scores(everything)
    objective = sum(float(scores[row[c], column[loc]]) for c, loc in assignments.items())
    persons = sum(everything.cases[row[c]].size for c in assignments)
    return objective, persons


def hindsight(stream: Stream, time_limit: float = 60.0) -> tuple[StreamResult, float]:
    """All arrivals placed at once; returns the result and the engine's proven bound."""
    start = time.monotonic()
    solution = solve(stream.everything(), Options(time_limit=time_limit))
    assignments = dict(solution.assignments)
    objective, persons = _tally(stream, assignments)
    result = StreamResult("hindsight", objective, persons, assignments, time.monotonic() - start)
    return result, solution.bound


def capacity_prices(
    batch: Instance,
    locations: Sequence[Location],
    capacity: npt.NDArray[np.int64],
    futures: Sequence[tuple[Sequence[Case], FloatArray]],
    *,
    threads: int = 2,
    time_limit: float = 30.0,
) -> FloatArray:
    """(locations, 3) capacity prices: the mean over scenarios of the capacity duals of
    the LP (batch + scenario, persons first, then score) over `capacity`."""
    current = _with_capacity(locations, capacity)
    total = np.zeros((len(locations), 3))
    for k, (future_cases, future_scores) in enumerate(futures):
        renamed = tuple(
            dataclasses.replace(case, case_id=f"~{k}~{n}", preferred_location_ids=())
            for n, case in enumerate(future_cases)
        )
        combined = Instance(
            cases=batch.cases + renamed,
            locations=current,
            scores=np.vstack(
                [_scores(batch), np.asarray(future_scores).reshape(-1, len(locations))]
            ),
        )
        compiled = compile_instance(combined)
        if not compiled.n_pairs:
            continue
        pairs = np.arange(compiled.n_pairs)
        highs = hm.new_highs(time_limit, threads, 0)
        model = hm.build(compiled, pairs, objective="persons", integer=False, highs=highs)
        persons = hm.run(model)
        if persons.status != "optimal":
            continue
        highs = hm.new_highs(time_limit, threads, 0)
        # A hair below the persons optimum, so float noise cannot make the LP infeasible.
        target = persons.objective * (1 - 1e-7)
        model = hm.build(
            compiled, pairs, objective="score", integer=False, highs=highs, min_persons=target
        )
        outcome = hm.run(model, want_duals=True)
        if outcome.row_duals is None:
            continue
        duals = outcome.row_duals[compiled.n_cases : hm.persons_row(compiled)].reshape(-1, 3)
        total += np.maximum(duals, 0.0)
    return total / max(len(futures), 1)


def run_stream(
    stream: Stream,
    method: str,
    *,
    sampler: Sampler | None = None,
    scenarios: int = 3,
    time_limit: float = 10.0,
    seed: int = 0,
) -> StreamResult:
    """Place the batches in order with `method` ("greedy", "myopic" or "priced")."""
    if method not in {"greedy", "myopic", "priced"}:
        raise ValueError(f"unknown method {method!r}")
    if method == "priced" and sampler is None:
        raise ValueError("the priced method needs a sampler of future arrivals")
    rng = np.random.default_rng(seed)
    start = time.monotonic()
    capacity = np.array([loc.capacity for loc in stream.locations], dtype=np.int64).reshape(-1, 3)
    column = {loc.location_id: j for j, loc in enumerate(stream.locations)}
    assignments: dict[str, str] = {}
    weeks = len(stream.batches)
    for week, batch in enumerate(stream.batches):
        current = _with_capacity(stream.locations, capacity)
        instance = Instance(cases=batch.cases, locations=current, scores=_scores(batch))
        if method == "greedy":
            compiled = compile_instance(instance)
            state = greedy_fill(compiled, np.arange(compiled.n_cases))
            chosen = {
                batch.cases[i].case_id: current[state.where[i]].location_id
                for i in np.flatnonzero(state.where >= 0)
            }
        else:
            scores = _scores(batch)
            if method == "priced" and sampler is not None and week < weeks - 1:
                futures = [sampler(weeks - week - 1, rng) for _ in range(scenarios)]
                prices = capacity_prices(batch, stream.locations, capacity, futures)
                demand = np.array([case.demand for case in batch.cases], dtype=float).reshape(-1, 3)
                scores = scores - demand @ prices.T
            priced = dataclasses.replace(instance, scores=scores)
            chosen = dict(solve(priced, Options(time_limit=time_limit)).assignments)
        for case in batch.cases:
            location_id = chosen.get(case.case_id)
            if location_id is not None:
                capacity[column[location_id]] -= case.demand
                assignments[case.case_id] = location_id
    objective, persons = _tally(stream, assignments)
    return StreamResult(method, objective, persons, assignments, time.monotonic() - start)


def bootstrap_sampler(pool: Instance, per_week: float) -> Sampler:
    """Future arrivals resampled from past cases (`pool`, with its score matrix over the
    stream's locations): round(per_week x weeks) cases drawn with replacement."""
    scores = _scores(pool)

    def sample(weeks: int, rng: np.random.Generator) -> tuple[Sequence[Case], FloatArray]:
        count = round(per_week * weeks)
        rows = rng.integers(len(pool.cases), size=count)
        return [pool.cases[i] for i in rows], scores[rows]

    return sample
