"""Background work of placement (django-tasks): a run solves for up to its time limit,
longer than a request should wait."""

from __future__ import annotations

from django_tasks import task

from welcomehub.accounts.models import User
from welcomehub.placement.services import run_create
from welcomehub.programmes.models import Programme


@task()
def run_create_task(programme_id: int, actor_id: int, time_limit: int) -> int | None:
    """Solve a run; returns its id, or None when the programme or user has gone."""
    programme = Programme.objects.filter(pk=programme_id).first()
    actor = User.objects.filter(pk=actor_id).first()
    if programme is None or actor is None:
        return None
    return run_create(actor=actor, programme=programme, time_limit=time_limit).pk
