"""The background tasks run the services by id and skip what has gone; a pure property
of the capacity dashboard's rows."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import World
from welcomehub.placement import services
from welcomehub.placement.models import PlacementLocation, PlacementRun, RunStatus
from welcomehub.placement.selectors import CapacityRow
from welcomehub.placement.tasks import model_train_task, run_solve_task
from welcomehub.placement.tests.support import build_placement


@pytest.mark.django_db
def test_run_task_solves_a_queued_run_once(world: World) -> None:
    build_placement(world)
    run = services.run_start(
        actor=world.users["coordinator"], programme=world.programme, time_limit=5
    )
    assert run_solve_task.enqueue(run.pk).return_value == run.pk
    run.refresh_from_db()
    assert run.status == RunStatus.OPTIMAL
    assert run_solve_task.enqueue(run.pk).return_value == run.pk  # again: no change
    assert run.recommendations.count() == 2
    assert run_solve_task.enqueue(999999).return_value is None
    assert model_train_task.enqueue(999999).return_value is None
    assert PlacementRun.objects.filter(status=RunStatus.QUEUED).count() == 0


dimension = st.integers(min_value=0, max_value=500)


@given(
    capacity=st.tuples(dimension, dimension, dimension),
    used=st.tuples(dimension, dimension, dimension),
)
def test_capacity_rows_add_up(capacity: tuple[int, int, int], used: tuple[int, int, int]) -> None:
    row = CapacityRow(PlacementLocation(), capacity, used)
    for (cap, use, left, over), c, u in zip(row.cells, capacity, used, strict=True):
        assert (cap, use) == (c, u)
        assert left == c - u
        assert over == (u > c)
    assert row.over == any(u > c for c, u in zip(capacity, used, strict=True))
    assert tuple(cell[2] for cell in row.cells) == row.left
