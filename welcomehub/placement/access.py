"""Access gates for placement: only holders of `placement.manage` in the programme's lead
organisation reach its locations and runs; everyone else gets the same 404 as for a
record that does not exist (DESIGN §3 rule 3)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from welcomehub.accounts.permissions import has_any, has_perm
from welcomehub.placement.models import (
    OutcomeModel,
    PairRule,
    PlacementLocation,
    PlacementRun,
    Recommendation,
)
from welcomehub.programmes.models import Programme

PERMISSION = "placement.manage"


def _check(user: Any, programme: Programme) -> None:
    if not user.is_authenticated:
        raise Http404
    if not has_perm(user, PERMISSION, programme.lead_id):
        raise Http404


def access_programme(*, user: Any, programme_id: int) -> Programme:
    programme = Programme.objects.select_related("lead").filter(pk=programme_id).first()
    if programme is None:
        raise Http404
    _check(user, programme)
    return programme


def access_run(*, user: Any, run_id: int) -> PlacementRun:
    run = PlacementRun.objects.select_related("programme").filter(pk=run_id).first()
    if run is None:
        raise Http404
    _check(user, run.programme)
    return run


def access_recommendation(*, user: Any, recommendation_id: int) -> Recommendation:
    recommendation = (
        Recommendation.objects.select_related("run__programme", "household")
        .filter(pk=recommendation_id)
        .first()
    )
    if recommendation is None:
        raise Http404
    _check(user, recommendation.run.programme)
    return recommendation


def access_location(*, user: Any, location_id: int) -> PlacementLocation:
    location = (
        PlacementLocation.objects.select_related("programme", "place")
        .filter(pk=location_id)
        .first()
    )
    if location is None:
        raise Http404
    _check(user, location.programme)
    return location


def access_pair_rule(*, user: Any, pair_rule_id: int) -> PairRule:
    rule = PairRule.objects.select_related("run__programme").filter(pk=pair_rule_id).first()
    if rule is None:
        raise Http404
    _check(user, rule.run.programme)
    return rule


def access_outcome_model(*, user: Any, outcome_model_id: int) -> OutcomeModel:
    model = (
        OutcomeModel.objects.select_related("programme")
        .defer("fitted")
        .filter(pk=outcome_model_id)
        .first()
    )
    if model is None:
        raise Http404
    _check(user, model.programme)
    return model


def access_placement(*, user: Any) -> None:
    """The placement index: coordinators who place and staff who receive households."""
    if not user.is_authenticated:
        raise Http404
    if not (has_any(user, PERMISSION) or has_any(user, "household.view")):
        raise Http404
