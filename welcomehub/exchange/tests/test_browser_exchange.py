"""The exchange in a real Chromium: a focal point submits an answer, the coordinator sees
it on the chart and proposes an introduction, and both sides accept it.

The world is built before Playwright starts and checked after it stops: Playwright's
sync API runs an event loop, inside which Django refuses synchronous database calls.
Each person has a browser context of their own (their own session cookie).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from conftest import PASSWORD, build_world
from welcomehub.exchange import services
from welcomehub.exchange.models import Introduction, IntroductionStatus
from welcomehub.tests.browser import launch, require_chromium

NEED = "Training for staff who find homes for large resettled families"


def _sign_in(browser: Any, base: str, username: str) -> Any:
    from playwright.sync_api import expect

    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    page.set_default_timeout(20_000)
    page.goto(base + reverse("accounts:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("nav")).to_contain_text(username)
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_answer_chart_introduction_accepted(live_server: object) -> None:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    world = build_world()
    coordinator = world.users["coordinator"]
    fp_a, fp_b = world.users["focal_point"], world.users_b["focal_point"]
    for user, email in ((fp_a, "focal-a@example.org"), (fp_b, "focal-b@example.org")):
        user.email = email
        user.save(update_fields=["email"])
    survey_round = services.round_open(
        actor=coordinator,
        organisation=world.org_a,
        title="Integration exchange 2026",
        period_start=datetime.date(2026, 9, 1),
        period_end=datetime.date(2027, 8, 31),
        questionnaire_version="1",
        invited=[world.org_a, world.org_b],
    )
    answer_b = survey_round.answers.get(organisation=world.org_b)
    services.offer_add(
        actor=fp_b,
        answer=answer_b,
        kind="training",
        topics=["housing"],
        languages=["pt"],
        description="Housing search training for caseworkers of large families",
    )
    services.answer_submit(actor=fp_b, answer=answer_b)
    base = str(live_server)
    round_url = base + reverse("exchange:round_detail", args=[survey_round.pk])

    with sync_playwright() as p:
        browser = launch(p)
        try:
            # A's focal point adds a need and submits the answer
            page = _sign_in(browser, base, fp_a.get_username())
            page.goto(round_url)
            page.get_by_role("link", name="Answer", exact=True).click()
            page.locator("summary", has_text="Add a need").click()
            need_form = page.locator("form[action$='/needs/']")
            need_form.locator("select[name=topics]").select_option("housing")
            need_form.locator("textarea[name=description]").fill(NEED)
            need_form.get_by_role("button", name="Add the need").click()
            expect(page.locator("main")).to_contain_text(NEED)
            page.get_by_role("button", name="Submit the answer").click()
            expect(page.locator("main")).to_contain_text("Submitted")

            # the coordinator sees it on the chart and proposes an introduction
            chief = _sign_in(browser, base, coordinator.get_username())
            chief.goto(round_url)
            chief.get_by_role("link", name="Chart of needs and opportunities").click()
            expect(chief.locator("main")).to_contain_text(NEED)
            expect(chief.locator("main")).to_contain_text("Welcome Network A")
            chief.get_by_role("link", name="Suggested matches").click()
            row = chief.locator("tr", has_text=NEED)
            row.get_by_role("button", name="Propose an introduction").click()
            chief.goto(round_url)
            chief.get_by_role("link", name="Welcome Network A ↔ Community Partner B").click()
            expect(chief.locator("main")).to_contain_text("Proposed")

            # the side with the offer accepts, then the side with the need
            for user in (fp_b, fp_a):
                side = _sign_in(browser, base, user.get_username())
                side.goto(round_url)
                side.get_by_role("link", name="Welcome Network A ↔ Community Partner B").click()
                side.get_by_role("button", name="Accept the introduction").click()
            expect(side.locator("main")).to_contain_text("focal-b@example.org")
        finally:
            browser.close()

    introduction = Introduction.objects.get(round=survey_round)
    assert introduction.status == IntroductionStatus.ACCEPTED
    assert introduction.proposed_by == coordinator
    assert introduction.need.description == NEED
