"""Placement's part of the demo world, on the test world."""

from __future__ import annotations

import datetime
import random

import pytest

from conftest import World
from welcomehub.core.demo import DemoWorld
from welcomehub.placement import demo
from welcomehub.placement.models import ModelStatus, OutcomeModel, PlacementRun
from welcomehub.placement.tests.support import build_placement

pytestmark = pytest.mark.django_db


def test_demo_history_trains_a_model_and_runs_with_it(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    placement = build_placement(world)
    monkeypatch.setattr(demo, "HISTORY", 60)  # fewer past households than the real demo
    said: list[str] = []
    demo.load(
        DemoWorld(
            rng=random.Random(7),
            today=datetime.date.today(),
            places={"Lisboa": world.place, "Porto": world.other_place},
            organisations={"pt_ngo": world.org_a, "lisboa": world.org_b},
            programmes={"pt_national": world.programme},
            users={"demo-coordinator": world.users["coordinator"]},
            caseworkers={"pt_ngo": world.users["caseworker"]},
            say=said.append,
        )
    )
    placement.lisboa.refresh_from_db()
    assert placement.lisboa.receiving_organisation == world.org_b
    model = OutcomeModel.objects.get()
    assert model.status == ModelStatus.READY
    assert model.samples == 60
    run = PlacementRun.objects.latest("created_at")
    assert run.outcome_model == model
    assert run.policy_estimate["samples"] == 60
    assert any("a run scored by the model" in line for line in said)
