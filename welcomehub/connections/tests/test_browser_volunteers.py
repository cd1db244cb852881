"""A volunteer's journey in a real Chromium on a phone-sized screen: they apply on the
public form; the coordinator records the interview, clears them (one-time password shown
once), suggests, approves and introduces a match; the volunteer signs in, replaces the
password and sees the household, its languages and the meeting place — never the
protection notes.

The database is used only between Playwright sessions: Playwright's sync API runs an
event loop, inside which Django refuses synchronous database calls.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from conftest import PASSWORD, build_world
from welcomehub.connections.models import Match, MatchStatus, Volunteer, VolunteerStatus
from welcomehub.tests.browser import launch, require_chromium

from .conftest import consent_matching, screen

PHONE = {"width": 390, "height": 844}


def _sign_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(base + reverse("accounts:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_volunteer_applies_is_cleared_matched_and_sees_the_match(live_server: object) -> None:
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    cache.clear()
    world = build_world()
    consent_matching(world)
    assert world.household_a is not None
    reference = world.household_a.reference
    base = str(live_server)
    coordinator = world.users["volunteer_coordinator"].get_username()

    # 1. The volunteer applies on a phone, without an account.
    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page(viewport=PHONE, locale="en-GB")
            page.set_default_timeout(15_000)
            page.goto(base + reverse("connections:apply", args=[world.org_a.pk]))
            expect(page.locator("h1")).to_have_text("Volunteer with us")
            page.fill("#id_given_name", "Sofia")
            page.fill("#id_family_name", "Costa")
            page.fill("#id_email", "sofia@example.org")
            page.select_option("#id_sex", "female")
            page.select_option("#id_place", label="Lisboa")
            page.select_option("#id_languages", ["ar", "pt"])
            page.check("input[name=availability][value=weekends]")
            page.check("input[name=interests][value=children_activities]")
            page.select_option("#id_role_wanted", "buddy")
            page.fill("#id_motivation", "I speak Arabic and know the city.")
            page.check("#id_consent")
            page.get_by_role("button", name="Send my application").click()
            expect(page.locator("h1")).to_have_text("Thank you for applying")
        finally:
            browser.close()

    volunteer = Volunteer.objects.get()
    assert volunteer.status == VolunteerStatus.APPLIED
    # References, clearance, training and agreements were recorded offline meanwhile;
    # the coordinator records the interview in the browser and clears.
    screen(world, volunteer)
    volunteer.interviews.all().delete()

    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
            page.set_default_timeout(15_000)
            _sign_in(page, base, coordinator, PASSWORD)
            page.get_by_role("link", name="Volunteers", exact=True).first.click()
            page.get_by_role("link", name=volunteer.reference).click()
            expect(page.locator(".alert-warning")).to_contain_text("An interview")
            interview = page.locator("form").filter(has=page.locator("button[value=interview]"))
            interview.locator("select[name=recommendation]").select_option("proceed")
            interview.locator("textarea[name=notes]").fill("Clear about boundaries")
            interview.get_by_role("button", name="Save").click()
            expect(page.locator(".alert-success")).to_contain_text("Saved.")
            page.locator("#clear-volunteer").click()
            expect(page.locator("h1")).to_have_text("Volunteer cleared")
            username = page.locator("#new-username").inner_text()
            password = page.locator("#new-password").inner_text()

            page.goto(base + reverse("connections:matches"))
            page.locator("#suggest-matches").click()
            card = page.locator(".card").filter(has_text=reference)
            expect(card).to_contain_text("Common language")
            expect(card).not_to_contain_text("Fled after threats")
            card.locator("input[name=meeting_place]").fill("Biblioteca de Alcântara")
            card.locator("input[name=share_first_name]").check()
            card.get_by_role("button", name="Approve").click()
            card = page.locator(".card").filter(has_text=reference)
            card.locator("input[name=household_told_how]").fill("By the caseworker, by phone")
            card.get_by_role("button", name="Introduce: tell the volunteer").click()
            expect(page.locator(".card").filter(has_text=reference)).to_contain_text(
                "Biblioteca de Alcântara"
            )
        finally:
            browser.close()

    # 3. The volunteer signs in on a phone, replaces the one-time password, sees the match.
    new_password = "Volunteer-Sees-2026!"
    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page(viewport=PHONE, locale="en-GB")
            page.set_default_timeout(15_000)
            _sign_in(page, base, username, password)
            page.fill("#id_old_password", password)
            page.fill("#id_new_password1", new_password)
            page.fill("#id_new_password2", new_password)
            page.get_by_role("button", name="Change password").click()
            page.goto(base + reverse("connections:my_volunteering"))
            match = page.locator(".volunteer-match")
            expect(match).to_contain_text(reference)
            expect(match).to_contain_text("Amal")
            expect(match).to_contain_text("Arabic")
            expect(match).to_contain_text("Biblioteca de Alcântara")
            expect(page.locator("main")).not_to_contain_text("Fled after threats")
            expect(page.locator("main")).not_to_contain_text("Haddad")
        finally:
            browser.close()

    match_row = Match.objects.get()
    assert match_row.status == MatchStatus.INTRODUCED
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.CLEARED
    assert volunteer.user is not None
    assert volunteer.user.username == username
