"""The placement engine on hand-made instances with known optima (no database)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from welcomehub.placement.domain import Case, Instance, Location, Reason, Status
from welcomehub.placement.domain.solver import Options, solve
from welcomehub.placement.tests.helpers import assert_hard_rules, brute_force, planted_instance

FAST = Options(time_limit=10)


def _lexicographic_instance() -> Instance:
    """A (4 persons, medical) fits only L1; B (3) anywhere; C (2) is tied to L2.

    Placing A+C scores more (2 + 2 + 0) than A+B (2 + 1), but A+B places 7 persons
    against 6, so persons come first and C stays out.
    """
    l1 = Location(
        "L1", "One", 5, 2, 1, frozenset({"medical"}), frozenset({"ar"}), frozenset({"SY"})
    )
    l2 = Location("L2", "Two", 4, 2, 0, frozenset({"wheelchair"}), frozenset({"fa"}))
    a = Case("A", 4, 2, frozenset({"medical"}), frozenset({"ar"}), "SY")
    b = Case("B", 3, 1, frozenset(), frozenset({"fa"}), "AF")
    c = Case("C", 2, 0, frozenset({"wheelchair"}), frozenset({"uk"}), "UA", family_location_id="L2")
    return Instance(cases=(a, b, c), locations=(l1, l2))


def test_persons_come_before_score() -> None:
    instance = _lexicographic_instance()
    solution = solve(instance, FAST)
    assert_hard_rules(instance, solution)
    assert dict(solution.assignments) == {"A": "L1", "B": "L2"}
    assert solution.unplaced == ("C",)
    assert solution.persons_placed == 7
    assert solution.objective == pytest.approx(3.0)
    assert solution.status is Status.OPTIMAL
    assert solution.bound == pytest.approx(3.0)
    assert solution.gap == pytest.approx(0.0, abs=1e-9)


def test_explanations_break_down_scores_and_name_the_binding_capacity() -> None:
    solution = solve(_lexicographic_instance(), FAST)
    a = solution.explanations["A"]
    assert a.reason is Reason.PLACED
    assert a.breakdown == {"language": 1.0, "community": 1.0, "preference": 0.0, "family": 0.0}
    c = solution.explanations["C"]
    assert c.reason is Reason.FAMILY_LOCATION_LACKS_CAPACITY
    assert c.binding == {"L2": ("persons",)}
    assert "with the cases placed there" in c.message


def test_given_scores_replace_the_rule_score() -> None:
    instance = _lexicographic_instance()
    scores = np.full((3, 2), np.nan)
    scores[1, 1] = 0.25  # B at L2
    solution = solve(dataclasses.replace(instance, scores=scores), FAST)
    assert solution.objective == pytest.approx(2.25)
    assert solution.explanations["B"].breakdown == {"expected_outcome": 0.25}


def test_each_reason_for_staying_unplaced() -> None:
    place = Location("P", "P", 6, 2, 1, frozenset({"medical"}))
    cases = (
        Case("needs", 1, needs=frozenset({"interpreter"})),
        Case("large", 9),
        Case("family_service", 1, needs=frozenset({"wheelchair"}), family_location_id="P"),
        Case("family_small", 7, family_location_id="P"),
        Case("first", 4),
        Case("second", 3),
    )
    instance = Instance(cases=cases, locations=(place,))
    solution = solve(instance, FAST)
    assert_hard_rules(instance, solution)
    reasons = {case_id: e.reason for case_id, e in solution.explanations.items()}
    assert reasons == {
        "needs": Reason.NO_LOCATION_OFFERS_NEEDS,
        "large": Reason.TOO_LARGE_FOR_ANY_LOCATION,
        "family_service": Reason.FAMILY_LOCATION_LACKS_SERVICE,
        "family_small": Reason.FAMILY_LOCATION_LACKS_CAPACITY,
        "first": Reason.PLACED,
        "second": Reason.CAPACITY_EXHAUSTED,
    }
    assert solution.explanations["family_service"].missing_services == ("wheelchair",)
    assert "even when empty" in solution.explanations["family_small"].message
    assert solution.explanations["second"].binding == {"P": ("persons",)}
    assert solution.explanations["large"].binding == {"P": ("persons",)}


def test_medical_and_school_capacities_bind() -> None:
    place = Location("P", "P", 20, 2, 1, frozenset({"medical"}))
    cases = (
        Case("m1", 1, needs=frozenset({"medical"})),
        Case("m2", 2, needs=frozenset({"medical"})),
        Case("s1", 3, school_age_children=2),
        Case("s2", 2, school_age_children=1),
    )
    instance = Instance(cases=cases, locations=(place,))
    solution = solve(instance, FAST)
    assert_hard_rules(instance, solution)
    assert set(solution.unplaced) == {"m1", "s2"}  # one medical slot, two school places
    assert solution.explanations["m1"].binding == {"P": ("medical_cases",)}
    assert solution.explanations["s2"].binding == {"P": ("school_places",)}


def test_nothing_placeable_is_infeasible_and_no_cases_is_optimal() -> None:
    place = Location("P", "P", 1, 0, 0)
    nothing = solve(Instance(cases=(Case("big", 2),), locations=(place,)), FAST)
    assert nothing.status is Status.INFEASIBLE
    assert (nothing.objective, nothing.bound, nothing.gap) == (0.0, 0.0, 0.0)
    assert nothing.unplaced == ("big",)
    empty = solve(Instance(cases=(), locations=(place,)), FAST)
    assert empty.status is Status.OPTIMAL
    assert empty.assignments == ()


def _unit_instance(seed: int) -> Instance:
    rng = np.random.default_rng(seed)
    locations = tuple(
        Location(f"L{j}", f"L{j}", int(rng.integers(1, 4)), 0, 0, frozenset({"interpreter"}))
        for j in range(4)
    )
    cases = tuple(
        Case(f"C{i}", 1, needs=frozenset({"interpreter"}) if i % 3 == 0 else frozenset())
        for i in range(12)
    )
    scores = np.round(rng.uniform(0, 1, size=(12, 4)), 3)
    return Instance(cases=cases, locations=locations, scores=scores)


def test_unit_cases_with_one_capacity_use_the_exact_flow() -> None:
    instance = _unit_instance(3)
    by_flow = solve(instance, FAST)
    by_mip = solve(instance, dataclasses.replace(FAST, use_flow=False))
    assert by_flow.method == "min-cost flow"
    assert by_mip.method != "min-cost flow"
    assert_hard_rules(instance, by_flow)
    assert by_flow.status is Status.OPTIMAL
    assert by_flow.persons_placed == by_mip.persons_placed
    assert by_flow.objective == pytest.approx(by_mip.objective, abs=1e-6)
    assert by_flow.objective <= by_flow.bound <= by_flow.objective + 1e-6


def test_flow_is_not_used_when_a_second_capacity_could_bind() -> None:
    instance = _unit_instance(3)
    medical = tuple(
        dataclasses.replace(case, needs=frozenset({"medical"})) for case in instance.cases
    )
    locations = tuple(
        dataclasses.replace(loc, services=frozenset({"medical"}), capacity_medical_cases=1)
        for loc in instance.locations
    )
    tight = Instance(cases=medical, locations=locations, scores=instance.scores)
    solution = solve(tight, FAST)
    assert solution.method != "min-cost flow"
    assert_hard_rules(tight, solution)
    assert solution.persons_placed == 4


def test_small_generated_instance_is_solved_to_optimality() -> None:
    instance = planted_instance(40, 5, seed=2)
    solution = solve(instance, FAST)
    assert_hard_rules(instance, solution)
    assert solution.status is Status.OPTIMAL
    assert solution.unplaced == ()  # the planted placement places everyone
    assert solution.objective <= solution.bound + 1e-6
    assert solution.gap <= 1e-4


@pytest.mark.parametrize("capacity_share", [1.0, 0.8])
def test_neighbourhood_search_keeps_the_rules_and_the_bound(capacity_share: float) -> None:
    instance = planted_instance(120, 10, seed=4)
    locations = tuple(
        dataclasses.replace(
            loc,
            capacity_persons=int(loc.capacity_persons * capacity_share),
            capacity_school_places=int(loc.capacity_school_places * capacity_share),
        )
        for loc in instance.locations
    )
    instance = dataclasses.replace(instance, locations=locations)
    solution = solve(instance, Options(time_limit=1.5, exact_pairs=0))
    assert solution.method == "lns"
    assert_hard_rules(instance, solution)
    assert solution.objective <= solution.bound + 1e-6
    assert solution.persons_placed <= solution.persons_bound
    assert solution.capacity_prices.keys() == {loc.location_id for loc in locations}


def test_same_input_same_answer() -> None:
    instance = _lexicographic_instance()
    first, second = solve(instance, FAST), solve(instance, FAST)
    assert first.assignments == second.assignments
    assert first.objective == second.objective


def test_brute_force_agrees_on_the_hand_made_instance() -> None:
    assert brute_force(_lexicographic_instance()) == (7, pytest.approx(3.0))
