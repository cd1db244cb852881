"""Every supported language renders, right-to-left exactly where the script is, and
the choice made in the language switcher outlives the browser's Accept-Language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.translation import to_locale

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "fr", "es", "ar", "uk", "fa-af"]
RTL = {"ar", "fa-af"}
RTL_CSS = "bootstrap.rtl.min.css"
HTML_TAG = re.compile(r'<html lang="([^"]+)" dir="([^"]+)">')
HEADING = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


def _catalogue(language: str) -> Path | None:
    for base in settings.LOCALE_PATHS:
        path = Path(base) / to_locale(language) / "LC_MESSAGES" / "django.mo"
        if path.exists():
            return path
    return None


@pytest.fixture
def catalogues() -> None:
    missing = [lang for lang in LANGUAGES if lang != "en" and _catalogue(lang) is None]
    if missing:
        pytest.skip(
            f"compiled catalogues missing for {missing}: another engineer is writing "
            "locale/*/LC_MESSAGES/django.po; `make messages` compiles them before tests run"
        )


def _login_page(client: Client, accept_language: str) -> str:
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 200
    return response.content.decode()


def _html_tag(page: str) -> tuple[str, str]:
    match = HTML_TAG.search(page)
    assert match, "no <html lang=... dir=...> tag"
    return match.group(1), match.group(2)


def _heading(page: str) -> str:
    match = HEADING.search(page)
    assert match, "no <h1> on the page"
    return match.group(1).strip()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_speaks_the_browsers_language(language: str, catalogues: None) -> None:
    page = _login_page(Client(), language)
    lang, direction = _html_tag(page)
    assert lang.lower() == language
    assert direction == ("rtl" if language in RTL else "ltr")
    assert (RTL_CSS in page) == (language in RTL)


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_sign_in_is_translated(language: str, catalogues: None) -> None:
    english = _heading(_login_page(Client(), "en"))
    assert english == "Sign in"
    translated = _heading(_login_page(Client(), language))
    assert translated
    assert translated != english


def test_the_switcher_choice_beats_accept_language(catalogues: None) -> None:
    client = Client()
    response = client.post(
        reverse("set_language"),
        {"language": "ar", "next": reverse("accounts:login")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    page = _login_page(client, "en")
    assert _html_tag(page) == ("ar", "rtl")
    assert RTL_CSS in page
    assert _heading(page) != "Sign in"
