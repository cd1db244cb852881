"""Issue 7's journey in a real Chromium: a coordinator completes a short round, a reviewer
signs it off, and the coordinator sees the comparison with another programme and the
draft need the round produced in the exchange."""

from __future__ import annotations

import datetime
import re
import tempfile

import pytest
from django.test import override_settings
from django.urls import reverse

from conftest import PASSWORD, World, build_world
from welcomehub.accounts import services as accounts
from welcomehub.evaluation import imports, services
from welcomehub.evaluation.models import Framework, Round, RoundStatus
from welcomehub.exchange import services as exchange
from welcomehub.exchange.models import Need
from welcomehub.programmes import services as programmes
from welcomehub.tests.browser import launch, require_chromium

ROWS = [
    (1, ["area", "area_title", "code", "dimension", "tier", "text"]),
    (2, ["funding", "Funding", "f.1", "legal_framework", "essential", "The budget is committed"]),
    (3, ["funding", "Funding", "f.2", "policy", "fundamental", "Funding is multi-year"]),
    (4, ["housing", "Housing", "h.1", "implementation", "essential", "Housing before arrival"]),
]


def _setting(world: World) -> Framework:
    """A three-item national template, a signed-off shared round of B's own programme on
    it, and an open exchange round where A has a draft answer."""
    coordinator_b, reviewer_b = world.users_b["coordinator"], world.users_b["org_admin"]
    document = imports.parse(ROWS, code="short", version="1", title="Short national template")
    framework = services.framework_import(
        actor=world.users["coordinator"], organisation=world.org_a, document=document
    )
    other = programmes.programme_create(
        actor=None,
        name="Porto Local Welcome",
        kind="national",
        country="PT",
        area=world.other_place,
        lead=world.org_b,
        places=[world.other_place],
    )
    evaluation_round = services.round_open(
        actor=coordinator_b,
        programme=other,
        framework=framework,
        title="Porto 2026",
        assessed_on=datetime.date(2026, 5, 1),
        resettlement_context="emerging",
    )
    services.answers_save(
        actor=coordinator_b,
        evaluation_round=evaluation_round,
        answers={c: services.AnswerInput(value=100) for c in ("f.1", "f.2", "h.1")},
    )
    services.round_submit(actor=coordinator_b, evaluation_round=evaluation_round)
    services.round_sign_off(actor=reviewer_b, evaluation_round=evaluation_round, shared=True)
    # A's coordinator also speaks for A in the exchange
    accounts.membership_add(
        actor=None,
        user=world.users["coordinator"],
        organisation=world.org_a,
        role_code="focal_point",
    )
    exchange.round_open(
        actor=world.users["coordinator"],
        organisation=world.org_a,
        title="Exchange 2026",
        period_start=datetime.date(2026, 9, 1),
        period_end=datetime.date(2027, 8, 31),
        questionnaire_version="1",
        invited=[world.org_a, world.org_b],
    )
    return framework


def _sign_in(page: object, base: str, username: str) -> None:
    page.goto(base + reverse("accounts:login"))  # type: ignore[attr-defined]
    page.fill("#id_username", username)  # type: ignore[attr-defined]
    page.fill("#id_password", PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_short_round_is_answered_signed_off_compared_and_feeds_the_exchange(
    live_server: object,
) -> None:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    world = build_world()
    framework = _setting(world)
    base = str(live_server)
    with (
        override_settings(WELCOMEHUB_EVIDENCE_DIR=tempfile.mkdtemp()),
        sync_playwright() as p,
    ):
        browser = launch(p)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
            page.set_default_timeout(15_000)
            _sign_in(page, base, world.users["coordinator"].get_username())
            page.get_by_role("link", name="Evaluation", exact=True).click()
            page.get_by_role("link", name=world.programme.name).click()
            page.select_option("#id_framework", str(framework.pk))
            page.fill("#id_title", "Short round")
            page.fill("#id_assessed_on", "2026-06-01")
            page.select_option("#id_resettlement_context", "emerging")
            page.get_by_role("button", name="Open the round").click()
            expect(page.locator("h1")).to_have_text("Short round")
            found = re.search(r"/rounds/(\d+)/", page.url)
            assert found is not None
            round_id = int(found.group(1))  # no database access inside Playwright's loop
            for area, scores in (("Funding", ["100", "0"]), ("Housing", ["50"])):
                page.get_by_role("link", name=area, exact=True).click()
                for index, score in enumerate(scores):
                    page.locator("select[name^=score_]").nth(index).select_option(score)
                page.get_by_role("button", name="Save the answers").click()
                expect(page.locator(".alert-success")).to_be_visible()
            page.get_by_role("button", name="Hand to a reviewer").click()
            expect(page.locator(".alert-success")).to_contain_text("reviewer")

            reviewer = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
            reviewer.set_default_timeout(15_000)
            _sign_in(reviewer, base, world.users["org_admin"].get_username())
            reviewer.goto(base + reverse("evaluation:round_detail", args=[round_id]))
            reviewer.check("#id_shared")
            reviewer.get_by_role("button", name="Sign off and lock").click()
            expect(reviewer.locator(".alert-success")).to_contain_text("signed off")

            page.goto(base + reverse("evaluation:compare"))
            expect(page.locator("table").first).to_contain_text("Porto Local Welcome")
            expect(page.locator("table").first).to_contain_text(world.programme.name)
            expect(page.locator("svg").first).to_be_visible()

            page.goto(base + reverse("evaluation:lessons", args=[round_id]))
            page.get_by_role("button", name="Add as drafts to the exchange").click()
            expect(page.locator(".alert-success")).to_contain_text("Draft needs")
            expect(page.locator("main")).to_contain_text("Sent to the exchange")
        finally:
            browser.close()

    evaluation_round = Round.objects.get(pk=round_id)
    assert evaluation_round.status == RoundStatus.SIGNED_OFF
    assert evaluation_round.scores["areas"] == {"funding": 50.0, "housing": 50.0}
    need = Need.objects.get(answer__organisation=world.org_a)
    assert "The budget is committed" not in need.description  # scored 100: no gap
    assert "Funding is multi-year" in need.description
