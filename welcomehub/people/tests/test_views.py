"""Caseload pages through the Django test client: scoping, forms, errors and audit."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from welcomehub.core.models import AuditAction, AuditEvent
from welcomehub.people import services
from welcomehub.people.models import Consent, Household, Person
from welcomehub.people.tests.support import (
    Family,
    audit_after,
    counts,
    data_counts,
    last_audit_id,
    writes_after,
)


def _detail(household: Household) -> str:
    return reverse("people:household_detail", args=[household.reference])


def _household_post(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "organisation": world.org_a.pk,
        "programme": world.programme.pk,
        "pathway": "humanitarian_admission",
        "status": "awaiting_arrival",
        "arrival_date": "2026-07-01",
        "location": world.place.pk,
        "nationality": "UA",
        "languages": ["uk", "en"],
        "needs": ["wheelchair"],
        "protection_notes": "",
    }
    data.update(overrides)
    return data


def _person_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "given_name": "Omar",
        "family_name": "Haddad",
        "date_of_birth": "1985-02-03",
        "sex": "male",
        "relationship": "spouse",
        "languages": ["ar"],
        "phone": "",
        "email": "",
        "health_notes": "",
    }
    data.update(overrides)
    return data


# List


def test_list_shows_only_the_own_caseload_and_audits_it(world: World, family: Family) -> None:
    """Caseworker A sees household A, not B; the listing leaves a LIST row per household."""
    user = world.users["caseworker"]
    client = world.client(user)
    mark = last_audit_id()
    response = client.get(reverse("people:household_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert family.household_a.reference in content
    assert family.household_b.reference not in content
    listed = {
        (r.object_type, r.object_id, r.organisation_id, r.actor_id)
        for r in audit_after(mark)
        if r.action == AuditAction.LIST
    }
    assert listed == {
        ("people.household", str(family.household_a.pk), world.org_a.pk, user.pk),
        # the row names the head: that read is audited too
        ("people.person", str(family.head_a.pk), world.org_a.pk, user.pk),
    }


def test_list_shows_the_head_of_household(world: World, family: Family) -> None:
    """The "head of household" column names the head even when another member came first."""
    household = services.household_create(
        actor=None,
        organisation=world.org_a,
        programme=world.programme,
        pathway="resettlement",
        status="arrived",
        nationality="AF",
    )
    for given, relationship in (("Zahra", "spouse"), ("Farid", "head")):
        services.person_create(
            actor=None,
            household=household,
            given_name=given,
            sex="other",
            relationship=relationship,
        )
    response = world.client(world.users["caseworker"]).get(
        reverse("people:household_list"), {"q": household.reference}
    )
    content = response.content.decode()
    assert "Farid" in content
    assert "Zahra" not in content


def test_list_puts_newest_arrivals_first(world: World, family: Family) -> None:
    """Households are listed by arrival date, newest first, those without a date last."""
    created = {}
    for label, arrival in (("old", datetime.date(2024, 1, 5)), ("new", datetime.date(2027, 2, 1))):
        created[label] = services.household_create(
            actor=None,
            organisation=world.org_a,
            programme=world.programme,
            pathway="resettlement",
            status="arrived",
            nationality="SY",
            arrival_date=arrival,
        )
    created["undated"] = services.household_create(
        actor=None,
        organisation=world.org_a,
        programme=world.programme,
        pathway="resettlement",
        status="awaiting_arrival",
        nationality="SY",
    )
    response = world.client(world.users["caseworker"]).get(reverse("people:household_list"))
    shown = [household.reference for household in response.context["page"]]
    assert shown == [
        created["new"].reference,
        family.household_a.reference,  # arrived 2026-03-01
        created["old"].reference,
        created["undated"].reference,
    ]


def test_list_filters_by_reference_and_status(world: World, family: Family) -> None:
    """The reference search and the status filter narrow the caseload."""
    client = world.client(world.users["caseworker"])
    url = reverse("people:household_list")
    assert family.household_a.reference in client.get(url, {"status": "arrived"}).content.decode()
    assert (
        family.household_a.reference not in client.get(url, {"status": "closed"}).content.decode()
    )
    missing = client.get(url, {"q": "HH-NOPE"}).content.decode()
    assert family.household_a.reference not in missing


@pytest.mark.parametrize("role", ["analyst", "volunteer", "refugee", "coordinator"])
def test_list_is_404_without_household_view(world: World, role: str) -> None:
    """Roles that never see a person do not get the caseload page."""
    response = world.client(world.users[role]).get(reverse("people:household_list"))
    assert response.status_code == 404


def test_list_sends_anonymous_to_sign_in(world: World) -> None:
    """An anonymous visitor is sent to sign in."""
    response = world.client(None).get(reverse("people:household_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# Detail


def test_detail_shows_household_and_audits_members(world: World, family: Family) -> None:
    """Caseworker A reads household A; the household and each member shown are audited."""
    client = world.client(world.users["caseworker"])
    mark = last_audit_id()
    response = client.get(_detail(family.household_a))
    assert response.status_code == 200
    content = response.content.decode()
    assert family.household_a.reference in content
    assert "Amal Haddad" in content
    assert "Lina Haddad" in content
    views = {
        (r.object_type, r.object_id) for r in audit_after(mark) if r.action == AuditAction.VIEW
    }
    assert views == {
        ("people.household", str(family.household_a.pk)),
        ("people.person", str(family.head_a.pk)),
        ("people.person", str(family.child_a.pk)),
    }


@pytest.mark.parametrize(
    ("side", "role"),
    [("b", "caseworker"), ("a", "analyst"), ("a", "volunteer"), ("a", "sponsor"), ("b", "refugee")],
)
def test_detail_is_404_for_others(world: World, family: Family, side: str, role: str) -> None:
    """Another organisation, a lower role or another household's refugee get a 404."""
    user = (world.users if side == "a" else world.users_b)[role]
    response = world.client(user).get(_detail(family.household_a))
    assert response.status_code == 404
    assert "Amal" not in response.content.decode()


def test_detail_of_a_missing_household_is_404(world: World) -> None:
    """A missing reference answers like a forbidden one."""
    response = world.client(world.users["caseworker"]).get(
        reverse("people:household_detail", args=["HH-MISSING1"])
    )
    assert response.status_code == 404


def test_detail_sends_anonymous_to_sign_in(world: World, family: Family) -> None:
    """An anonymous visitor is sent to sign in, learning nothing."""
    response = world.client(None).get(_detail(family.household_a))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# Household forms


def test_create_household_redirects_to_it(world: World) -> None:
    """A valid registration creates the household in A's caseload and opens it."""
    client = world.client(world.users["caseworker"])
    before = counts()
    response = client.post(reverse("people:household_create"), _household_post(world))
    assert response.status_code == 302
    household = Household.objects.get(nationality="UA")
    assert response["Location"] == _detail(household)
    assert household.organisation_id == world.org_a.pk
    assert (household.languages, household.needs) == (["uk", "en"], ["wheelchair"])
    assert counts()["households"] == before["households"] + 1
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_type="people.household", object_id=str(household.pk)
    ).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nationality", "XX", "Select a valid choice. XX is not one of the available choices."),
        ("arrival_date", "01/07/2026x", "Enter a valid date."),
        ("pathway", "", "This field is required."),
    ],
)
def test_create_household_with_bad_input_changes_nothing(
    world: World, field: str, value: str, message: str
) -> None:
    """Bad input re-renders the form with the error on its field; nothing is written."""
    client = world.client(world.users["caseworker"])
    before = counts()
    response = client.post(
        reverse("people:household_create"), _household_post(world, **{field: value})
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert message in response.content.decode()
    assert counts() == before


def test_create_household_is_404_without_edit_permission(world: World) -> None:
    """Only roles that edit households may open the registration form."""
    assert (
        world.client(world.users["analyst"]).get(reverse("people:household_create")).status_code
        == 404
    )


def test_edit_household(world: World, family: Family) -> None:
    """Caseworker A edits household A and returns to it."""
    data = _household_post(world, status="settled", location=world.other_place.pk)
    del data["organisation"], data["programme"]
    response = world.client(world.users["caseworker"]).post(
        reverse("people:household_edit", args=[family.household_a.reference]), data
    )
    assert response.status_code == 302
    assert response["Location"] == _detail(family.household_a)
    stored = Household.objects.get(pk=family.household_a.pk)
    assert (stored.status, stored.location_id, stored.nationality) == (
        "settled",
        world.other_place.pk,
        "UA",
    )


def test_edit_household_form_shows_stored_values(world: World, family: Family) -> None:
    """The edit form opens with the household's current values, decrypted."""
    response = world.client(world.users["caseworker"]).get(
        reverse("people:household_edit", args=[family.household_a.reference])
    )
    assert response.status_code == 200
    assert "Fled after threats; do not share location" in response.content.decode()


def test_edit_household_with_bad_nationality_changes_nothing(world: World, family: Family) -> None:
    """An unknown nationality on edit is shown on the field and saves nothing."""
    data = _household_post(world, nationality="QQ")
    client = world.client(world.users["caseworker"])
    before = data_counts()
    mark = last_audit_id()
    response = client.post(
        reverse("people:household_edit", args=[family.household_a.reference]), data
    )
    assert response.status_code == 200
    assert "nationality" in response.context["form"].errors
    assert Household.objects.get(pk=family.household_a.pk).nationality == "SY"
    assert data_counts() == before
    assert writes_after(mark) == []


def test_edit_household_of_another_organisation_is_404(world: World, family: Family) -> None:
    """Caseworker B cannot edit A's household."""
    data = _household_post(world, status="closed")
    response = world.client(world.users_b["caseworker"]).post(
        reverse("people:household_edit", args=[family.household_a.reference]), data
    )
    assert response.status_code == 404
    assert Household.objects.get(pk=family.household_a.pk).status == "arrived"


# Members


def test_add_member(world: World, family: Family) -> None:
    """A new member is added to the household with its birth year."""
    response = world.client(world.users["caseworker"]).post(
        reverse("people:person_create", args=[family.household_a.reference]), _person_post()
    )
    assert response.status_code == 302
    assert response["Location"] == _detail(family.household_a)
    added = family.household_a.members.get(relationship="spouse")
    assert (added.given_name, added.birth_year) == ("Omar", 1985)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("given_name", "", "This field is required."),
        ("date_of_birth", "17/05/1988", "Enter a valid date."),
        ("relationship", "head", "The household already has a head."),
        ("email", "not-an-address", "Enter a valid email address."),
    ],
)
def test_add_member_with_bad_input_changes_nothing(
    world: World, family: Family, field: str, value: str, message: str
) -> None:
    """Bad member input re-renders with a clear message on its field and writes nothing."""
    client = world.client(world.users["caseworker"])
    before = data_counts()
    mark = last_audit_id()
    response = client.post(
        reverse("people:person_create", args=[family.household_a.reference]),
        _person_post(**{field: value}),
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert message in response.content.decode()
    assert data_counts() == before
    assert writes_after(mark) == []


def test_edit_member(world: World, family: Family) -> None:
    """Editing a member keeps the other values and saves the change."""
    data = _person_post(given_name="Amal", relationship="head", date_of_birth="1988-05-17")
    data["phone"] = "+351 900 000 000"
    response = world.client(world.users["caseworker"]).post(
        reverse("people:person_edit", args=[family.head_a.pk]), data
    )
    assert response.status_code == 302
    stored = Person.objects.get(pk=family.head_a.pk)
    assert (stored.phone, stored.relationship) == ("+351 900 000 000", "head")


def test_edit_member_of_another_organisation_is_404(world: World, family: Family) -> None:
    """Caseworker B cannot open A's members."""
    response = world.client(world.users_b["caseworker"]).get(
        reverse("people:person_edit", args=[family.head_a.pk])
    )
    assert response.status_code == 404


# Consent


def test_record_consent_for_a_child(world: World, family: Family) -> None:
    """A child's consent given by the head with the child's assent is recorded."""
    response = world.client(world.users["caseworker"]).post(
        reverse("people:consent_create", args=[family.child_a.pk]),
        {
            "purpose": "case_management",
            "method": "written",
            "guardian": family.head_a.pk,
            "child_assent": "given",
            "partner": "",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(person=family.child_a)
    assert (consent.guardian_id, consent.child_assent) == (family.head_a.pk, "given")
    assert consent.recorded_by_id == world.users["caseworker"].pk


def test_record_consent_for_a_child_without_guardian_shows_the_error(
    world: World, family: Family
) -> None:
    """Without a guardian the form comes back with the rule, and no consent is recorded."""
    client = world.client(world.users["caseworker"])
    before = data_counts()
    mark = last_audit_id()
    response = client.post(
        reverse("people:consent_create", args=[family.child_a.pk]),
        {"purpose": "case_management", "method": "written", "child_assent": "given"},
    )
    assert response.status_code == 200
    assert "A guardian must give consent for a child." in response.content.decode()
    assert data_counts() == before
    assert writes_after(mark) == []


def test_record_consent_is_404_for_another_organisation(world: World, family: Family) -> None:
    """Caseworker B cannot record consent for A's people."""
    response = world.client(world.users_b["caseworker"]).post(
        reverse("people:consent_create", args=[family.head_a.pk]),
        {"purpose": "case_management", "method": "written"},
    )
    assert response.status_code == 404
    assert not Consent.objects.exists()


def _adult_consent(family: Family) -> Consent:
    return services.consent_record(
        actor=None, person=family.head_a, purpose="matching", method="verbal"
    )


def test_withdraw_consent_by_post(world: World, family: Family) -> None:
    """The caseworker withdraws a consent with a POST and returns to the household."""
    consent = _adult_consent(family)
    client = world.client(world.users["caseworker"])
    url = reverse("people:consent_withdraw", args=[consent.pk])
    assert client.get(url).status_code == 405
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is None
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == _detail(family.household_a)
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is not None


def test_withdraw_consent_twice_shows_a_message(world: World, family: Family) -> None:
    """A second withdrawal is refused with a message, not an error page."""
    consent = _adult_consent(family)
    client = world.client(world.users["caseworker"])
    url = reverse("people:consent_withdraw", args=[consent.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "This consent was already withdrawn." in response.content.decode()


def test_withdraw_consent_of_another_organisation_is_404(world: World, family: Family) -> None:
    """Caseworker B cannot withdraw A's consents."""
    consent = _adult_consent(family)
    response = world.client(world.users_b["caseworker"]).post(
        reverse("people:consent_withdraw", args=[consent.pk])
    )
    assert response.status_code == 404
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is None


# The refugee's own pages


def test_my_household_shows_only_the_own_household(world: World, family: Family) -> None:
    """The refugee of A sees household A and their family, never household B."""
    response = world.client(world.users["refugee"]).get(reverse("people:my_household"))
    assert response.status_code == 200
    content = response.content.decode()
    assert family.household_a.reference in content
    assert "Amal Haddad" in content
    assert family.household_b.reference not in content
    assert "Rania" not in content


def test_my_household_audits_every_member_shown(world: World, family: Family) -> None:
    """The refugee's own page records the household and each member it shows."""
    client = world.client(world.users["refugee"])
    mark = last_audit_id()
    assert client.get(reverse("people:my_household")).status_code == 200
    views = {
        (r.object_type, r.object_id) for r in audit_after(mark) if r.action == AuditAction.VIEW
    }
    assert views == {
        ("people.household", str(family.household_a.pk)),
        ("people.person", str(family.head_a.pk)),
        ("people.person", str(family.child_a.pk)),
    }


def test_my_household_is_404_for_staff(world: World) -> None:
    """A caseworker has no household of their own."""
    response = world.client(world.users["caseworker"]).get(reverse("people:my_household"))
    assert response.status_code == 404


def test_refugee_withdraws_own_consent(world: World, family: Family) -> None:
    """The refugee of A withdraws a consent of their household; B's refugee cannot."""
    consent = _adult_consent(family)
    url = reverse("people:my_consent_withdraw", args=[consent.pk])
    assert world.client(world.users_b["refugee"]).post(url).status_code == 404
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is None
    response = world.client(world.users["refugee"]).post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("people:my_household")
    stored = Consent.objects.get(pk=consent.pk)
    assert stored.withdrawn_at is not None
    assert stored.withdrawn_by_id == world.users["refugee"].pk
