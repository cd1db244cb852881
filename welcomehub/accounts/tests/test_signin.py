"""Signing in: every attempt is audited, repeated failures lock the account (django-axes),
and demo accounts are listed only in demo mode."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client, override_settings

from conftest import PASSWORD, World
from welcomehub.core.models import AuditAction, AuditEvent

LOGIN = "/accounts/login/"


def _sign_in(client: Client, username: str, password: str) -> Any:
    return client.post(LOGIN, {"username": username, "password": password})


def test_sign_in_writes_a_login_row(world: World) -> None:
    """A successful sign-in through the page signs the user in and is audited."""
    client = Client()
    response = _sign_in(client, "a-caseworker", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert event.actor == world.users["caseworker"]
    assert event.actor_username == "a-caseworker"


def test_sign_out_writes_a_logout_row(world: World) -> None:
    """Signing out ends the session and is audited."""
    client = world.client(world.users["caseworker"])
    assert client.post("/accounts/logout/").status_code == 302
    assert AuditEvent.objects.filter(
        action=AuditAction.LOGOUT, actor=world.users["caseworker"]
    ).exists()
    assert client.get("/").status_code == 302


def test_wrong_password_writes_login_failed_for_the_account(world: World) -> None:
    """A wrong password for a real account is recorded against that account, not as a
    sign-in, and the page says the sign-in failed."""
    client = Client()
    response = _sign_in(client, "a-caseworker", "not-the-password")
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.object_type == "accounts.user"
    assert event.object_id == str(world.users["caseworker"].pk)
    assert event.detail == {"known_account": True}
    assert "not-the-password" not in str(event.detail)
    assert client.get("/").status_code == 302


def test_unknown_account_leaves_no_trace_of_the_name(world: World) -> None:
    """A failed sign-in with an unknown name stores no user name anywhere in the row
    (a mistyped name can be a phone number or an e-mail address)."""
    _sign_in(Client(), "+351 999 888 777", "whatever-password")
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.actor is None
    assert event.actor_username == ""
    assert event.object_id == ""
    assert event.object_type == ""
    assert event.detail == {"known_account": False}


def test_account_locks_after_the_failure_limit(world: World) -> None:
    """After AXES_FAILURE_LIMIT wrong passwords even the right one is refused."""
    assert settings.AXES_FAILURE_LIMIT == 3
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "a-caseworker", "not-the-password")
    response = _sign_in(client, "a-caseworker", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()
    assert client.get("/").status_code == 302


def test_failures_below_the_limit_do_not_lock(world: World) -> None:
    """One failure fewer than the limit still lets the right password in."""
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, "a-caseworker", "not-the-password")
    assert _sign_in(client, "a-caseworker", PASSWORD).status_code == 302


def test_lockout_of_one_account_leaves_others_alone(world: World) -> None:
    """Locking one user name does not lock another user signing in from the same address."""
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "a-caseworker", "not-the-password")
    assert _sign_in(Client(), "a-coordinator", PASSWORD).status_code == 302


@override_settings(WELCOMEHUB_DEMO=True)
def test_demo_mode_lists_demo_accounts(world: World) -> None:
    """In demo mode the sign-in page lists the demo accounts."""
    content = Client().get(LOGIN).content.decode()
    assert "demo-caseworker" in content
    assert "Demo accounts" in content


@override_settings(WELCOMEHUB_DEMO=False)
def test_demo_accounts_hidden_outside_demo_mode(world: World) -> None:
    """Outside demo mode the sign-in page names no account."""
    response = Client().get(LOGIN)
    assert response.status_code == 200
    content = response.content.decode()
    assert "demo-caseworker" not in content
    assert "Demo accounts" not in content
