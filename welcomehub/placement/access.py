"""Access gates for placement: only holders of `placement.manage` in the programme's lead
organisation reach its locations and runs; everyone else gets the same 404 as for a
record that does not exist (DESIGN §3 rule 3)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from welcomehub.accounts.permissions import has_perm
from welcomehub.placement.models import PlacementLocation, PlacementRun, Recommendation
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
