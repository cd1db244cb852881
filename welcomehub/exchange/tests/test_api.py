"""The exchange API: rounds, the chart, and a focal point's needs and offers."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import World
from welcomehub.exchange.models import Need, Offer
from welcomehub.exchange.tests.support import Exchange

pytestmark = pytest.mark.django_db


def _post(world: World, user: Any, path: str, body: dict[str, Any]) -> Any:
    return world.client(user).post(path, json.dumps(body), content_type="application/json")


def test_rounds_are_scoped(exchange: Exchange, world: World) -> None:
    titles = {
        r["title"]
        for r in world.client(world.users_b["focal_point"]).get("/api/exchange/rounds").json()
    }
    assert titles == {"Integration exchange 2026", "Pre-departure exchange 2027"}
    assert world.client(world.users["caseworker"]).get("/api/exchange/rounds").json() == []
    assert world.client(None).get("/api/exchange/rounds").status_code == 401


def test_chart_as_json(exchange: Exchange, world: World) -> None:
    path = f"/api/exchange/rounds/{exchange.round.pk}/chart"
    data = world.client(world.users["coordinator"]).get(path).json()
    housing = next(row for row in data["topics"] if row["topic"] == "housing")
    assert [n["id"] for n in housing["needs"]] == [exchange.need_a.pk]
    assert [o["id"] for o in housing["offers"]] == [exchange.offer_b.pk]
    assert housing["uncovered_need_ids"] == []
    assert world.client(world.users["analyst"]).get(path).status_code == 404
    assert world.client(world.users_b["coordinator"]).get(path).status_code == 404


def test_focal_point_posts_needs_and_offers(exchange: Exchange, world: World) -> None:
    fp = world.users["focal_point"]
    base = f"/api/exchange/answers/{exchange.draft_a.pk}"
    response = _post(world, fp, f"{base}/needs", {"topics": ["health"], "languages": ["fa"]})
    assert response.status_code == 201
    assert response.json()["topics"] == ["health"]
    response = _post(world, fp, f"{base}/offers", {"kind": "training", "topics": ["health"]})
    assert response.status_code == 201
    assert response.json()["kind"] == "training"


def test_bad_input_and_other_organisations_change_nothing(exchange: Exchange, world: World) -> None:
    before = (Need.objects.count(), Offer.objects.count())
    base = f"/api/exchange/answers/{exchange.draft_a.pk}"
    fp = world.users["focal_point"]
    response = _post(world, fp, f"{base}/needs", {"topics": ["astrology"]})
    assert response.status_code == 422
    assert "astrology" in json.dumps(response.json())
    response = _post(world, fp, f"{base}/offers", {"kind": "lecture", "topics": ["health"]})
    assert response.status_code == 422
    submitted = f"/api/exchange/answers/{exchange.answer_a.pk}/needs"
    assert _post(world, fp, submitted, {"topics": ["health"]}).status_code == 422
    other = world.users_b["focal_point"]
    assert _post(world, other, f"{base}/needs", {"topics": ["health"]}).status_code == 404
    assert (Need.objects.count(), Offer.objects.count()) == before
