"""Two-factor sign-in (TOTP) for staff of organisations that require it."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, World
from welcomehub.accounts.models import Organisation, User

TWO_FACTOR = "/accounts/two-factor/"


@pytest.fixture
def strict_world(world: World) -> World:
    """The shared world with organisation A requiring two-factor sign-in for staff."""
    Organisation.objects.filter(pk=world.org_a.pk).update(requires_two_factor=True)
    return world


def _valid_codes(device: TOTPDevice) -> set[str]:
    """The codes the device accepts now (one step either side of the current one)."""
    return {
        f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=drift):06d}"
        for drift in (-2, -1, 0, 1, 2)
    }


def _set_up(client: Client, user: User) -> TOTPDevice:
    response = client.get(TWO_FACTOR)
    assert response.status_code == 200
    return TOTPDevice.objects.get(user=user)


def test_staff_are_sent_to_two_factor_from_any_page(strict_world: World) -> None:
    """A caseworker signed in with a password only is redirected to the two-factor page."""
    client = strict_world.client(strict_world.users["caseworker"])
    for path in ("/", "/programmes/", "/accounts/tokens/", "/audit/", "/accounts/roles/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == TWO_FACTOR


def test_setup_page_shows_a_qr_code(strict_world: World) -> None:
    """On first use the page shows a QR code (inline SVG image) and creates an unconfirmed
    device."""
    client = strict_world.client(strict_world.users["caseworker"])
    response = client.get(TWO_FACTOR)
    assert response.status_code == 200
    assert '<img src="data:image/svg+xml' in response.content.decode()
    device = TOTPDevice.objects.get(user=strict_world.users["caseworker"])
    assert not device.confirmed


def test_valid_code_lets_the_user_through(strict_world: World) -> None:
    """Posting the current code confirms the device and opens the other pages."""
    user = strict_world.users["caseworker"]
    client = strict_world.client(user)
    device = _set_up(client, user)
    response = client.post(TWO_FACTOR, {"code": f"{totp(device.bin_key):06d}"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/programmes/").status_code == 200


def test_confirmed_device_asks_for_a_code_without_a_qr(strict_world: World) -> None:
    """At a later sign-in the page asks for a code and does not show the secret again."""
    user = strict_world.users["caseworker"]
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client = strict_world.client(user)
    response = client.get(TWO_FACTOR)
    assert "data:image/svg+xml" not in response.content.decode()
    assert client.post(TWO_FACTOR, {"code": f"{totp(device.bin_key):06d}"}).status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_code_shows_an_error(strict_world: World) -> None:
    """A wrong code keeps the user on the page with an error and leaves them unverified."""
    user = strict_world.users["caseworker"]
    client = strict_world.client(user)
    device = _set_up(client, user)
    valid = _valid_codes(device)
    wrong = next(f"{n:06d}" for n in range(1000000) if f"{n:06d}" not in valid)
    response = client.post(TWO_FACTOR, {"code": wrong})
    assert response.status_code == 200
    assert "That code is not valid" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/").status_code == 302


def test_malformed_code_shows_an_error(strict_world: World) -> None:
    """Anything but six digits is refused before it is checked."""
    user = strict_world.users["caseworker"]
    client = strict_world.client(user)
    _set_up(client, user)
    response = client.post(TWO_FACTOR, {"code": "12ab"})
    assert response.status_code == 200
    assert "Enter the six digits" in response.content.decode()


def test_volunteer_is_not_redirected(strict_world: World) -> None:
    """A volunteer (not a staff role) of the same organisation goes on without a code."""
    client = strict_world.client(strict_world.users["volunteer"])
    assert client.get("/").status_code == 200
    assert client.get("/accounts/tokens/").status_code == 200


def test_staff_of_other_organisations_are_not_redirected(strict_world: World) -> None:
    """Staff of an organisation that does not require it go on without a code."""
    assert strict_world.client(strict_world.users_b["caseworker"]).get("/").status_code == 200


def test_unverified_session_is_refused_by_the_api(strict_world: World) -> None:
    """The session of staff who have not passed two-factor does not open the API."""
    client = strict_world.client(strict_world.users["caseworker"])
    assert client.get("/api/me").status_code == 401


def test_sign_out_stays_reachable(strict_world: World) -> None:
    """An unverified user can still sign out."""
    client = strict_world.client(strict_world.users["caseworker"])
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"


def test_password_sign_in_leads_to_two_factor(strict_world: World) -> None:
    """Signing in with the password on the sign-in page is followed by the two-factor page."""
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "a-caseworker", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1] == (TWO_FACTOR, 302)
    assert response.status_code == 200
