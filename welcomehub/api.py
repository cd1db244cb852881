"""The JSON API: one NinjaAPI, each app adds its router (OpenAPI at /api/openapi.json)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.parser import Parser
from ninja.security import APIKeyCookie, HttpBearer

from welcomehub.accounts.permissions import needs_two_factor
from welcomehub.accounts.services import token_authenticate


class BearerToken(HttpBearer):
    """`Authorization: Bearer wh_...`, a per-user token made by `welcomehub token create`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(raw=token)
        if user is not None:
            request.user = user
        return user


class SessionCookie(APIKeyCookie):
    """The browser's signed-in session, with CSRF protection on writes."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        if needs_two_factor(user) and not getattr(user, "is_verified", bool)():
            return None
        return user


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


class TextParser(Parser):
    """JSON bodies, refusing NUL characters: no text we keep may hold one (PostgreSQL
    cannot store it), so such a body is a 400, never a 500."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if _holds_nul(data):
            raise ValueError("NUL characters are not accepted")
        return data


api = NinjaAPI(
    parser=TextParser(),
    title="Welcome Hub API",
    version="1",
    description=(
        "Welcome Hub: organisations, programmes, households and consent, the exchange, "
        "outcomes, evaluation, services and referrals, volunteering, sponsorship and "
        "community life. Every route checks the caller's role and organisation."
    ),
    auth=[BearerToken(), SessionCookie(csrf=True)],
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail: Any = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=422)


def _register() -> None:
    from welcomehub.accounts.api import router as accounts_router
    from welcomehub.community.api import router as community_router
    from welcomehub.connections.api import router as connections_router
    from welcomehub.evaluation.api import router as evaluation_router
    from welcomehub.exchange.api import router as exchange_router
    from welcomehub.outcomes.api import router as outcomes_router
    from welcomehub.people.api import router as people_router
    from welcomehub.programmes.api import router as programmes_router
    from welcomehub.programmes.api_services import router as services_router
    from welcomehub.sponsorship.api import router as sponsorship_router

    api.add_router("/", accounts_router)
    api.add_router("/", programmes_router)
    api.add_router("/", services_router)
    api.add_router("/", people_router)
    api.add_router("/exchange/", exchange_router)
    api.add_router("/outcomes/", outcomes_router)
    api.add_router("/evaluation/", evaluation_router)
    api.add_router("/sponsorship/", sponsorship_router)
    api.add_router("/community/", community_router)
    api.add_router("/connections/", connections_router)


_register()
