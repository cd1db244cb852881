"""The refugee portal in a real Chromium: a refugee signs in with a one-time code,
switches to Arabic (right to left), updates a goal of the family's plan, and the
caseworker sees the update on the household page.

The world is built before Playwright starts and checked after it stops: Playwright's
sync API runs an event loop, inside which Django refuses synchronous database calls.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PASSWORD, build_world
from welcomehub.people import plans, portal
from welcomehub.people.models import FamilyActivity, Goal
from welcomehub.tests.browser import launch, require_chromium


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_refugee_updates_a_goal_in_arabic_and_the_caseworker_sees_it(
    live_server: object,
) -> None:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    world = build_world()
    assert world.household_a is not None
    assert world.head_a is not None
    caseworker = world.users["caseworker"]
    plan = plans.plan_open(actor=caseworker, household=world.household_a)
    goal = plans.goal_add(
        actor=caseworker, plan=plan, domain="work", description="Find work as an electrician"
    )
    _invitation, code = portal.portal_invite(actor=caseworker, person=world.head_a, language="en")
    base = str(live_server)
    detail_url = reverse("people:household_detail", args=[world.household_a.reference])

    with sync_playwright() as p:
        browser = launch(p)
        try:
            phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
            page = phone.new_page()
            page.set_default_timeout(15_000)
            page.goto(base + reverse("people:code_login"))
            page.fill("#id_password", portal.display_code(code).lower())
            page.locator("main form").get_by_role("button", name="Sign in").click()
            expect(page.locator("h1")).to_contain_text("My household")

            page.goto(base + reverse("people:my_plan"))
            page.locator(".navbar-toggler").click()  # a phone: the menu holds the languages
            with page.expect_navigation():
                page.select_option("#wh-language", "ar")
            expect(page.locator("html")).to_have_attribute("dir", "rtl")
            expect(page.locator("html")).to_have_attribute("lang", "ar")
            expect(page.locator(f"[data-goal='{goal.pk}']")).to_contain_text("electrician")

            page.locator(f"[data-goal='{goal.pk}'] a").first.click()
            page.select_option("#id_status", "in_progress")
            page.fill("#id_text", "أرسلت سيرتي الذاتية")
            page.locator("main form button[type=submit]").click()
            expect(page.locator(".alert-success")).to_be_visible()
            expect(page.locator("html")).to_have_attribute("dir", "rtl")

            desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
            staff = desk.new_page()
            staff.set_default_timeout(15_000)
            staff.goto(base + reverse("accounts:login"))
            staff.fill("#id_username", caseworker.get_username())
            staff.fill("#id_password", PASSWORD)
            staff.locator("main form").get_by_role("button", name="Sign in").click()
            expect(staff.locator("nav")).to_contain_text(caseworker.get_username())
            staff.goto(base + detail_url)
            expect(staff.locator("[data-family-activity]")).to_contain_text(
                "Updated a goal: In progress"
            )
            staff.goto(base + reverse("people:plan_detail", args=[plan.pk]))
            expect(staff.locator(f"[data-goal='{goal.pk}']")).to_contain_text("In progress")
        finally:
            browser.close()

    goal = Goal.objects.get(pk=goal.pk)
    assert goal.status == "in_progress"
    note = goal.notes.get()
    assert note.by_family
    assert note.text == "أرسلت سيرتي الذاتية"
    assert FamilyActivity.objects.filter(kind="goal_updated", user=world.users["refugee"]).exists()
