"""Checks after sign-in: a one-time password must be replaced, and staff of
organisations that require it must pass a TOTP check."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from welcomehub.accounts.permissions import needs_two_factor

EXEMPT_PREFIXES = ("/static/", "/health/", "/i18n/", "/api/")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or request.path.startswith(EXEMPT_PREFIXES):
            return self.get_response(request)
        if request.path == reverse("accounts:logout"):
            return self.get_response(request)
        password_page = reverse("accounts:password_change")
        if getattr(user, "must_change_password", False) and request.path != password_page:
            return redirect(password_page)
        if (
            not getattr(user, "is_verified", bool)()
            and request.path != reverse("accounts:two_factor")
            and needs_two_factor(user)
        ):
            return redirect("accounts:two_factor")
        return self.get_response(request)
