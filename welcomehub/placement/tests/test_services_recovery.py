"""A run whose worker died mid-solve (kill -9) is handed back and solved by a retried
task; a run still making progress is left alone (found by bench/faults/kill.py)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.placement import services
from welcomehub.placement.models import PlacementRun, RunStatus
from welcomehub.placement.services import Phase
from welcomehub.placement.tasks import run_solve_task
from welcomehub.placement.tests.support import build_placement

pytestmark = pytest.mark.django_db


def _claimed_by_a_worker_that_died(run: PlacementRun, seconds_ago: float) -> None:
    """What a killed worker leaves behind: the run claimed, then no more progress."""
    PlacementRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING,
        phase=Phase.PREPARING,
        updated_at=timezone.now() - datetime.timedelta(seconds=seconds_ago),
    )


def test_a_crashed_run_is_handed_back_and_a_retried_task_solves_it(world: World) -> None:
    build_placement(world)
    run = services.run_start(
        actor=world.users["coordinator"], programme=world.programme, time_limit=5
    )
    _claimed_by_a_worker_that_died(run, seconds_ago=5 + 61)
    # before recovery a retried task finds nothing to claim: the run would stay running
    run_solve_task.enqueue(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING
    audits = AuditEvent.objects.count()

    assert services.run_recover_stale() == [run.pk]

    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED
    assert AuditEvent.objects.count() == audits + 1
    assert services.run_recover_stale() == []  # once only
    run_solve_task.enqueue(run.pk)
    run_solve_task.enqueue(run.pk)  # a second retry changes nothing
    run.refresh_from_db()
    assert run.status == RunStatus.OPTIMAL
    assert run.recommendations.count() == 2


def test_a_run_still_making_progress_is_left_alone(world: World) -> None:
    build_placement(world)
    run = services.run_start(
        actor=world.users["coordinator"], programme=world.programme, time_limit=30
    )
    _claimed_by_a_worker_that_died(run, seconds_ago=20)  # within its time limit
    assert services.run_recover_stale() == []
    assert services.run_recover_stale(older_than_seconds=-15) == [run.pk]
