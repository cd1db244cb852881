"""Weekly batches of an arrival stream (no database)."""

from __future__ import annotations

import numpy as np
import pytest

from bench.placement.stream_generate import generate_stream
from welcomehub.placement.domain import Instance
from welcomehub.placement.domain.stream import (
    Stream,
    bootstrap_sampler,
    capacity_prices,
    hindsight,
    run_stream,
)

Small = tuple[Stream, Instance]


def _assert_feasible(stream: Stream, assignments: dict[str, str]) -> None:
    cases = {case.case_id: case for batch in stream.batches for case in batch.cases}
    locations = {loc.location_id: loc for loc in stream.locations}
    used = {location_id: np.zeros(3, dtype=int) for location_id in locations}
    for case_id, location_id in assignments.items():
        case = cases[case_id]
        assert case.needs <= locations[location_id].services
        if case.family_location_id:
            assert case.family_location_id == location_id
        used[location_id] += case.demand
    for location_id, load in used.items():
        assert np.all(load <= np.array(locations[location_id].capacity))


@pytest.fixture(scope="module")
def small() -> Small:
    return generate_stream(120, 8, 4, seed=3)


def test_every_method_keeps_the_rules_and_hindsight_is_best(small: Small) -> None:
    stream, pool = small
    best, bound = hindsight(stream, 20.0)
    _assert_feasible(stream, best.assignments)
    assert best.objective <= bound + 1e-6
    sampler = bootstrap_sampler(pool, 30)
    for method in ("greedy", "myopic", "priced"):
        result = run_stream(stream, method, sampler=sampler, time_limit=3, seed=1)
        _assert_feasible(stream, result.assignments)
        # Nothing placed online beats the hindsight optimum (persons first, then score).
        assert (result.persons, result.objective) <= (best.persons, bound + 1e-6)


def test_capacity_prices_are_nonnegative_and_rise_when_the_future_is_crowded(small: Small) -> None:
    stream, pool = small
    capacity = np.array([loc.capacity for loc in stream.locations])
    batch = stream.batches[0]
    rng = np.random.default_rng(0)
    empty = capacity_prices(batch, stream.locations, capacity, [([], np.zeros((0, 8)))])
    crowded = capacity_prices(
        batch, stream.locations, capacity, [bootstrap_sampler(pool, 60)(3, rng)]
    )
    assert empty.shape == crowded.shape == (8, 3)
    assert np.all(empty >= 0)
    assert np.all(crowded >= 0)
    assert crowded.sum() > empty.sum()


def test_priced_needs_a_sampler_and_methods_are_named(small: Small) -> None:
    stream, _ = small
    with pytest.raises(ValueError, match="sampler"):
        run_stream(stream, "priced")
    with pytest.raises(ValueError, match="unknown method"):
        run_stream(stream, "oracle")
