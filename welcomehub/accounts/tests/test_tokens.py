"""Personal API tokens: made on the command line or the tokens page, stored only as a
digest, usable as a Bearer token until revoked."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from conftest import World
from welcomehub.accounts import services
from welcomehub.accounts.models import ApiToken
from welcomehub.core.models import AuditAction, AuditEvent


def _create(username: str) -> str:
    out = io.StringIO()
    call_command("token", "create", "--user", username, stdout=out)
    return out.getvalue().strip()


def _bearer(raw: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _table_text() -> str:
    """Every value of every row of the API token table, as text."""
    table = connection.ops.quote_name(ApiToken._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608  # nosec B608 - identifiers from model metadata, values bound
        return " ".join(str(value) for row in cursor.fetchall() for value in row)


def test_create_prints_a_token_stored_only_as_its_digest(world: World) -> None:
    """`token create` prints a wh_ token; the database holds its SHA-256 digest and
    nowhere the raw value or its secret part."""
    raw = _create("a-caseworker")
    assert raw.startswith("wh_")
    token = ApiToken.objects.get(user=world.users["caseworker"])
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    secret = raw.rsplit("_", 1)[1]
    text = _table_text()
    assert raw not in text
    assert secret not in text
    assert AuditEvent.objects.filter(action=AuditAction.TOKEN_CREATE, object_id=str(token.pk))


def test_token_authenticates_the_api(world: World) -> None:
    """The printed token signs API requests in as its user, and each use is audited."""
    raw = _create("a-caseworker")
    response = _bearer(raw).get("/api/me")
    assert response.status_code == 200
    assert response.json()["username"] == "a-caseworker"
    assert response.json()["memberships"] == [
        {"organisation_id": world.org_a.pk, "organisation": world.org_a.name, "role": "caseworker"}
    ]
    assert AuditEvent.objects.filter(action=AuditAction.TOKEN_USE).count() == 1
    assert ApiToken.objects.get().last_used_at is not None


def test_revoked_token_is_refused(world: World) -> None:
    """`token revoke --prefix` ends the token: the API answers 401."""
    raw = _create("a-caseworker")
    prefix = ApiToken.objects.get().prefix
    assert raw.startswith(f"wh_{prefix}_")
    out = io.StringIO()
    call_command("token", "revoke", "--prefix", prefix, stdout=out)
    assert "Revoked 1 token" in out.getvalue()
    assert _bearer(raw).get("/api/me").status_code == 401


def test_revoking_an_unknown_prefix_fails(world: World) -> None:
    """Revoking a prefix no active token has is an error."""
    with pytest.raises(CommandError):
        call_command("token", "revoke", "--prefix", "deadbeef")


def test_unknown_user_is_an_error(world: World) -> None:
    """`token create` for a user that does not exist fails and creates nothing."""
    with pytest.raises(CommandError):
        _create("nobody-here")
    assert not ApiToken.objects.exists()


def test_inactive_user_gets_no_token(world: World) -> None:
    """A deactivated account cannot be given a token."""
    user = world.users["caseworker"]
    user.is_active = False
    user.save()
    with pytest.raises(CommandError):
        _create("a-caseworker")


def test_token_of_a_deactivated_user_is_refused(world: World) -> None:
    """A token stops working when its user is deactivated."""
    raw = _create("a-caseworker")
    type(world.users["caseworker"]).objects.filter(username="a-caseworker").update(is_active=False)
    assert _bearer(raw).get("/api/me").status_code == 401


def test_bad_credentials_are_refused(world: World) -> None:
    """A forged, malformed or missing token gets 401."""
    for header in ("Bearer wh_0000_forged", "Bearer not-a-token", "Basic YTpi"):
        assert Client(HTTP_AUTHORIZATION=header).get("/api/me").status_code == 401, header
    assert Client().get("/api/me").status_code == 401


def test_tokens_page_creates_a_token_for_the_signed_in_user(world: World) -> None:
    """The tokens page shows a new token once and stores it for the signed-in user."""
    client = world.client(world.users["caseworker"])
    response = client.post("/accounts/tokens/", {"name": "reporting script"})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert token.user == world.users["caseworker"]
    assert token.name == "reporting script"
    raw = response.context["new_token"]
    assert raw in response.content.decode()
    assert _bearer(raw).get("/api/me").json()["username"] == "a-caseworker"
    assert raw not in client.get("/accounts/tokens/").content.decode()


def test_tokens_page_lists_only_own_tokens(world: World) -> None:
    """A user's token page does not list another user's tokens."""
    services.token_create(actor=None, user=world.users["coordinator"], name="other-person")
    content = world.client(world.users["caseworker"]).get("/accounts/tokens/").content.decode()
    assert "other-person" not in content


def test_tokens_page_revokes_own_token(world: World) -> None:
    """Revoking one's own token from the page ends it."""
    token, raw = services.token_create(actor=None, user=world.users["caseworker"], name="x")
    client = world.client(world.users["caseworker"])
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert _bearer(raw).get("/api/me").status_code == 401


def test_revoking_another_users_token_is_404(world: World) -> None:
    """Another user's token id gives 404 and the token keeps working."""
    token, raw = services.token_create(actor=None, user=world.users["coordinator"], name="x")
    response = world.client(world.users["caseworker"]).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert _bearer(raw).get("/api/me").status_code == 200


def test_tokens_page_needs_sign_in(world: World) -> None:
    """Anonymous visitors are sent to sign in and cannot create tokens."""
    response = world.client(None).post("/accounts/tokens/", {"name": "x"})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()
