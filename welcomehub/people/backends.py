"""Sign-in with a portal code (see people/portal.py), as a Django authentication backend."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from welcomehub.people.portal import portal_redeem


class PortalCodeBackend(ModelBackend):
    """Answers only calls that carry a `portal_code`; every other sign-in passes by."""

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, portal_code: str | None = None, **kwargs: Any
    ) -> Any:
        if portal_code is None:
            return None
        redeemed = portal_redeem(code=portal_code)
        if redeemed is None:
            return None
        user, invitation = redeemed
        if not self.user_can_authenticate(user):
            return None
        # The sign-in view sets the interface to the language the invitation was made in.
        user.portal_language = invitation.language  # type: ignore[attr-defined]
        return user
