"""Placement pages (views split by subject; URLs name them from here)."""

from welcomehub.placement.views.outcomes import model_train
from welcomehub.placement.views.programmes import (
    capacity,
    index,
    location_add,
    location_edit,
    programme_placement,
)
from welcomehub.placement.views.runs import (
    pair_rule_add,
    pair_rule_delete,
    recommendation_accept,
    recommendation_override,
    run_add,
    run_detail,
    run_finalise,
    run_progress,
    run_resolve,
)

__all__ = [
    "capacity",
    "index",
    "location_add",
    "location_edit",
    "model_train",
    "pair_rule_add",
    "pair_rule_delete",
    "programme_placement",
    "recommendation_accept",
    "recommendation_override",
    "run_add",
    "run_detail",
    "run_finalise",
    "run_progress",
    "run_resolve",
]
