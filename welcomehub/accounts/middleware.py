"""Staff of organisations that require it must pass a TOTP check after signing in."""

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
        if (
            user.is_authenticated
            and not getattr(user, "is_verified", bool)()
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not request.path.startswith(reverse("accounts:two_factor"))
            and request.path != reverse("accounts:logout")
            and needs_two_factor(user)
        ):
            return redirect("accounts:two_factor")
        return self.get_response(request)
