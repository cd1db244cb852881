"""The main journeys with the keyboard only (Tab, Shift+Tab, Enter, Space, arrows in a
list, typing), in a real Chromium: sign in, a caseworker records a consent, a refugee
gives feedback, a focal point adds a need to the exchange answer.

On the way every stop of the focus must be visible (an outline or a ring), the skip link
must lead into the page's main content, and Tab must reach each control of the form in
the order of the page.

The world is built before Playwright starts and checked after it stops: Playwright's
sync API runs an event loop, inside which Django refuses synchronous database calls.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD, build_world
from welcomehub.exchange.models import Need
from welcomehub.exchange.tests.support import build_exchange
from welcomehub.feedback.models import Feedback
from welcomehub.people.models import Consent
from welcomehub.tests.browser import launch
from welcomehub.tests.test_accessibility import require_browser

FEEDBACK = "The bus to the language school is always full"
NEED = "Interpreters for the first weeks at the housing office"

# What has the focus: a description, whether it is inside <main>, and whether its focus
# is drawn (an outline of some width, or a box-shadow ring) on an element with a size.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const ring = style.boxShadow && style.boxShadow !== "none";
  return {
    key: el.dataset.kb ?? null,
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || el.value || el.name || el.id || "").trim().slice(0, 60),
    inMain: !!el.closest("main"),
    visible: (outline || ring) && rect.width > 0 && rect.height > 0,
  };
}"""

# Numbers the controls of a form in the order Tab should reach them (a radio group is
# one stop: its checked button, or its first) and returns how many there are.
NUMBER_CONTROLS = """(form) => {
  const seen = new Set();
  const stops = [...form.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary"
  )].filter(el => !el.disabled && el.getClientRects().length > 0).filter(el => {
    if (el.type !== "radio") return true;
    if (seen.has(el.name)) return false;
    seen.add(el.name);
    return true;
  }).map(el => el.type === "radio"
    ? (form.querySelector(`input[name="${el.name}"]:checked`) || el) : el);
  stops.forEach((el, i) => { el.dataset.kb = String(i); });
  return stops.length;
}"""


# Puts the keyboard's starting point back at the top of the page, as on a fresh load (a
# page may have moved the focus into a field with autofocus).
TO_TOP = """() => {
  document.body.tabIndex = -1;
  document.body.focus();
  document.body.removeAttribute("tabindex");
}"""


def focused(page: Any) -> dict[str, Any]:
    state = page.evaluate(FOCUSED)
    assert state is not None, "the focus was lost (nothing focused)"
    assert state["visible"], f"the focus is not visible on {state}"
    return state


def tab(page: Any, *, back: bool = False) -> dict[str, Any]:
    page.keyboard.press("Shift+Tab" if back else "Tab")
    return focused(page)


def tab_to(page: Any, text: str, *, limit: int = 80) -> dict[str, Any]:
    """Tab forward until the focus is on a control whose text starts with `text`."""
    for _ in range(limit):
        state = tab(page)
        if state["text"].startswith(text):
            return state
    raise AssertionError(f"Tab never reached {text!r} in {limit} presses")


def skip_to_main(page: Any) -> None:
    """The first Tab of a page lands on the skip link; Enter on it, and the next Tab is in
    the main content."""
    page.evaluate(TO_TOP)
    first = tab(page)
    assert first["tag"] == "a", first
    assert first["text"] == "Skip to content", first
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert tab(page)["inMain"], "after the skip link, Tab did not go into <main>"


def walk_form(page: Any, form_selector: str) -> int:
    """Tab from before the form through every one of its controls in the page's order,
    then Shift+Tab back to the first; returns the number of controls."""
    count = page.eval_on_selector(form_selector, NUMBER_CONTROLS)
    assert count > 0, f"{form_selector} has no controls"
    state = focused(page) if page.evaluate("() => !!document.activeElement.dataset.kb") else {}
    for _ in range(80):
        if state.get("key") == "0":
            break
        state = tab(page)
    else:
        raise AssertionError(f"Tab never reached the first control of {form_selector}")
    for index in range(1, count):
        state = tab(page)
        assert state["key"] == str(index), f"control {index} of {form_selector}: got {state}"
    for index in range(count - 2, -1, -1):
        state = tab(page, back=True)
        assert state["key"] == str(index), f"Shift+Tab to control {index}: got {state}"
    return count


def choose(page: Any, option_value: str, *, limit: int = 40) -> None:
    """Move the focused <select> down with the arrow key until `option_value` is chosen."""
    for _ in range(limit):
        if page.evaluate("() => document.activeElement.value") == option_value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrow keys never chose {option_value!r}")


def focus_field(page: Any, field_id: str) -> None:
    """Tab (forward, wrapping once through the page) to the control with this id."""
    for _ in range(120):
        if page.evaluate("() => document.activeElement.id") == field_id:
            focused(page)
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{field_id}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_main_journeys_with_the_keyboard_only(live_server: Any) -> None:
    require_browser()
    from playwright.sync_api import expect, sync_playwright

    world = build_world()
    exchange = build_exchange(world)
    assert world.household_a is not None
    assert world.head_a is not None
    base = str(live_server)
    caseworker = world.users["caseworker"].get_username()
    head_name = world.head_a.given_name
    reference = world.household_a.reference
    give_url = base + reverse("feedback:give", kwargs={"programme_id": world.programme.pk})
    answer_url = base + reverse("exchange:answer_detail", kwargs={"answer_id": exchange.draft_a.pk})
    needs_before = Need.objects.filter(answer=exchange.draft_a).count()
    client = Client()
    client.force_login(world.users["focal_point"])
    focal_session = client.cookies[settings.SESSION_COOKIE_NAME].value

    with sync_playwright() as p:
        browser = launch(p)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.set_default_timeout(15_000)

            # 1. Sign in as the caseworker.
            page.goto(base + reverse("accounts:login"))
            skip_to_main(page)
            assert walk_form(page, "main form") >= 3
            focus_field(page, "id_username")
            page.keyboard.type(caseworker)
            tab(page)
            page.keyboard.type(PASSWORD)
            assert tab_to(page, "Sign in")["tag"] == "button"
            page.keyboard.press("Enter")
            expect(page.locator("nav")).to_contain_text(caseworker)

            # 2. The caseworker records a consent: household list, household, the form.
            skip_to_main(page)
            page.goto(base + reverse("people:household_list"))
            skip_to_main(page)
            tab_to(page, reference)
            page.keyboard.press("Enter")
            expect(page.locator("h1")).to_contain_text(reference)
            skip_to_main(page)
            row = f"tr[data-person='{world.head_a.pk}']"
            page.eval_on_selector(f"{row} a:text('Record consent')", "el => el.dataset.kb = 'go'")
            for _ in range(80):
                if tab(page)["key"] == "go":
                    break
            else:
                raise AssertionError("Tab never reached the head's 'Record consent' link")
            page.keyboard.press("Enter")
            expect(page.locator("h1")).to_contain_text("Record consent")
            skip_to_main(page)
            walk_form(page, "main form")
            focus_field(page, "id_purpose")
            choose(page, "matching")
            focus_field(page, "id_method")
            choose(page, "verbal")
            assert tab_to(page, "Record consent")["tag"] == "button"
            page.keyboard.press("Space")
            expect(page.locator(".alert-success")).to_contain_text("The consent was recorded.")
            expect(page.locator("main")).to_contain_text(head_name)

            # 3. A refugee gives feedback on the public form, without signing in.
            refugee = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
            refugee.set_default_timeout(15_000)
            refugee.goto(give_url)
            skip_to_main(refugee)
            walk_form(refugee, "main form")
            focus_field(refugee, "id_category")
            choose(refugee, "services")
            focus_field(refugee, "id_text")
            refugee.keyboard.type(FEEDBACK)
            assert tab_to(refugee, "Send")["tag"] == "button"
            refugee.keyboard.press("Enter")
            expect(refugee.locator(".alert-success")).to_be_visible()

            # 4. A focal point adds a need to the organisation's draft answer.
            focal = browser.new_context(viewport={"width": 1280, "height": 900})
            focal.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": focal_session, "url": base}]
            )
            fp = focal.new_page()
            fp.set_default_timeout(15_000)
            fp.goto(answer_url)
            skip_to_main(fp)
            summary = tab_to(fp, "Add a need")
            assert summary["tag"] == "summary"
            fp.keyboard.press("Enter")
            need_form = "details[open] form"
            expect(fp.locator(need_form)).to_be_visible()
            walk_form(fp, need_form)
            topics = fp.eval_on_selector(f"{need_form} select[name=topics]", "el => el.id")
            focus_field(fp, topics)
            fp.keyboard.press("Home")
            choose(fp, "housing")
            description = fp.eval_on_selector(
                f"{need_form} textarea[name=description]", "e => e.id"
            )
            focus_field(fp, description)
            fp.keyboard.type(NEED)
            assert tab_to(fp, "Add the need")["tag"] == "button"
            fp.keyboard.press("Enter")
            expect(fp.locator("main")).to_contain_text(NEED)
        finally:
            browser.close()

    assert Consent.objects.filter(person=world.head_a, purpose="matching").count() == 1
    assert Feedback.objects.filter(programme=world.programme).count() == 1
    assert Need.objects.filter(answer=exchange.draft_a).count() == needs_before + 1
