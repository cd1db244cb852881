"""A referral in a real Chromium: A's caseworker is refused without consent, sends it with
a reason, and B's caseworker, on a phone-sized screen, accepts it.

The world is built before Playwright starts and checked after it stops: Playwright's
sync API runs an event loop, inside which Django refuses synchronous database calls.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PASSWORD, build_world
from welcomehub.programmes.models import Referral
from welcomehub.programmes.tests.support import service_of
from welcomehub.tests.browser import launch, require_chromium


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_refused_without_consent_sent_with_a_reason_then_accepted(live_server: object) -> None:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    world = build_world()
    assert world.household_a is not None
    service = service_of(world, "b")
    base = str(live_server)
    reference = world.household_a.reference
    sender = world.users["caseworker"].get_username()
    receiver = world.users_b["caseworker"].get_username()

    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
            page.set_default_timeout(15_000)
            page.goto(base + reverse("accounts:login"))
            page.fill("#id_username", sender)
            page.fill("#id_password", PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.goto(base + reverse("people:household_detail", args=[reference]))
            page.get_by_role("link", name="Refer to a service").click()
            page.select_option("#id_service", str(service.pk))
            page.get_by_label("Amal Haddad").check()
            page.get_by_label("Languages spoken").check()
            page.get_by_role("button", name="Send the referral").click()
            expect(page.locator(".alert-danger")).to_contain_text("have not consented")
            page.fill("#id_override_reason", "Job interview on Monday")
            page.get_by_role("button", name="Send the referral").click()
            expect(page.locator(".alert-success")).to_contain_text("The referral was sent.")

            phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="en-GB")
            phone.set_default_timeout(15_000)
            phone.goto(base + reverse("accounts:login"))
            phone.fill("#id_username", receiver)
            phone.fill("#id_password", PASSWORD)
            phone.get_by_role("button", name="Sign in").click()
            phone.goto(base + reverse("referrals:list"))
            phone.get_by_role("link", name=reference).click()
            expect(phone.locator("main")).to_contain_text("Arabic")
            expect(phone.locator("main")).not_to_contain_text("Amal")
            phone.get_by_role("button", name="Accept").click()
            expect(phone.locator(".alert-success")).to_contain_text("status was changed")
        finally:
            browser.close()

    referral = Referral.objects.get()
    assert referral.status == "accepted"
    assert referral.override_reason == "Job interview on Monday"
