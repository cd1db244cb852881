#!/usr/bin/env python3
"""Screenshots of a running demo for the documentation (docs/screenshots/*.png).

Start the demo, then point this script at it with the demo password it printed:

    WELCOMEHUB_DEMO_PASSWORD=demo-password-1 .venv/bin/welcomehub demo --port 8050 &
    .venv/bin/python scripts/screenshots.py demo-password-1 --base-url http://127.0.0.1:8050

It drives Debian's Chromium (/usr/bin/chromium) through Playwright and signs in as
demo-caseworker, demo-coordinator, demo-admin, demo-analyst and demo-refugee, and opens
the public pages without an account; it only reads, nothing is changed. Pass --only
NAME ... to take some of the groups of shots again.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
NATIONAL = "Portugal National Resettlement Programme"
HOUSEHOLDS_TO_TRY = 25  # how many households to open looking for one with consents


def _page(browser: Browser, *, phone: bool = False) -> Page:
    if phone:
        context = browser.new_context(
            viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True
        )
    else:
        context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def _shoot(page: Page, name: str) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(OUT / name))
    print(f"{OUT / name}")


def _sign_in(
    browser: Browser, base: str, username: str, password: str, *, phone: bool = False
) -> Page:
    page = _page(browser, phone=phone)
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main form").get_by_role("button").click()
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        raise SystemExit(f"could not sign in as {username}: check the demo password")
    return page


def _household_with_consents(page: Page, base: str) -> str:
    """The URL of the first listed household where someone has given consent."""
    page.goto(f"{base}/households/")
    links = page.locator("main table tbody a").evaluate_all("els => els.map(e => e.href)")
    for url in links[:HOUSEHOLDS_TO_TRY]:
        page.goto(url)
        if page.locator("main .badge.text-bg-success").count():
            return str(url)
    raise SystemExit("no household with a consent among the first households of the list")


def caseworker(browser: Browser, base: str, password: str) -> None:
    page = _sign_in(browser, base, "demo-caseworker", password)
    page.goto(f"{base}/households/")
    _shoot(page, "households.png")
    household = _household_with_consents(page, base)
    page.goto(household)
    _shoot(page, "household.png")
    page.locator("main a[href$='/consents/new/']").first.click()
    page.wait_for_load_state()
    _shoot(page, "consent.png")
    page.goto(household)
    with page.expect_navigation():
        page.select_option("#wh-language", "ar")
    if page.locator("html").get_attribute("dir") != "rtl":
        raise SystemExit("the household page did not switch to right-to-left Arabic")
    _shoot(page, "household-ar.png")
    with page.expect_navigation():
        page.select_option("#wh-language", "en")
    progress = _progress_with_follow_up(page, base)
    page.goto(progress)
    _shoot(page, "progress.png")
    page.context.close()


def _progress_with_follow_up(page: Page, base: str) -> str:
    """The progress page of the first listed person with a baseline and a follow-up."""
    page.goto(f"{base}/households/")
    links = page.locator("main table tbody a").evaluate_all("els => els.map(e => e.href)")
    for url in links[:HOUSEHOLDS_TO_TRY]:
        page.goto(url)
        for href in page.locator("main a[href*='/progress/']").evaluate_all(
            "els => els.map(e => e.href)"
        ):
            page.goto(href)
            if page.locator("main svg").count() and "6 months" in page.content():
                return str(href)
    raise SystemExit("no person with a follow-up among the first households of the list")


def coordinator(browser: Browser, base: str, password: str) -> None:
    page = _sign_in(browser, base, "demo-coordinator", password)
    page.goto(f"{base}/programmes/")
    page.locator("main table tbody a").first.click()
    page.wait_for_load_state()
    page.evaluate("document.getElementById('matrix').scrollIntoView({block: 'start'})")
    _shoot(page, "matrix.png")
    page.goto(f"{base}/exchange/rounds/")
    page.locator("main table tbody a").first.click()
    page.wait_for_load_state()
    round_url = page.url.rstrip("/")
    page.goto(f"{round_url}/chart/")
    _shoot(page, "exchange-chart.png")
    page.goto(f"{round_url}/suggestions/")
    _shoot(page, "exchange-suggestions.png")
    page.context.close()


def _switch_language(page: Page, code: str) -> None:
    if not page.locator("#wh-language").is_visible():  # a phone: open the menu first
        page.locator(".navbar-toggler").click()
        page.locator("#wh-language").wait_for(state="visible")
    with page.expect_navigation():
        page.select_option("#wh-language", code)
    if code in {"ar", "fa-af"} and page.locator("html").get_attribute("dir") != "rtl":
        raise SystemExit(f"{page.url} did not switch to right-to-left ({code})")


def _national_id(page: Page, base: str) -> str:
    """The id of the national programme, read from the programmes list."""
    page.goto(f"{base}/programmes/")
    href = page.get_by_role("link", name=NATIONAL).first.get_attribute("href") or ""
    return href.rstrip("/").rsplit("/", 1)[-1]


def placement(browser: Browser, base: str, password: str) -> None:
    page = _sign_in(browser, base, "demo-coordinator", password)
    programme = _national_id(page, base)
    page.goto(f"{base}/placement/programmes/{programme}/")
    runs = page.locator("main a[href*='/placement/runs/']").evaluate_all(
        "els => els.map(e => e.href)"
    )
    if not runs:
        raise SystemExit("the national programme has no placement run")
    page.goto(runs[0])
    _shoot(page, "placement-run.png")
    page.context.close()


def connections(browser: Browser, base: str, password: str) -> None:
    """Volunteers (demo-volunteers, a volunteer coordinator) and sponsorship."""
    page = _sign_in(browser, base, "demo-volunteers", password)
    page.goto(f"{base}/connections/volunteers/")
    _shoot(page, "volunteers.png")
    page.context.close()
    page = _sign_in(browser, base, "demo-coordinator", password)
    page.goto(f"{base}/sponsorship/")
    _shoot(page, "sponsorship.png")
    page.context.close()


def analyst(browser: Browser, base: str, password: str) -> None:
    page = _sign_in(browser, base, "demo-analyst", password)
    page.goto(f"{base}/evaluation/compare/")
    _shoot(page, "evaluation-compare.png")
    page.context.close()


def public(browser: Browser, base: str, password: str) -> None:
    """Pages anyone can open without an account."""
    page = _sign_in(browser, base, "demo-coordinator", password)
    programme = _national_id(page, base)
    page.context.close()
    page = _page(browser)
    page.goto(f"{base}/services/")
    _shoot(page, "services.png")
    page.goto(f"{base}/feedback/p/{programme}/board/")
    _shoot(page, "feedback-board.png")
    page.goto(f"{base}/community/calendar/")
    _shoot(page, "community-calendar.png")
    page.context.close()
    page = _page(browser, phone=True)
    page.goto(f"{base}/feedback/p/{programme}/")
    _switch_language(page, "uk")
    _shoot(page, "feedback-form-uk-phone.png")
    page.context.close()


def refugee(browser: Browser, base: str, password: str) -> None:
    """The refugee portal on a phone, in Arabic. The demo refugee signs in here with the
    demo password; families sign in with a one-time code at /portal/sign-in/."""
    page = _page(browser, phone=True)
    page.goto(f"{base}/portal/sign-in/")
    _switch_language(page, "ar")
    _shoot(page, "portal-sign-in-ar-phone.png")
    page.context.close()
    page = _sign_in(browser, base, "demo-refugee", password, phone=True)
    page.goto(f"{base}/my/")
    _switch_language(page, "ar")
    _shoot(page, "portal-ar-phone.png")
    page.goto(f"{base}/my/plan/")
    _shoot(page, "portal-plan-ar-phone.png")
    page.context.close()


def admin(browser: Browser, base: str, password: str) -> None:
    page = _sign_in(browser, base, "demo-admin", password)
    page.goto(f"{base}/accounts/roles/")
    _shoot(page, "roles.png")
    page.context.close()


def login(browser: Browser, base: str) -> None:
    page = _page(browser)
    page.goto(f"{base}/accounts/login/")
    if not page.locator(".wh-demo-accounts").count():
        raise SystemExit("the login page lists no demo accounts: is this a demo?")
    _shoot(page, "login.png")
    page.context.close()


GROUPS = {
    "caseworker": caseworker,
    "coordinator": coordinator,
    "admin": admin,
    "placement": placement,
    "connections": connections,
    "analyst": analyst,
    "public": public,
    "refugee": refugee,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("password", help="the demo password (printed by `welcomehub demo`)")
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument(
        "--only", nargs="+", choices=["login", *sorted(GROUPS)], help="groups of shots to take"
    )
    args = parser.parse_args(argv)
    base = args.base_url.rstrip("/")
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: run `make browser-deps`", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            if not args.only or "login" in args.only:
                login(browser, base)
            for name, shots in GROUPS.items():
                if not args.only or name in args.only:
                    shots(browser, base, args.password)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
