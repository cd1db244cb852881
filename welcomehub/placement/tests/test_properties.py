"""Property test: on random small instances every solution keeps the hard rules, places
the brute-force maximum of persons, scores within the optimality tolerance of the
brute-force optimum, and reports a bound that really bounds it (no database)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from welcomehub.placement.domain import Case, Instance, Location, Status
from welcomehub.placement.domain.solver import OPTIMAL_GAP, Options, solve
from welcomehub.placement.tests.helpers import assert_hard_rules, brute_force

SERVICES = ("medical", "wheelchair", "interpreter")
LANGUAGES = ("ar", "fa", "uk")


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    n_locations = draw(st.integers(1, 3))
    locations = tuple(
        Location(
            location_id=f"L{j}",
            capacity_persons=draw(st.integers(0, 9)),
            capacity_school_places=draw(st.integers(0, 4)),
            capacity_medical_cases=draw(st.integers(0, 2)),
            services=frozenset(draw(st.sets(st.sampled_from(SERVICES)))),
            languages=frozenset(draw(st.sets(st.sampled_from(LANGUAGES), max_size=2))),
            diaspora_nationalities=frozenset(
                draw(st.sets(st.sampled_from(("SY", "AF")), max_size=1))
            ),
        )
        for j in range(n_locations)
    )
    ids = [location.location_id for location in locations]
    cases = []
    for i in range(draw(st.integers(1, 6))):
        size = draw(st.integers(1, 5))
        family = draw(st.one_of(st.none(), st.sampled_from(ids))) if draw(st.booleans()) else None
        cases.append(
            Case(
                case_id=f"C{i}",
                size=size,
                school_age_children=draw(st.integers(0, size - 1)),
                needs=frozenset(draw(st.sets(st.sampled_from(SERVICES), max_size=2))),
                languages=frozenset(draw(st.sets(st.sampled_from(LANGUAGES), max_size=2))),
                nationality=draw(st.sampled_from(("SY", "AF", "UA"))),
                family_location_id=family,
                preferred_location_ids=tuple(
                    draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
                ),
            )
        )
    scores = None
    if draw(st.booleans()):
        values = draw(
            st.lists(
                st.one_of(
                    st.none(), st.floats(-1.0, 5.0, allow_nan=False).map(lambda x: round(x, 3))
                ),
                min_size=len(cases) * n_locations,
                max_size=len(cases) * n_locations,
            )
        )
        scores = np.array([np.nan if v is None else v for v in values], dtype=float)
        scores = scores.reshape(len(cases), n_locations)
    return Instance(cases=tuple(cases), locations=locations, scores=scores)


@settings(max_examples=200, deadline=None)
@given(instances())
def test_solutions_keep_the_rules_and_match_brute_force(instance: Instance) -> None:
    # The flow path spawns a process; it is cross-checked in test_engine.
    solution = solve(instance, Options(time_limit=5, use_flow=False))
    assert_hard_rules(instance, solution)
    persons, score = brute_force(instance)
    assert solution.persons_placed == persons
    assert solution.objective <= solution.bound + 1e-6
    assert solution.bound >= score - 1e-6  # the bound bounds the true optimum
    assert solution.objective <= score + 1e-6
    assert solution.objective >= score - OPTIMAL_GAP * max(abs(solution.bound), 1.0) - 1e-6
    assert solution.status in {Status.OPTIMAL, Status.INFEASIBLE}
    if solution.bound:
        assert (
            abs(solution.gap - (solution.bound - solution.objective) / abs(solution.bound)) < 1e-9
        )
    else:
        assert solution.gap == 0.0
