"""The refugee portal's sign-in codes: made by the caseworker, used once by the family,
refused when wrong, used, withdrawn or expired, and rate-limited by django-axes."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from conftest import World
from welcomehub.accounts.models import Membership
from welcomehub.core.models import AuditEvent
from welcomehub.people import portal, services
from welcomehub.people.models import Person, PortalInvitation
from welcomehub.people.tests.support import Family, audit_text, last_audit_id, writes_after

SIGN_IN = reverse("people:code_login")


def test_new_codes_are_well_formed_and_without_look_alikes() -> None:
    codes = {portal.new_code() for _ in range(500)}
    assert len(codes) == 500  # about 40 bits each: no repeats in a few hundred
    assert all(portal.is_well_formed(code) for code in codes)
    assert not set("".join(codes)) & set("0O1IL")


@given(
    st.text(alphabet=portal.CODE_ALPHABET, min_size=8, max_size=8),
    st.sampled_from([str.lower, str.upper, lambda s: f"  {s} ", lambda s: s.replace("-", " ")]),
)
def test_a_code_survives_how_people_type_it(code: str, typed: object) -> None:
    shown = portal.display_code(code)
    assert portal.normalise_code(typed(shown)) == code  # type: ignore[operator]


@given(st.text(max_size=12))
def test_only_codes_of_the_alphabet_and_length_are_well_formed(text: str) -> None:
    normalised = portal.normalise_code(text)
    expected = len(normalised) == portal.CODE_LENGTH and set(normalised) <= set(
        portal.CODE_ALPHABET
    )
    assert portal.is_well_formed(normalised) == expected


@given(st.text(alphabet=portal.CODE_ALPHABET, min_size=8, max_size=8), st.data())
def test_the_digest_tells_codes_apart_and_hides_them(code: str, data: st.DataObject) -> None:
    other = data.draw(st.text(alphabet=portal.CODE_ALPHABET, min_size=8, max_size=8))
    assert (portal.code_digest(code) == portal.code_digest(other)) == (code == other)
    assert code not in portal.code_digest(code)


def _sign_in(client: Client, code: str) -> Any:
    return client.post(SIGN_IN, {"password": code})


@pytest.mark.django_db
def test_caseworker_invites_and_the_family_signs_in_once(world: World, family: Family) -> None:
    mark = last_audit_id()
    invitation, code = portal.portal_invite(
        actor=world.users["caseworker"], person=family.head_a, language="ar"
    )
    assert [w.object_type for w in writes_after(mark)] == ["people.portalinvitation"]
    assert code not in audit_text()
    assert code not in invitation.code_digest
    client = Client()
    response = _sign_in(client, portal.display_code(code).lower())
    assert response.status_code == 302
    assert response["Location"] == reverse("people:my_household")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    page = client.get(reverse("people:my_household"))
    assert page.status_code == 200
    assert family.household_a.reference in page.content.decode()
    assert 'dir="rtl"' in page.content.decode()
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    assert AuditEvent.objects.filter(action="login", actor=world.users["refugee"]).exists()
    # The same code a second time opens nothing.
    again = _sign_in(Client(), code)
    assert again.status_code == 200
    assert "_auth_user_id" not in again.wsgi_request.session


@pytest.mark.django_db
def test_a_new_code_replaces_the_old_and_withdrawn_codes_fail(world: World, family: Family) -> None:
    caseworker = world.users["caseworker"]
    first, first_code = portal.portal_invite(actor=caseworker, person=family.head_a, language="en")
    second, second_code = portal.portal_invite(
        actor=caseworker, person=family.head_a, language="en"
    )
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert portal.portal_redeem(code=first_code) is None
    portal.portal_revoke(actor=caseworker, invitation=second)
    assert portal.portal_redeem(code=second_code) is None
    with pytest.raises(ValidationError):
        portal.portal_revoke(actor=caseworker, invitation=second)


@pytest.mark.django_db
def test_an_expired_code_is_refused(world: World, family: Family) -> None:
    invitation, code = portal.portal_invite(
        actor=world.users["caseworker"], person=family.head_a, language="en"
    )
    PortalInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=invitation.created_at - datetime.timedelta(seconds=1)
    )
    response = _sign_in(Client(), code)
    assert response.status_code == 200
    assert "does not work" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.used_at is None


@pytest.mark.django_db
def test_wrong_codes_lock_the_client_out_even_for_a_right_code(
    world: World, family: Family
) -> None:
    invitation, code = portal.portal_invite(
        actor=world.users["caseworker"], person=family.head_a, language="en"
    )
    client = Client()
    wrong = "ABCDEFGH" if code != "ABCDEFGH" else "HGFEDCBA"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, wrong).status_code == 200
    assert _sign_in(client, wrong).status_code == 429  # the limit reached: locked out
    locked = _sign_in(client, code)
    assert locked.status_code == 429
    invitation.refresh_from_db()
    assert invitation.used_at is None  # the right code was not even tried
    assert AuditEvent.objects.filter(action="login_failed").count() >= settings.AXES_FAILURE_LIMIT


@pytest.mark.django_db
def test_inviting_a_person_without_account_creates_a_refugee_account(
    world: World, family: Family
) -> None:
    spouse = services.person_create(
        actor=None,
        household=family.household_a,
        given_name="Omar",
        date_of_birth=datetime.date(1985, 2, 3),
        sex="male",
        relationship="spouse",
    )
    _invitation, code = portal.portal_invite(
        actor=world.users["caseworker"], person=spouse, language="fr"
    )
    spouse.refresh_from_db()
    assert spouse.user is not None
    assert not spouse.user.has_usable_password()
    assert list(Membership.objects.filter(user=spouse.user).values_list("role_id", flat=True)) == [
        "refugee"
    ]
    client = Client()
    assert _sign_in(client, code).status_code == 302
    assert client.get(reverse("people:my_plan")).status_code == 200


@pytest.mark.django_db
def test_who_may_be_invited_and_by_whom(world: World, family: Family) -> None:
    caseworker = world.users["caseworker"]
    mark = last_audit_id()
    with pytest.raises(ValidationError):
        portal.portal_invite(actor=caseworker, person=family.child_a, language="en")
    with pytest.raises(ValidationError):
        portal.portal_invite(actor=caseworker, person=family.head_a, language="xx")
    for actor in (world.users["refugee"], world.users_b["caseworker"], world.users["analyst"]):
        with pytest.raises(PermissionDenied):
            portal.portal_invite(actor=actor, person=family.head_a, language="en")
    staff_person = services.person_create(
        actor=None, household=family.household_a, given_name="Sam", sex="male", relationship="other"
    )
    services.person_link_user(actor=None, person=staff_person, user=world.users["coordinator"])
    with pytest.raises(ValidationError):
        portal.portal_invite(actor=caseworker, person=staff_person, language="en")
    assert not PortalInvitation.objects.exists()
    assert [w for w in writes_after(mark) if w.object_type != "people.person"] == []


@pytest.mark.django_db
def test_the_code_backend_ignores_password_sign_ins(world: World) -> None:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "a-caseworker", "password": "wrong"}
    )
    assert response.status_code == 200
    assert Person.objects.filter(user__isnull=False).count() == 2
