"""New colleagues: an organisation's administrator creates their account with a one-time
password, which must be replaced at first sign-in; operators bootstrap the first one."""

from __future__ import annotations

import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from conftest import World
from welcomehub.accounts.models import Membership, Organisation, User
from welcomehub.core.models import AuditEvent


def _page(world: World) -> str:
    return f"/accounts/organisations/{world.org_a.pk}/"


def _one_time_password(html: str) -> str:
    found = re.search(r'<code id="one-time-password">([^<]+)</code>', html)
    assert found, "the one-time password is shown once on the page"
    return found.group(1)


def test_admin_creates_an_account_that_must_change_its_password(world: World) -> None:
    """The new account gets the role, signs in with the one-time password and is sent
    to the password page until it chooses its own."""
    response = world.client(world.users["org_admin"]).post(
        _page(world),
        {"username": "new-caseworker", "role": "caseworker", "create_account": "on"},
    )
    assert response.status_code == 200
    password = _one_time_password(response.content.decode())
    user = User.objects.get(username="new-caseworker")
    assert user.must_change_password is True
    assert Membership.objects.filter(
        user=user, organisation=world.org_a, role="caseworker"
    ).exists()
    assert password not in str(list(AuditEvent.objects.values_list("detail", flat=True)))

    client = Client()
    signed = client.post("/accounts/login/", {"username": "new-caseworker", "password": password})
    assert signed.status_code == 302
    assert client.get("/households/")["Location"] == "/accounts/password/"
    response = client.post(
        "/accounts/password/",
        {
            "old_password": password,
            "new_password1": "a-brand-new-Passphrase-7",
            "new_password2": "a-brand-new-Passphrase-7",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.must_change_password is False
    assert client.get("/households/").status_code == 200


def test_a_weak_new_password_is_refused_and_nothing_changes(world: World) -> None:
    """The password rules apply to the replacement; the one-time password keeps working."""
    user = world.users["caseworker"]
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    client = world.client(user)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "a-Long-test-passphrase-42",
            "new_password1": "123",
            "new_password2": "123",
        },
    )
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    user.refresh_from_db()
    assert user.must_change_password is True
    assert user.check_password("a-Long-test-passphrase-42")


def test_creating_an_existing_user_name_is_refused(world: World) -> None:
    """A taken user name gives an error on the form and creates nothing."""
    before = Membership.objects.count()
    response = world.client(world.users["org_admin"]).post(
        _page(world), {"username": "a-caseworker", "role": "analyst", "create_account": "on"}
    )
    assert response.status_code == 200
    assert "exists already" in response.content.decode()
    assert Membership.objects.count() == before


def test_a_caseworker_cannot_create_accounts(world: World) -> None:
    """Only a holder of membership.manage may add members: others get 404, nothing made."""
    response = world.client(world.users["caseworker"]).post(
        _page(world), {"username": "intruder", "role": "org_admin", "create_account": "on"}
    )
    assert response.status_code == 404
    assert not User.objects.filter(username="intruder").exists()


@pytest.mark.django_db
def test_bootstrap_command_creates_organisation_and_admin(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The first organisation and administrator of a new instance, from the command line."""
    call_command(
        "create_organisation",
        "--name",
        "First NGO",
        "--type",
        "ngo",
        "--country",
        "pt",
        "--admin",
        "first-admin",
        "--platform-admin",
    )
    out = capsys.readouterr().out
    assert "One-time password for first-admin:" in out
    admin = User.objects.get(username="first-admin")
    roles = set(Membership.objects.filter(user=admin).values_list("role_id", flat=True))
    assert roles == {"org_admin", "platform_admin"}
    assert Organisation.objects.get(name="First NGO").country == "PT"


@pytest.mark.django_db
def test_bootstrap_command_refuses_an_unknown_type_and_creates_nothing() -> None:
    """A bad organisation type stops the command with status 2 and no rows."""
    with pytest.raises(CommandError) as raised:
        call_command(
            "create_organisation",
            "--name",
            "X",
            "--type",
            "club",
            "--country",
            "PT",
            "--admin",
            "x-admin",
        )
    assert raised.value.returncode == 2
    assert not Organisation.objects.exists()
    assert not User.objects.filter(username="x-admin").exists()
