"""Dashboard pages and exports through the test client: who gets in, what they see."""

from __future__ import annotations

import csv
import io

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from conftest import PASSWORD, World
from welcomehub.accounts import services as accounts
from welcomehub.core.models import AuditAction, AuditEvent
from welcomehub.outcomes.tests.dashboard_support import Measured, build_measured

pytestmark = pytest.mark.django_db
ROUTES = ["outcomes:dashboard", "outcomes:dashboard_csv", "outcomes:dashboard_xlsx"]
LOWER_ROLES = ["caseworker", "volunteer", "org_admin", "focal_point", "refugee", "sponsor"]


@pytest.fixture
def measured(world: World, settings: object) -> Measured:
    settings.WELCOMEHUB_MIN_CELL = 2  # type: ignore[attr-defined]
    return build_measured(world)


def _url(name: str, world: World) -> str:
    return reverse(name, kwargs={"programme_id": world.programme.pk})


@pytest.mark.parametrize("name", [*ROUTES, "outcomes:dashboards"])
def test_anonymous_is_sent_to_sign_in(world: World, name: str) -> None:
    url = reverse(name) if name == "outcomes:dashboards" else _url(name, world)
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ROUTES)
@pytest.mark.parametrize("role", LOWER_ROLES)
def test_roles_without_aggregate_figures_get_404(world: World, name: str, role: str) -> None:
    client = world.client(world.users[role])
    assert client.get(_url(name, world)).status_code == 404
    assert client.get(reverse("outcomes:dashboards")).status_code == 404


@pytest.mark.parametrize("name", ROUTES)
def test_an_organisation_outside_the_programme_gets_404(world: World, name: str) -> None:
    outsider = accounts.organisation_create(
        actor=None, name="Not a partner", org_type="ngo", country="PT"
    )
    user = accounts.user_create(actor=None, username="c-analyst", password=PASSWORD)
    accounts.membership_add(actor=None, user=user, organisation=outsider, role_code="analyst")
    client = world.client(user)
    assert client.get(_url(name, world)).status_code == 404
    assert client.get(reverse("outcomes:dashboards")).status_code == 404  # no programme


def test_a_missing_programme_gives_the_same_404(world: World) -> None:
    client = world.client(world.users["analyst"])
    url = reverse("outcomes:dashboard", kwargs={"programme_id": 999_999})
    assert client.get(url).status_code == 404


def test_the_partners_analyst_sees_figures_and_nobody(measured: Measured) -> None:
    world = measured.world
    client = world.client(world.users_b["analyst"])
    assert world.programme.name in client.get(reverse("outcomes:dashboards")).content.decode()
    response = client.get(_url("outcomes:dashboard", world), {"by": "location"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "+20.0" in page
    assert "60%" in page
    assert "+16.7" in page
    assert "Lisboa" in page
    assert world.household_a is not None
    assert world.head_a is not None
    for private in (world.household_a.reference, world.head_a.given_name, "Zainab", "Haddad"):
        assert private not in page
    for path in ("/households/", "/persons/", "/progress/"):
        assert path not in page


def test_an_unknown_breakdown_is_an_error_and_shows_the_default(measured: Measured) -> None:
    world = measured.world
    client = world.client(world.users["coordinator"])
    response = client.get(_url("outcomes:dashboard", world), {"by": "religion"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert response.context["board"].filters.dimension == "location"


def test_csv_export_has_the_page_figures_and_is_audited(measured: Measured) -> None:
    world = measured.world
    user = world.users["coordinator"]
    response = world.client(user).get(_url("outcomes:dashboard_csv", world), {"by": "sex"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Domain", "Sex", "People"]
    work = [row for row in rows if row[0] == "Work"]
    assert work[0] == ["Work", "All", "5", "60.0", "25.0", "45.0", "20.0"]
    assert work[1] == ["Work", "Female", "3", "", "8.3", "58.3", "50.0"]  # share hidden
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).latest("at")
    assert (event.actor_id, event.object_id) == (user.pk, str(world.programme.pk))


def test_xlsx_export_has_a_sheet_per_breakdown(measured: Measured) -> None:
    world = measured.world
    response = world.client(world.users_b["analyst"]).get(_url("outcomes:dashboard_xlsx", world))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Arrival year", "Location", "Pathway", "Sex", "Age at arrival"]
    sheet = book["Location"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2, max_row=4)]
    assert values[0] == ["Work", "All", 5, 60.0, 25.0, 45.0, 20.0]
    assert values[1][:3] == ["Work", "Lisboa", 3]


def test_the_dashboard_speaks_arabic(measured: Measured) -> None:
    world = measured.world
    client = world.client(world.users["analyst"])
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = client.get(_url("outcomes:dashboard", world)).content.decode()
    assert 'dir="rtl"' in page
    assert "النتائج حسب المجال" in page  # "Outcomes by domain"


def test_the_api_gives_the_same_protected_figures(measured: Measured) -> None:
    world = measured.world
    url = f"/api/outcomes/programmes/{world.programme.pk}/dashboard"
    body = world.client(world.users_b["analyst"]).get(url, {"by": "sex"}).json()
    assert (body["breakdown"], body["min_cell"], body["groups"]) == ("sex", 2, ["Female", "Male"])
    work = body["domains"][0]
    assert work["code"] == "work"
    assert work["all"] == {
        "people": 5,
        "improved_share": 60.0,
        "baseline": 25.0,
        "latest": 45.0,
        "change": 20.0,
    }
    assert work["groups"][0]["improved_share"] is None  # hidden, as on the page
    assert world.client(world.users["caseworker"]).get(url).status_code == 404
    assert world.client(world.users["analyst"]).get(url, {"by": "religion"}).status_code == 422


def test_the_form_shows_the_breakdown_on_display(measured: Measured) -> None:
    world = measured.world
    page = world.client(world.users["coordinator"]).get(_url("outcomes:dashboard", world))
    assert page.context["form"]["by"].value() == "location"
    assert page.context["board"].filters.dimension == "location"
