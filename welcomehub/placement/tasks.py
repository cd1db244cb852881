"""Background work of placement (django-tasks): a run solves for up to its time limit and
a model trains on the programme's history, both longer than a request should wait."""

from __future__ import annotations

from django_tasks import task

from welcomehub.placement import services, training


@task()
def run_solve_task(run_id: int) -> int | None:
    """Solve a queued run; returns its id, or None when it has gone."""
    run = services.run_solve(run_id=run_id)
    return run.pk if run is not None else None


@task()
def model_train_task(outcome_model_id: int) -> str | None:
    """Train a queued outcome model; returns its status, or None when it has gone."""
    model = training.model_train(outcome_model_id=outcome_model_id)
    return model.status if model is not None else None
