"""The chart's exports (CSV, HXL, XLSX, PDF), its region filter, and its circulation by
a signed link that shows organisations, never people."""

from __future__ import annotations

import csv
import io

import hxl
import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from conftest import World
from welcomehub.accounts.models import Organisation
from welcomehub.core import taxonomy
from welcomehub.core.models import AuditEvent
from welcomehub.exchange import selectors, services
from welcomehub.exchange.regions import countries_in, region_of
from welcomehub.exchange.sharing import share_token
from welcomehub.exchange.tests.support import Exchange

pytestmark = pytest.mark.django_db


def _url(name: str, exchange: Exchange) -> str:
    return reverse(f"exchange:{name}", args=[exchange.round.pk])


def test_every_country_but_antarctica_has_one_region() -> None:
    seen: dict[str, str] = {}
    for region in taxonomy.codes("regions"):
        labels = taxonomy.entry("regions", region)["labels"]
        assert set(labels) == {"en", "fr", "es", "ar", "uk", "fa-af"}
        for country in countries_in(region):
            assert country not in seen, f"{country} in {seen.get(country)} and {region}"
            seen[country] = region
    assert set(taxonomy.codes("countries")) - set(seen) == {"AQ"}
    assert region_of("pt") == "southern_europe"
    assert region_of("AF") == "southern_asia"
    assert region_of("SY") == "western_asia"
    assert region_of("UA") == "eastern_europe"
    assert region_of("AQ") == ""


def test_region_filter(exchange: Exchange, world: World) -> None:
    assert selectors.chart(exchange.round, region="southern_europe").rows
    assert not selectors.chart(exchange.round, region="western_asia").rows
    client = world.client(world.users["coordinator"])
    page = client.get(_url("chart", exchange), {"region": "southern_europe"}).content.decode()
    assert "Housing search training" in page
    page = client.get(_url("chart", exchange), {"region": "western_asia"}).content.decode()
    assert "No submitted answer matches yet." in page


def test_chart_csv_keeps_codes_and_adds_the_region(exchange: Exchange, world: World) -> None:
    body = world.client(world.users["coordinator"]).get(_url("chart_csv", exchange)).content
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    need = next(r for r in rows if r["entry"] == "need" and r["topic"] == "housing")
    assert need["organisation"] == "Welcome Network A"
    assert need["covered"] == "yes"  # B offers housing training
    assert need["region"] == "southern_europe"
    assert {r["entry"] for r in rows} == {"need", "offer"}


def test_chart_hxl_is_read_by_libhxl(exchange: Exchange, world: World) -> None:
    client = world.client(world.users["focal_point"])
    response = client.get(_url("chart_hxl", exchange), {"org_type": "refugee_led"})
    assert response.status_code == 200
    dataset = hxl.data(io.BytesIO(response.content), hxl.InputOptions(allow_local=True))
    tags = [c.display_tag for c in dataset.columns]
    assert tags[:3] == ["#sector", "#indicator+type", "#org+name"]
    assert tags[-1] == "#region+code"
    orgs = {row.get("#org+name") for row in dataset}
    assert orgs == {"Community Partner B"}  # the filter applies to exports too
    legacy = client.get(_url("chart_csv", exchange), {"hxl": "1"})
    assert legacy.content.splitlines()[1] == response.content.splitlines()[1]


def test_chart_xlsx_has_grid_coverage_and_entries(exchange: Exchange, world: World) -> None:
    response = world.client(world.users["coordinator"]).get(_url("chart_xlsx", exchange))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Chart", "Coverage", "Needs and offers"]
    grid = book["Chart"]
    header = [c.value for c in grid[1]]
    assert header[:2] == ["Topic", "Needs without offer"]
    assert "Welcome Network A (PT)" in header
    housing = next(r for r in grid.iter_rows(min_row=2, values_only=True) if r[0] == "Housing")
    column = header.index("Welcome Network A (PT)")
    assert housing[column] == "Needs: 1, offers: 0"
    coverage = {r[0]: r[1:] for r in book["Coverage"].iter_rows(min_row=2, values_only=True)}
    assert coverage["Housing"] == (1, 1, 0)
    assert coverage["Language learning"] == (1, 1, 0)


def test_chart_pdf(exchange: Exchange, world: World) -> None:
    client = world.client(world.users["focal_point"])
    response = client.get(_url("chart_pdf", exchange))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    arabic = world.client(world.users["coordinator"])
    arabic.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    response = arabic.get(_url("chart_pdf", exchange))
    assert response.content.startswith(b"%PDF-")
    assert response.wsgi_request.LANGUAGE_CODE == "ar"


@pytest.mark.parametrize("name", ["chart_hxl", "chart_xlsx", "chart_pdf"])
def test_exports_refuse_outsiders(exchange: Exchange, world: World, name: str) -> None:
    url = _url(name, exchange)
    assert world.client(None).get(url).status_code == 302
    assert world.client(world.users["caseworker"]).get(url).status_code == 404
    assert world.client(world.users_b["coordinator"]).get(url).status_code == 404


def test_the_coordinator_circulates_the_chart(exchange: Exchange, world: World) -> None:
    coordinator = world.client(world.users["coordinator"])
    page = coordinator.get(_url("share_manage", exchange)).content.decode()
    link = reverse("exchange:shared_chart", args=[exchange.round.pk, share_token(exchange.round)])
    assert link in page
    shared = world.client(None).get(link)
    assert shared.status_code == 200
    assert shared["Referrer-Policy"] == "no-referrer"
    body = shared.content.decode()
    assert "Housing search training for caseworkers" in body
    assert "Welcome Network A" in body
    assert "Community Partner B" in body


def test_the_shared_page_shows_no_personal_data(exchange: Exchange, world: World) -> None:
    fp_a = world.users["focal_point"]
    fp_a.first_name, fp_a.last_name = "Amira", "Solberg"
    fp_a.save()
    draft = exchange.draft_a
    services.need_add(
        actor=fp_a,
        answer=draft,
        topics=["housing"],
        description="Ask Amira at amira.solberg@example.org or +351 912 000 111",
    )
    services.answer_submit(actor=fp_a, answer=draft)
    link = reverse(
        "exchange:shared_chart", args=[exchange.draft_round.pk, share_token(exchange.draft_round)]
    )
    body = world.client(None).get(link).content.decode()
    assert "Ask Amira at [" in body  # the need is there, its contact details are not
    for personal in [
        "amira.solberg@example.org",
        "912 000 111",
        "focal-a@example.org",
        "focal-b@example.org",
        "Solberg",
        fp_a.username,
        world.users_b["focal_point"].username,
        world.users["coordinator"].username,
    ]:
        assert personal not in body


def test_a_tampered_or_foreign_link_is_refused(exchange: Exchange, world: World) -> None:
    client = world.client(None)
    token = share_token(exchange.round)
    url = reverse("exchange:shared_chart", args=[exchange.round.pk, token])
    assert client.get(url).status_code == 200
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for round_id, value in [
        (exchange.round.pk, tampered),
        (exchange.round.pk, "not-a-token"),
        (exchange.draft_round.pk, token),  # another round's link
        (999999, token),
    ]:
        url = reverse("exchange:shared_chart", args=[round_id, value])
        assert client.get(url).status_code == 404


def test_rotation_revokes_links_given_out(exchange: Exchange, world: World) -> None:
    old = reverse("exchange:shared_chart", args=[exchange.round.pk, share_token(exchange.round)])
    other = reverse(
        "exchange:shared_chart", args=[exchange.draft_round.pk, share_token(exchange.draft_round)]
    )
    rotate = _url("share_rotate", exchange)
    assert world.client(world.users["focal_point"]).post(rotate).status_code == 404
    assert world.client(world.users_b["coordinator"]).post(rotate).status_code == 404
    assert world.client(None).get(old).status_code == 200  # refused rotations changed nothing
    rotations = AuditEvent.objects.filter(detail__share_link="rotated")
    assert not rotations.exists()
    response = world.client(world.users["coordinator"]).post(rotate, follow=True)
    assert "no longer open" in response.content.decode()
    assert rotations.count() == 1
    assert world.client(None).get(old).status_code == 404
    new = reverse("exchange:shared_chart", args=[exchange.round.pk, share_token(exchange.round)])
    assert world.client(None).get(new).status_code == 200
    assert world.client(None).get(other).status_code == 200  # other rounds' links still open


def test_share_page_is_for_the_coordinator_only(exchange: Exchange, world: World) -> None:
    url = _url("share_manage", exchange)
    assert world.client(world.users["focal_point"]).get(url).status_code == 404
    assert world.client(world.users_b["coordinator"]).get(url).status_code == 404
    assert world.client(None).get(url).status_code == 302
    assert Organisation.objects.count() >= 2


def test_the_api_filters_the_chart_by_region(exchange: Exchange, world: World) -> None:
    client = world.client(world.users["coordinator"])
    path = f"/api/exchange/rounds/{exchange.round.pk}/chart"
    assert client.get(path, {"region": "southern_europe"}).json()["topics"]
    assert client.get(path, {"region": "western_asia"}).json()["topics"] == []
    assert client.get(path, {"region": "atlantis"}).status_code == 422


def test_the_shared_chart_as_pdf(exchange: Exchange, world: World) -> None:
    token = share_token(exchange.round)
    url = reverse("exchange:shared_chart_pdf", args=[exchange.round.pk, token])
    response = world.client(None).get(url, {"region": "southern_europe"})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Referrer-Policy"] == "no-referrer"
    tampered = reverse("exchange:shared_chart_pdf", args=[exchange.round.pk, token + "x"])
    assert world.client(None).get(tampered).status_code == 404
