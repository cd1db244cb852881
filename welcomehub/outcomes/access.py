"""Who may see a programme's outcome dashboards: holders of `aggregate.view` in an
organisation that leads or partners the programme. Aggregates only, so no audit row
per view; a missing and a forbidden programme give the same 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from welcomehub.programmes.access import programmes_for
from welcomehub.programmes.models import Programme

PERMISSION = "aggregate.view"


def dashboard_programmes(user: Any) -> QuerySet[Programme]:
    if not getattr(user, "is_authenticated", False):
        return Programme.objects.none()
    return programmes_for(user, PERMISSION)


def access_dashboard(*, user: Any, programme_id: int) -> Programme:
    programme = dashboard_programmes(user).filter(pk=programme_id).first()
    if programme is None:
        raise Http404
    return programme
