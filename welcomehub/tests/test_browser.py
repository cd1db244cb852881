"""A caseworker's journey in a real Chromium: sign in, record a consent, switch to Arabic.

The world is built before Playwright starts and checked after it stops: Playwright's
sync API runs an event loop, inside which Django refuses synchronous database calls.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from conftest import PASSWORD, build_world
from welcomehub.people.models import Consent
from welcomehub.tests.browser import launch, require_chromium


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_caseworker_records_consent_then_reads_arabic(live_server: object) -> None:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    world = build_world()
    assert world.household_a is not None
    assert world.head_a is not None
    base = str(live_server)
    reference, head_id = world.household_a.reference, world.head_a.pk
    caseworker = world.users["caseworker"].get_username()
    detail_url = reverse("people:household_detail", kwargs={"reference": reference})

    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
            page.set_default_timeout(15_000)
            page.goto(base + reverse("accounts:login"))
            page.fill("#id_username", caseworker)
            page.fill("#id_password", PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            expect(page.locator("nav")).to_contain_text(caseworker)

            page.get_by_role("link", name="Households", exact=True).click()
            page.get_by_role("link", name=reference).click()
            expect(page.locator("h1")).to_contain_text(reference)

            head_row = page.locator(f"tr[data-person='{head_id}']")
            head_row.get_by_role("link", name="Record consent").click()
            expect(page.locator("h1")).to_contain_text("Record consent")
            page.select_option("#id_purpose", "matching")
            page.select_option("#id_method", "verbal")
            page.locator("main form").get_by_role("button", name="Record consent").click()

            expect(page.locator(".alert-success")).to_contain_text("The consent was recorded.")
            expect(page).to_have_url(re.compile(re.escape(detail_url) + "$"))
            consents = head_row.locator("li").filter(has_text="Matching with sponsors")
            expect(consents).to_have_count(1)
            expect(consents.locator(".badge")).to_have_text("Given")

            with page.expect_navigation():
                page.select_option("#wh-language", "ar")
            expect(page.locator("html")).to_have_attribute("dir", "rtl")
            expect(page.locator("html")).to_have_attribute("lang", "ar")
            expect(page.locator("h1")).to_contain_text(reference)
        finally:
            browser.close()

    consent = Consent.objects.get(person_id=head_id, purpose="matching")
    assert consent.withdrawn_at is None
    assert consent.recorded_by == world.users["caseworker"]
