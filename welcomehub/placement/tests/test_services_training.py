"""Expected-employment models trained on the programme's history, runs scored by them,
and the off-policy estimate of their gain."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.placement import services, training
from welcomehub.placement.models import ModelStatus, OutcomeModel, RunStatus, Scoring
from welcomehub.placement.tasks import model_train_task
from welcomehub.placement.tests.support import Placement, build_history, build_placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(world: World) -> Placement:
    return build_placement(world)


def _trained(world: World, horizon: str = "90d") -> OutcomeModel:
    model = training.model_queue(
        actor=world.users["coordinator"], programme=world.programme, horizon=horizon
    )
    trained = training.model_train(outcome_model_id=model.pk)
    assert trained is not None
    return trained


def test_history_reads_answers_in_each_window(placement: Placement, world: World) -> None:
    made = build_history(world, households=10)
    records, locations = training.history(world.programme)
    assert {location.location_id for location in locations} == {
        str(placement.lisboa.pk),
        str(placement.porto.pk),
    }
    # the tenth head did not consent to aggregate statistics
    assert len(records) == 9
    assert {record.case.case_id for record in records} == {str(h.pk) for h in made[:9]}
    for record in records:
        assert record.employed_90d is not None
        assert record.employed_12m is not None
    # households awaiting placement have no outcome: they are not history
    assert world.household_a is not None
    assert str(world.household_a.pk) not in {record.case.case_id for record in records}


def test_too_little_history_is_said_plainly(placement: Placement, world: World) -> None:
    build_history(world, households=5)
    model = _trained(world)
    assert model.status == ModelStatus.INSUFFICIENT
    assert model.samples == 5
    assert "at least 30" in model.message
    assert not model.fitted
    with pytest.raises(ValidationError):
        services.run_start(
            actor=world.users["coordinator"],
            programme=world.programme,
            time_limit=5,
            outcome_model=model,
        )


def test_training_stores_calibration_and_a_checked_model(
    placement: Placement, world: World
) -> None:
    build_history(world, households=44)
    model = _trained(world, "12m")
    assert model.status == ModelStatus.READY
    assert model.samples == 40  # 44 minus the 4 without consent to statistics
    assert model.base_rate is not None
    assert 0 < model.base_rate < 1
    figures = model.calibration
    assert figures["folds"] == 5
    assert figures["records"] == 40
    assert 0 <= figures["brier"] <= 1
    assert sum(count for _p, _o, count in figures["bins"]) == 40
    assert training.load(model).horizon == "employed_12m"
    assert AuditEvent.objects.filter(object_type="placement.outcomemodel").count() == 2
    # trained once: a second delivery of the task changes nothing
    assert training.model_train(outcome_model_id=model.pk) == model
    assert model_train_task.enqueue(999999).return_value is None


def test_unknown_horizon_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        training.model_queue(actor=None, programme=world.programme, horizon="5y")
    assert not OutcomeModel.objects.exists()


def test_a_run_scored_by_the_model_reports_the_off_policy_gain(
    placement: Placement, world: World
) -> None:
    build_history(world, households=44)
    model = _trained(world)
    run = services.run_create(
        actor=world.users["coordinator"],
        programme=world.programme,
        time_limit=5,
        outcome_model=model,
    )
    assert run.scoring == Scoring.MODEL
    assert run.status in (RunStatus.OPTIMAL, RunStatus.FEASIBLE)
    for recommendation in run.recommendations.exclude(location=None):
        assert set(recommendation.breakdown) == {"expected_outcome"}
        assert 0 <= recommendation.breakdown["expected_outcome"] <= 1
    estimate = run.policy_estimate
    assert estimate["samples"] == 40
    assert estimate["low"] <= estimate["high"]
    assert estimate["gain"] == pytest.approx(estimate["policy"] - estimate["historical"])
    client = world.client(world.users["coordinator"])
    body = client.get(reverse("placement:run_detail", args=[run.pk])).content.decode()
    assert "Estimated gain over the historical placements" in body


def test_a_tampered_model_fails_the_run_instead_of_loading(
    placement: Placement, world: World
) -> None:
    build_history(world, households=44)
    model = _trained(world)
    OutcomeModel.objects.filter(pk=model.pk).update(fitted=b"not the model")
    with pytest.raises(ValueError, match="digest"):
        training.load(OutcomeModel.objects.get(pk=model.pk))
    run = services.run_create(
        actor=world.users["coordinator"],
        programme=world.programme,
        time_limit=5,
        outcome_model=model,
    )
    assert run.status == RunStatus.FAILED
    assert run.error
    assert not run.recommendations.exists()


def test_training_through_the_page(placement: Placement, world: World) -> None:
    build_history(world, households=44)
    client = world.client(world.users["coordinator"])
    response = client.post(
        reverse("placement:model_train", args=[world.programme.pk]), {"horizon": "90d"}
    )
    assert response.status_code == 302
    model = OutcomeModel.objects.get()
    assert model.status == ModelStatus.READY
    body = client.get(reverse("placement:programme", args=[world.programme.pk])).content
    assert "Brier score" in body.decode()
