"""Answers by file (DESIGN §4 CSV contract): all rows or none, problems by line."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import World
from welcomehub.exchange.models import Need, Offer
from welcomehub.exchange.tests.support import Exchange

pytestmark = pytest.mark.django_db
HEADER = "id,organisation,organisation_type,country,topics,modalities,languages,description\n"
NEEDS = HEADER + (
    "n1,Welcome Network A,ngo,PT,housing;employment,study_visit,pt;en,Visit a city\n"
    "n2,Welcome Network A,ngo,PT,funding,,en,Travel grants\n"
)
OFFERS = HEADER + (
    "o1,Welcome Network A,ngo,PT,language,caseload_briefing;advice,pt,Briefings\n"
    "o2,Welcome Network A,ngo,PT,health,,pt,Clinic model\n"
)


def _upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def _post(world: World, user_key: str, exchange: Exchange, **files: str) -> Any:
    org, role = user_key.split(":")
    user = (world.users if org == "a" else world.users_b)[role]
    url = reverse("exchange:answer_import", args=[exchange.draft_a.pk])
    data = {key: _upload(f"{key}.csv", text) for key, text in files.items()}
    return world.client(user).post(url, data)


def _counts() -> tuple[int, int]:
    return Need.objects.count(), Offer.objects.count()


def test_a_focal_point_imports_needs_and_offers(exchange: Exchange, world: World) -> None:
    before = _counts()
    response = _post(world, "a:focal_point", exchange, needs=NEEDS, offers=OFFERS)
    assert response.status_code == 302
    assert _counts() == (before[0] + 2, before[1] + 2)
    kinds = dict(exchange.draft_a.offers.values_list("description", "kind"))
    assert kinds["Briefings"] == "caseload_briefing"
    assert kinds["Clinic model"] == "specialisation"


def test_a_bad_line_imports_nothing_and_names_the_line(exchange: Exchange, world: World) -> None:
    before = _counts()
    bad = NEEDS + "n3,Welcome Network A,ngo,PT,astrology,,en,Stars\n"
    response = _post(world, "a:focal_point", exchange, needs=bad, offers=OFFERS)
    body = response.content.decode()
    assert response.status_code == 200
    assert "needs.csv:4: column topics: unknown topic" in body
    assert _counts() == before


def test_rows_of_another_organisation_are_refused(exchange: Exchange, world: World) -> None:
    before = _counts()
    other = NEEDS.replace("n2,Welcome Network A", "n2,Community Partner B")
    response = _post(world, "a:focal_point", exchange, needs=other)
    assert "id n2: column organisation" in response.content.decode()
    assert _counts() == before


def test_no_file_is_a_form_error(exchange: Exchange, world: World) -> None:
    response = _post(world, "a:focal_point", exchange)
    assert "Choose a file" in response.content.decode()


@pytest.mark.parametrize("user_key", ["b:focal_point", "a:coordinator", "a:caseworker"])
def test_only_the_organisations_focal_point_imports(
    exchange: Exchange, world: World, user_key: str
) -> None:
    before = _counts()
    response = _post(world, user_key, exchange, needs=NEEDS)
    assert response.status_code == 404
    assert _counts() == before
