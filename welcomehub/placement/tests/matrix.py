"""Placement routes added for issue 4 in the authorisation matrix (see
welcomehub/tests/matrix_support.py); the first placement routes stay in
test_route_matrix.py."""

from __future__ import annotations

from typing import Any

from conftest import World
from welcomehub.placement import services
from welcomehub.placement.models import (
    OutcomeModel,
    PairRule,
    PairRuleKind,
    PlacementNotice,
    PlacementRun,
)
from welcomehub.tests.matrix_support import MatrixWorld, keys, rule

COORDINATOR_A = frozenset({"a:coordinator"})
# Staff who receive households: the index shows them notices to their own organisation.
RECEIVERS = keys("ab", "coordinator", "caseworker") - COORDINATOR_A

PAGES = {
    "placement:index": {"GET": rule(COORDINATOR_A, RECEIVERS)},
    "placement:capacity": {"GET": rule(COORDINATOR_A)},
    "placement:model_train": {"POST": rule(COORDINATOR_A)},
    "placement:run_progress": {"GET": rule(COORDINATOR_A)},
    "placement:run_resolve": {"POST": rule(COORDINATOR_A)},
    "placement:pair_rule_add": {"POST": rule(COORDINATOR_A)},
    "placement:pair_rule_delete": {"POST": rule(COORDINATOR_A)},
}


def build(world: World) -> dict[str, Any]:
    """A bar on the matrix run's household (a newcomer of A, never household A)."""
    run = PlacementRun.objects.filter(programme=world.programme).latest("created_at")
    recommendation = run.recommendations.select_related("household").get()
    location = run.programme.placement_locations.order_by("pk").first()
    assert location is not None
    bar = services.pair_rule_set(
        actor=world.users["coordinator"],
        run=run,
        household=recommendation.household,
        location=location,
        kind=PairRuleKind.BAR,
        reason="Matrix bar",
    )
    return {"bar": bar}


def _bar(matrix: MatrixWorld) -> int:
    return int(matrix.built[__name__]["bar"].pk)


KWARGS = {"pair_rule_id": _bar}

STATE = [
    ("placement_pair_rules", PairRule, "COUNT(*)"),
    ("placement_outcome_models", OutcomeModel, "COUNT(*)"),
    ("placement_notices", PlacementNotice, "COUNT(*)"),
]
