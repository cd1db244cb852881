"""Issue 8's journey in a real Chromium: a refugee leaves anonymous feedback in Ukrainian,
the coordinator answers it and publishes it to the "you said, we did" board."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PASSWORD, build_world
from welcomehub.feedback.models import BoardPost, Feedback, FeedbackAuthor
from welcomehub.tests.browser import launch, require_chromium

TEXT = "Нам потрібен перекладач у поліклініці"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_anonymous_feedback_in_ukrainian_is_answered_and_published(live_server: object) -> None:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    world = build_world()
    base = str(live_server)
    give_url = base + reverse("feedback:give", kwargs={"programme_id": world.programme.pk})
    coordinator = world.users["coordinator"].get_username()

    with sync_playwright() as p:
        browser = launch(p)
        try:
            refugee = browser.new_page(viewport={"width": 390, "height": 844}, locale="uk-UA")
            refugee.set_default_timeout(15_000)
            refugee.goto(give_url)
            expect(refugee.locator("html")).to_have_attribute("lang", "uk")
            refugee.select_option("#id_category", "language_access")
            refugee.fill("#id_text", TEXT)
            refugee.select_option("#id_language", "uk")
            refugee.locator("main form button[type=submit]").click()
            expect(refugee.locator(".alert-success")).to_be_visible()

            staff = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
            staff.set_default_timeout(15_000)
            staff.goto(base + reverse("accounts:login"))
            staff.fill("#id_username", coordinator)
            staff.fill("#id_password", PASSWORD)
            staff.get_by_role("button", name="Sign in").click()
            staff.get_by_role("link", name="Feedback", exact=True).click()
            staff.get_by_role("link", name="Open").first.click()
            expect(staff.locator("blockquote")).to_contain_text(TEXT)
            expect(staff.locator("main")).to_contain_text("Anonymously")
            staff.fill("#id_response", "An interpreter is now booked with every appointment.")
            staff.get_by_role("button", name="Save the response").click()
            expect(staff.locator(".alert-success")).to_be_visible()
            staff.fill("#id_you_said", "There was no interpreter at the health centre.")
            staff.fill("#id_we_did", "Interpreters are booked with every appointment.")
            staff.select_option("#id_language", "en")
            staff.select_option("#id_other_language", "uk")
            staff.fill("#id_other_you_said", "У поліклініці не було перекладача.")
            staff.fill("#id_other_we_did", "Тепер перекладача замовляють на кожен прийом.")
            staff.get_by_role("button", name="Publish").click()
            expect(staff.locator("main")).to_contain_text("Published on the board.")

            refugee.goto(give_url + "board/")
            expect(refugee.locator("article")).to_contain_text(
                "Тепер перекладача замовляють на кожен прийом."
            )
            expect(refugee.locator("main")).not_to_contain_text(TEXT)
        finally:
            browser.close()

    feedback = Feedback.objects.get()
    assert feedback.language == "uk"
    assert feedback.status == "answered"
    assert not FeedbackAuthor.objects.exists()
    assert BoardPost.objects.get().texts["uk"]["we_did"].startswith("Тепер")
