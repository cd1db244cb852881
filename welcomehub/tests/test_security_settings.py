"""Security settings and limits, asserted on real responses (issue 9; docs/threat-model.md).

Content Security Policy without 'unsafe-inline', cookie flags, HSTS, the sign-in and
portal-code lockouts (django-axes), the rate limits of the public forms, and the size and
type limits of every upload.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD, World
from welcomehub.connections.models import Volunteer
from welcomehub.core.models import AuditAction, AuditEvent
from welcomehub.evaluation import evidence_store
from welcomehub.evaluation import imports as bank_imports
from welcomehub.evaluation.models import Evidence
from welcomehub.exchange import forms as exchange_forms
from welcomehub.exchange import matching
from welcomehub.exchange.import_forms import AnswerFilesForm
from welcomehub.exchange.io import ExchangeInputError, read_entries_bytes
from welcomehub.feedback.models import Feedback

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _fresh_counters() -> Any:
    cache.clear()
    yield
    cache.clear()


# --- Content Security Policy and headers ------------------------------------------------


@pytest.mark.parametrize("url", ["/accounts/login/", "/services/", "/portal/sign-in/"])
def test_public_pages_carry_a_csp_without_unsafe_inline(world: World, url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_staff_pages_carry_the_csp_and_no_inline_script(world: World) -> None:
    response = world.client(world.users["caseworker"]).get("/")
    assert response.status_code == 200
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    html = response.content.decode()
    assert "<script>" not in html  # every script is a file (script-src 'self')
    assert ' style="' not in html


def test_hsts_is_sent_over_https_when_not_debug(world: World) -> None:
    assert not settings.DEBUG
    assert settings.SECURE_HSTS_SECONDS >= 31536000
    response = Client().get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in Client().get("/accounts/login/")


# --- cookies ----------------------------------------------------------------------------


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(world: World) -> None:
    """When not DEBUG (and not the demo), the cookies are Secure, HttpOnly and SameSite."""
    assert not settings.DEBUG
    assert not settings.WELCOMEHUB_DEMO
    client = Client()
    page = client.get("/accounts/login/", secure=True)
    csrf = page.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] is True
    assert csrf["httponly"] is True
    assert csrf["samesite"] == "Lax"
    response = client.post(
        "/accounts/login/", {"username": "a-caseworker", "password": PASSWORD}, secure=True
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert not session["expires"]  # ends with the browser
    assert settings.SESSION_COOKIE_AGE <= 30 * 60


def test_the_portal_language_cookie_is_secure(world: World) -> None:
    response = Client().get("/portal/sign-in/?lang=ar", secure=True)
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "ar"
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"


# --- lockouts and rate limits -----------------------------------------------------------


def test_sign_in_locks_after_the_configured_failures(world: World) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/accounts/login/", {"username": "a-admin", "password": "x"})
        assert response.status_code == 200
    locked = client.post("/accounts/login/", {"username": "a-admin", "password": "x"})
    assert locked.status_code == 429
    right = client.post("/accounts/login/", {"username": "a-admin", "password": PASSWORD})
    assert right.status_code == 429
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()
    # another account from elsewhere is not locked by these failures
    other = Client(REMOTE_ADDR="10.0.0.9")
    ok = other.post("/accounts/login/", {"username": "a-caseworker", "password": PASSWORD})
    assert ok.status_code == 302


def test_portal_code_entry_locks_after_the_configured_failures(world: World) -> None:
    client = Client()
    codes = [
        client.post("/portal/sign-in/", {"password": f"WRONG{i:03d}"}).status_code
        for i in range(settings.AXES_FAILURE_LIMIT + 1)
    ]
    assert codes[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert codes[settings.AXES_FAILURE_LIMIT - 1 :] == [429, 429]


def test_public_feedback_form_is_rate_limited(world: World) -> None:
    from welcomehub.feedback import views

    url = reverse("feedback:give", kwargs={"programme_id": world.programme.pk})
    client = Client()
    data = {"category": "services", "text": "Hello", "language": "en"}
    codes = [client.post(url, data).status_code for _ in range(views.PUBLIC_LIMIT + 2)]
    assert codes[: views.PUBLIC_LIMIT] == [302] * views.PUBLIC_LIMIT
    assert codes[views.PUBLIC_LIMIT :] == [429, 429]
    assert Feedback.objects.count() == views.PUBLIC_LIMIT
    # another address still gets through
    assert Client(REMOTE_ADDR="10.0.0.7").post(url, data).status_code == 302


def test_public_volunteer_application_is_rate_limited(world: World) -> None:
    from welcomehub.connections import views

    url = reverse("connections:apply", args=[world.org_a.pk])
    client = Client()
    codes = [client.post(url, {}).status_code for _ in range(views.PUBLIC_LIMIT + 2)]
    assert codes[: views.PUBLIC_LIMIT] == [400] * views.PUBLIC_LIMIT  # invalid, but counted
    assert codes[views.PUBLIC_LIMIT :] == [429, 429]
    assert Volunteer.objects.count() == 0


# --- upload size and type ---------------------------------------------------------------


def test_a_request_body_above_the_limit_is_refused(world: World) -> None:
    body = "text=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = Client().post(
        "/accounts/login/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440


def test_evidence_upload_refuses_oversize_and_wrong_type(world: World) -> None:
    from django.core.exceptions import ValidationError

    from welcomehub.evaluation import services
    from welcomehub.evaluation.tests.support import isolate_evidence, open_round

    isolate_evidence()
    answer = open_round(world).answers.first()
    assert answer is not None
    for name, content, words in (
        ("big.pdf", b"%PDF-" + b"0" * evidence_store.MAX_BYTES, "MB"),
        ("photo.pdf", PNG, ""),
        ("run.sh", b"#!/bin/sh\n", ""),
    ):
        with pytest.raises(ValidationError) as error:
            services.evidence_add(
                actor=world.users["coordinator"], answer=answer, filename=name, content=content
            )
        assert words in " ".join(error.value.messages)
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("form_class", [exchange_forms.ImportForm, AnswerFilesForm])
def test_exchange_imports_refuse_oversize_files(form_class: Any) -> None:
    big = SimpleUploadedFile("needs.csv", b"a" * (exchange_forms.MAX_UPLOAD + 1))
    form = form_class(data={}, files={"needs": big})
    assert not form.is_valid()
    assert "larger than 2 MB" in str(form.errors)


def test_exchange_imports_refuse_a_file_that_is_not_csv_or_xlsx() -> None:
    with pytest.raises(ExchangeInputError) as error:
        read_entries_bytes(PNG, matching.Need, "needs.csv")
    assert error.value.problems


def test_item_bank_import_refuses_oversize_and_wrong_type() -> None:
    with pytest.raises(bank_imports.ImportProblems, match="larger than"):
        bank_imports.read_table(b"a" * (bank_imports.MAX_BYTES + 1), "bank.csv")
    with pytest.raises(bank_imports.ImportProblems, match="not UTF-8"):
        bank_imports.read_table(PNG, "bank.csv")
    with pytest.raises(bank_imports.ImportProblems, match="not a readable XLSX"):
        bank_imports.read_table(io.BytesIO(PNG).getvalue(), "bank.xlsx")


def test_public_event_registration_is_rate_limited(world: World) -> None:
    from welcomehub.community import views_public
    from welcomehub.community.models import EventRegistration
    from welcomehub.community.tests.support import public_event

    event = public_event(world)
    url = reverse("community:public_event", kwargs={"public_event_id": event.pk})
    client = Client()
    limit = views_public.PUBLIC_LIMIT
    codes = [client.post(url, {}).status_code for _ in range(limit + 2)]
    assert 429 not in codes[:limit]  # invalid, but counted
    assert codes[limit:] == [429, 429]
    assert not EventRegistration.objects.filter(event=event).exists()
