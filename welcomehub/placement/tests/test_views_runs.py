"""Pages of issue 4: progress, locks and bars, re-solve, fairness options, capacity,
notices, model training. Only the lead's coordinator gets in; bad input changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import World
from welcomehub.placement import services
from welcomehub.placement.models import (
    OutcomeModel,
    PairRule,
    PairRuleKind,
    PlacementNotice,
    PlacementRun,
    RunStatus,
)
from welcomehub.placement.tests.support import Placement, build_placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(world: World) -> Placement:
    return build_placement(world)


def _rule(world: World, placement: Placement) -> PairRule:
    assert world.household_b is not None
    return services.pair_rule_set(
        actor=world.users["coordinator"],
        run=placement.run,
        household=world.household_b,
        location=placement.porto,
        kind=PairRuleKind.BAR,
        reason="Asked by the family",
    )


def _urls(world: World, placement: Placement) -> tuple[list[str], list[str]]:
    recommendation = placement.run.recommendations.first()
    assert recommendation is not None
    rule = _rule(world, placement)
    gets = [
        reverse("placement:capacity", args=[world.programme.pk]),
        reverse("placement:run_progress", args=[placement.run.pk]),
    ]
    posts = [
        reverse("placement:run_resolve", args=[placement.run.pk]),
        reverse("placement:pair_rule_add", args=[recommendation.pk]),
        reverse("placement:pair_rule_delete", args=[rule.pk]),
        reverse("placement:model_train", args=[world.programme.pk]),
    ]
    return gets, posts


@pytest.mark.parametrize(
    "user_key", ["a:caseworker", "a:analyst", "a:org_admin", "b:coordinator", "b:caseworker"]
)
def test_others_get_404(world: World, placement: Placement, user_key: str) -> None:
    org, role = user_key.split(":")
    client = world.client((world.users if org == "a" else world.users_b)[role])
    gets, posts = _urls(world, placement)
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url, {"horizon": "90d"}).status_code == 404, url
    assert PlacementRun.objects.count() == 1
    assert PairRule.objects.count() == 1
    assert not OutcomeModel.objects.exists()


def test_anonymous_is_sent_to_sign_in(world: World, placement: Placement) -> None:
    client = world.client(None)
    gets, posts = _urls(world, placement)
    for url in [*gets, reverse("placement:index")]:
        assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    for url in posts:
        assert client.post(url)["Location"].startswith(reverse("accounts:login"))


def test_starting_a_run_shows_its_page_with_progress(world: World, placement: Placement) -> None:
    client = world.client(world.users["coordinator"])
    response = client.post(
        reverse("placement:run_add", args=[world.programme.pk]),
        {"time_limit": 5, "min_top_preference_share": 50, "gender_floor": 0.5},
    )
    run = PlacementRun.objects.latest("created_at")
    assert response["Location"] == reverse("placement:run_detail", args=[run.pk])
    # the test settings run tasks at once, so the run has finished
    assert run.finished
    assert run.min_top_preference_share == 0.5
    assert run.group_floors == {"head_gender:female": 0.5}
    body = client.get(response["Location"]).content.decode()
    assert "hx-get" not in body  # finished: no polling
    assert "Re-solve" in body
    assert "Minimum average score, head of household: Female" in body


def test_out_of_range_options_are_refused(world: World, placement: Placement) -> None:
    client = world.client(world.users["coordinator"])
    for data in (
        {"time_limit": 5, "min_top_preference_share": 150},
        {"time_limit": 5, "nationality_floor": -1},
        {"time_limit": 5, "period": "1999-Q1"},
    ):
        response = client.post(reverse("placement:run_add", args=[world.programme.pk]), data)
        assert response.status_code == 200
        assert response.context["run_form"].errors
    assert PlacementRun.objects.count() == 1


def test_a_queued_run_polls_and_a_finished_one_reloads(world: World, placement: Placement) -> None:
    client = world.client(world.users["coordinator"])
    queued = services.run_start(
        actor=world.users["coordinator"], programme=world.programme, time_limit=5
    )
    body = client.get(reverse("placement:run_detail", args=[queued.pk])).content.decode()
    assert reverse("placement:run_progress", args=[queued.pk]) in body
    assert 'hx-trigger="every 2s"' in body
    assert "Waiting for a worker" in body
    progress = client.get(
        reverse("placement:run_progress", args=[queued.pk]), HTTP_HX_REQUEST="true"
    )
    assert progress.status_code == 200
    assert "HX-Refresh" not in progress
    services.run_solve(run_id=queued.pk)
    progress = client.get(
        reverse("placement:run_progress", args=[queued.pk]), HTTP_HX_REQUEST="true"
    )
    assert progress["HX-Refresh"] == "true"
    assert "hx-get" not in progress.content.decode()


def test_lock_through_the_page_then_resolve(world: World, placement: Placement) -> None:
    assert world.household_b is not None
    client = world.client(world.users["coordinator"])
    recommendation = placement.run.recommendations.get(household=world.household_b)
    url = reverse("placement:pair_rule_add", args=[recommendation.pk])
    prefix = f"p{recommendation.pk}"
    response = client.post(
        url, {f"{prefix}-kind": "lock", f"{prefix}-location": placement.lisboa.pk}
    )
    assert response.status_code == 200  # no reason
    assert not PairRule.objects.exists()
    response = client.post(
        url,
        {
            f"{prefix}-kind": "lock",
            f"{prefix}-location": placement.lisboa.pk,
            f"{prefix}-reason": "Hospital",
        },
    )
    assert response.status_code == 302
    rule = PairRule.objects.get()
    assert rule.kind == PairRuleKind.LOCK
    response = client.post(reverse("placement:run_resolve", args=[placement.run.pk]))
    new = PlacementRun.objects.latest("created_at")
    assert new.parent == placement.run
    assert response["Location"] == reverse("placement:run_detail", args=[new.pk])
    assert new.status in (RunStatus.OPTIMAL, RunStatus.FEASIBLE)
    assert new.recommendations.get(household=world.household_b).location == placement.lisboa
    body = client.get(response["Location"]).content.decode()
    assert "Hospital" in body


def test_remove_a_bar(world: World, placement: Placement) -> None:
    rule = _rule(world, placement)
    client = world.client(world.users["coordinator"])
    response = client.post(reverse("placement:pair_rule_delete", args=[rule.pk]))
    assert response.status_code == 302
    assert not PairRule.objects.exists()


def test_capacity_page_highlights_over_capacity(world: World, placement: Placement) -> None:
    coordinator = world.users["coordinator"]
    assert world.household_b is not None
    for recommendation in placement.run.recommendations.all():
        services.recommendation_override(
            actor=coordinator,
            recommendation=recommendation,
            location=placement.lisboa,
            reason="Everyone to Lisboa",
        )
    services.run_finalise(actor=coordinator, run=placement.run)
    client = world.client(coordinator)
    response = client.get(
        reverse("placement:capacity", args=[world.programme.pk]), {"period": "2026-Q4"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "table-danger" in body
    assert "1 location is over capacity." in body
    assert world.household_b.reference not in body  # figures only
    csv = client.get(
        reverse("placement:capacity", args=[world.programme.pk]),
        {"period": "2026-Q4", "export": "csv"},
    )
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode()
    assert "Lisboa,2026-Q4,2,3,-1," in text
    assert world.household_b.reference not in text
    xlsx = client.get(reverse("placement:capacity", args=[world.programme.pk]), {"export": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_index_lists_notices_to_ones_own_organisation(world: World, placement: Placement) -> None:
    coordinator = world.users["coordinator"]
    services.location_update(
        actor=coordinator, location=placement.porto, receiving_organisation=world.org_b
    )
    for recommendation in placement.run.recommendations.all():
        services.recommendation_accept(actor=coordinator, recommendation=recommendation)
    services.run_finalise(actor=coordinator, run=placement.run)
    assert PlacementNotice.objects.count() == 2
    assert world.household_a is not None
    assert world.household_b is not None
    body_b = world.client(world.users_b["caseworker"]).get(reverse("placement:index")).content
    assert world.household_b.reference in body_b.decode()
    assert world.household_a.reference not in body_b.decode()
    body_a = world.client(coordinator).get(reverse("placement:index")).content.decode()
    assert world.household_a.reference in body_a
    assert world.programme.name in body_a
    assert world.client(world.users_b["analyst"]).get(reverse("placement:index")).status_code == 404


def test_training_without_history_says_so(world: World, placement: Placement) -> None:
    client = world.client(world.users["coordinator"])
    response = client.post(
        reverse("placement:model_train", args=[world.programme.pk]), {"horizon": "bogus"}
    )
    assert response.status_code == 200
    assert response.context["train_form"].errors
    assert not OutcomeModel.objects.exists()
