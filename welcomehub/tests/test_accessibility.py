"""axe-core (npm, pinned in package.json) in a real Chromium on every page type.

The pages are the authorisation matrix's own (test_route_matrix.py): each GET route is
opened by a user the matrix allows, on the world the matrix builds, plus the public
pages. By default one page of each page type (PAGE_TYPES) and a few again in Arabic
(right to left); with WELCOMEHUB_AXE_ALL=1 every HTML page. Each page must have no
serious and no critical violation of the WCAG A/AA rules; the lesser ones are printed.

The world is built and every URL is resolved before Playwright starts: Playwright's sync
API runs an event loop, inside which Django refuses synchronous database calls.
"""

from __future__ import annotations

import os
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import NoReverseMatch, get_resolver, reverse

from conftest import ROLES, build_world
from welcomehub.accounts import services as accounts
from welcomehub.accounts.models import Membership
from welcomehub.exchange import sharing
from welcomehub.exchange.tests.support import build_exchange
from welcomehub.people import services as people
from welcomehub.placement.tests.support import build_placement
from welcomehub.programmes import services as programmes
from welcomehub.tests import test_route_matrix as route_matrix
from welcomehub.tests.browser import launch, require_chromium
from welcomehub.tests.matrix_support import MatrixWorld, user_of

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
SHOTS = Path(settings.BASE_DIR) / "test-results" / "accessibility"  # git-ignored
# Who opens a route the matrix allows to several users: the first of these that may.
PREFERENCE = [f"a:{role}" for role in ROLES] + ["a:platform_admin"] + [f"b:{r}" for r in ROLES]
# One page of every page type, each app's lists, details, forms and dashboards, the
# public pages and the refugees' portal. WELCOMEHUB_AXE_ALL=1 opens every page instead
# (about 130 pages, some 4 minutes on 2 busy cores).
PAGE_TYPES = {
    # public
    "accounts:login",
    "services:directory",
    "feedback:give",
    "feedback:board",
    "community:calendar",
    "exchange:shared_chart",
    "connections:apply",
    # staff: dashboards, lists, details, forms
    "core:home",
    "accounts:roles",
    "people:household_list",
    "people:household_detail",
    "people:consent_create",
    "outcomes:dashboard",
    "exchange:answer_detail",
    "exchange:chart",
    "placement:run_detail",
    "feedback:inbox",
    "evaluation:round_detail",
    "community:event",
    "connections:volunteer_detail",
    "sponsorship:group",
    "referrals:create",
    # the portal of refugees and volunteers
    "people:my_household",
    "people:my_plan",
    "connections:my_volunteering",
    "sponsorship:mine",
}
# Who opens a page when it is not the first allowed user: the one who works on it (the
# focal point sees the answer's forms), so that every role opens at least one page.
OPENERS = {"exchange:answer_detail": "a:focal_point", "outcomes:dashboard": "a:analyst"}
# Opened a second time in Arabic, by the same user.
ARABIC = ["feedback:give", "people:household_detail", "people:my_household"]


def require_browser() -> None:
    require_chromium()
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{AXE} is missing under CI: `npm ci` installs it")
        pytest.skip(f"{AXE} is missing: run `npm ci` in the repository root")


def build_matrix_world() -> MatrixWorld:
    """The route matrix's world (its `matrix` fixture), committed for the live server."""
    world = build_world()
    assert world.head_a is not None
    consent = people.consent_record(
        actor=None, person=world.head_a, purpose="case_management", method="written"
    )
    responsibility = programmes.responsibility_create(
        actor=None,
        programme=world.programme,
        domain="work",
        place=world.place,
        provider=world.org_a,
        service="Job coaching",
        access="Referral by the caseworker",
    )
    membership = Membership.objects.get(user=world.users["volunteer"], organisation=world.org_a)
    token, _raw = accounts.token_create(actor=None, user=world.users["caseworker"], name="axe")
    exchange_world = build_exchange(world)
    placement_world = build_placement(world, households=False)
    built = {
        name: module.build(world)
        for name, module in route_matrix.CONTRIBUTIONS.items()
        if hasattr(module, "build")
    }
    extra_kwargs: dict[str, Any] = {
        "shared_round_id": lambda m: m.exchange.round.pk,
        "share_token": lambda m: sharing.share_token(m.exchange.round),
    }
    for module in route_matrix.CONTRIBUTIONS.values():
        extra_kwargs.update(getattr(module, "KWARGS", {}))
    return MatrixWorld(
        world,
        consent,
        responsibility,
        membership,
        token,
        {},
        exchange_world=exchange_world,
        placement_world=placement_world,
        built=built,
        extra_kwargs=extra_kwargs,
    )


@dataclass(frozen=True)
class Visit:
    route: str
    url: str
    user_key: str  # "anon" for the public pages
    language: str = "en"


def _opener(route: str) -> str | None:
    rules = route_matrix.PAGES.get(route, {})
    if route in route_matrix.PUBLIC:
        return "anon"
    if "GET" not in rules:
        return None
    rule = rules["GET"]
    if OPENERS.get(route) in rule.allow:
        return OPENERS[route]
    for key in PREFERENCE:
        if key in rule.allow:
            return key
    for key in PREFERENCE:
        if key in rule.scoped:
            return key
    return None


# Routes that answer a file (CSV, PDF, XLSX, iCalendar...), not a page: by their URL's ending.
FILE_ROUTE = re.compile(r"\.[a-z]+/?$|pdf/?$")
FILE_NAMES = {"evaluation:evidence_download"}
# Routes that are no page: signing out and choosing a language take a POST only.
NOT_PAGES = {"accounts:logout", "set_language", "core:health"}
NOT_PAGES.add("placement:run_progress")  # a fragment that htmx swaps into the run's page


def plan_visits(matrix: MatrixWorld, *, everything: bool) -> tuple[list[Visit], dict[str, str]]:
    """Every page a user may open, and the session cookie of each user who opens one."""
    visits, sessions = [], {}
    routes = {
        f"{ns}:{name}" if ns else name: route
        for ns, name, route in route_matrix._walk(get_resolver().url_patterns)
    }
    for route, parameters in sorted(route_matrix.discover_pages().items()):
        user_key = _opener(route)
        if not everything and route not in PAGE_TYPES:
            continue
        if user_key is None or route in FILE_NAMES | NOT_PAGES or FILE_ROUTE.search(routes[route]):
            continue
        try:
            url = reverse(route, kwargs=matrix.kwargs(parameters))
        except (AssertionError, NoReverseMatch, KeyError) as error:
            print(f"axe: {route} not opened: no value for its URL ({error})")
            continue
        if user_key != "anon" and user_key not in sessions:
            client = Client()
            client.force_login(user_of(matrix.world, user_key))
            sessions[user_key] = client.cookies[settings.SESSION_COOKIE_NAME].value
        visits.append(Visit(route, url, user_key))
    by_route = {visit.route: visit for visit in visits}
    visits += [
        Visit(route, by_route[route].url, by_route[route].user_key, "ar")
        for route in ARABIC
        if route in by_route
    ]
    return visits, sessions


AXE_RUN = """async () => {
  const result = await axe.run(document, {
    resultTypes: ["violations"],
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: " + n.failureSummary),
  }));
}"""


def _describe(visit: Visit, violation: dict[str, Any]) -> str:
    nodes = "\n      ".join(violation["nodes"])
    return (
        f"{visit.route} [{visit.user_key}, {visit.language}] {violation['impact']} "
        f"{violation['id']}: {violation['help']}\n      {nodes}"
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_page_has_no_serious_or_critical_axe_violation(live_server: Any) -> None:
    require_browser()
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    start = time.monotonic()
    matrix = build_matrix_world()
    everything = os.environ.get("WELCOMEHUB_AXE_ALL") == "1"
    visits, sessions = plan_visits(matrix, everything=everything)
    print(f"axe: world built and {len(visits)} pages planned in {time.monotonic() - start:.1f} s")
    base = str(live_server)
    groups: dict[tuple[str, str], list[Visit]] = defaultdict(list)
    for visit in visits:
        groups[(visit.user_key, visit.language)].append(visit)

    checked: set[str] = set()
    axe_seconds, opened = 0.0, 0
    blocking: list[str] = []
    minor: list[str] = []
    with sync_playwright() as p:
        browser = launch(p)
        try:
            for (user_key, language), group in groups.items():
                context = browser.new_context(
                    viewport={"width": 1280, "height": 900}, bypass_csp=True
                )
                cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}]
                if user_key != "anon":
                    cookies.append(
                        {
                            "name": settings.SESSION_COOKIE_NAME,
                            "value": sessions[user_key],
                            "url": base,
                        }
                    )
                context.add_cookies(cookies)
                page = context.new_page()
                page.set_default_timeout(20_000)
                for visit in group:
                    try:
                        response = page.goto(base + visit.url, wait_until="load")
                    except PlaywrightError as error:  # a download, or an error status
                        print(f"axe: {visit.route} skipped: {error.message.splitlines()[0]}")
                        continue
                    assert response is not None
                    kind = response.headers.get("content-type", "")
                    if response.status != 200 or "text/html" not in kind:
                        print(f"axe: {visit.route} skipped: {response.status} {kind}")
                        continue
                    checked.add(visit.route)
                    opened += 1
                    loaded = time.monotonic()
                    page.add_script_tag(path=str(AXE))
                    violations = page.evaluate(AXE_RUN)
                    axe_seconds += time.monotonic() - loaded
                    for violation in violations:
                        line = _describe(visit, violation)
                        (blocking if violation["impact"] in BLOCKING else minor).append(line)
                    if any(v["impact"] in BLOCKING for v in violations):
                        SHOTS.mkdir(parents=True, exist_ok=True)
                        name = f"{visit.route.replace(':', '-')}-{visit.language}.png"
                        page.screenshot(path=str(SHOTS / name), full_page=True)
                context.close()
        finally:
            browser.close()

    print("axe: opened as", ", ".join(sorted({user for user, _language in groups})))
    print(
        f"axe-core checked {opened} pages in {time.monotonic() - start:.1f} s "
        f"(axe itself {axe_seconds:.1f} s)"
    )
    missing = PAGE_TYPES - checked
    assert not missing, f"pages the accessibility check must open but did not: {missing}"
    for line in minor:
        print("minor:", line)
    assert not blocking, "serious or critical accessibility violations:\n" + "\n".join(blocking)
