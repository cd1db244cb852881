"""A data subject's export and erasure, handled by the caseworker (issue 9): the preview
agrees with the erasure, the pages are the household organisation's caseworker's alone,
bad input erases nothing, audit rows hold no names, and the export is the family's file."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from welcomehub.accounts import services as accounts
from welcomehub.accounts.models import Permission, Role, RolePermission, User
from welcomehub.core import retention
from welcomehub.core.models import AuditAction, AuditEvent
from welcomehub.people import plans, portal, preferences
from welcomehub.people import services as people
from welcomehub.people.export import household_data_export
from welcomehub.people.models import Consent, Goal, Household, Person, PortalInvitation
from welcomehub.people.tests.support import (
    PERSONAL_VALUES,
    Family,
    audit_after,
    data_counts,
    last_audit_id,
)
from welcomehub.programmes import referrals
from welcomehub.programmes.models import Referral
from welcomehub.programmes.tests.support import service_of, sharing_consent

pytestmark = pytest.mark.django_db

REASON = "data_subject_request"


def _case(world: World, family: Family) -> None:
    """A household with something in most of the places an erasure reaches: a plan of
    the household and one of the head, with goals, steps and notes; preferences with
    notes; consents in force, a portal code and a referral to another organisation."""
    caseworker = world.users["caseworker"]
    for person in (None, family.head_a):
        plan = plans.plan_open(actor=caseworker, household=family.household_a, person=person)
        goal = plans.goal_add(
            actor=caseworker, plan=plan, domain="work", description="Amal works as a nurse"
        )
        step = plans.step_add(
            actor=caseworker,
            goal=goal,
            description="Amal writes a CV",
            owner="refugee",
            due_date=datetime.date(2027, 1, 1),
        )
        plans.progress_record(actor=caseworker, goal=goal, step=step, text="Amal started")
    preferences.preferences_set(
        actor=caseworker, household=family.household_a, notes="Near Amal's sister"
    )
    people.consent_record(
        actor=None, person=family.head_a, purpose="case_management", method="written"
    )
    portal.portal_invite(actor=caseworker, person=family.head_a, language="ar")
    sharing_consent(family.head_a, world)
    referrals.referral_create(
        actor=caseworker,
        household=family.household_a,
        service=service_of(world),
        persons=[family.head_a],
        shared_fields=["languages"],
        barriers=["interpretation"],
        note="Amal needs an interpreter",
    )


def _given(person: Person) -> str:
    return Person.objects.get(pk=person.pk).given_name


def _erase_url(family: Family) -> str:
    return reverse(
        "people:household_erase", kwargs={"erasure_reference": family.household_a.reference}
    )


def _person_url(person: Person) -> str:
    return reverse("people:person_erase", kwargs={"erasure_person_id": person.pk})


def _data_url(household: Household) -> str:
    return reverse("people:household_data", kwargs={"reference": household.reference})


def _deletes() -> int:
    return AuditEvent.objects.filter(action=AuditAction.DELETE).count()


def _untouched(family: Family) -> dict[str, Any]:
    """What any erasure would change: names, open consents, portal codes, delete rows."""
    return {
        "names": [_given(family.head_a), _given(family.child_a), _given(family.head_b)],
        "notes": Household.objects.get(pk=family.household_a.pk).protection_notes,
        "open_consents": Consent.objects.filter(withdrawn_at__isnull=True).count(),
        "codes": PortalInvitation.objects.count(),
        "deletes": _deletes(),
        "rows": data_counts(),
    }


def _reader(world: World) -> User:
    """A staff member of A who may view households with their personal data but not
    edit them (a role with household.view alone: the roles file has none today)."""
    role = Role.objects.create(
        code="matrix_reader", name="Reader", scope="organisation", staff=True
    )
    RolePermission.objects.create(
        role=role, permission=Permission.objects.get(code="household.view")
    )
    user = accounts.user_create(actor=None, username="a-reader", password="x-Reader-2026!")
    accounts.membership_add(actor=None, user=user, organisation=world.org_a, role_code=role.code)
    return user


# --- the preview agrees with the erasure --------------------------------------------------


def test_the_household_preview_counts_what_the_erasure_then_reports(
    world: World, family: Family
) -> None:
    _case(world, family)
    before = _untouched(family)
    preview = retention.erasure_preview(family.household_a)
    assert _untouched(family) == before  # a preview writes nothing
    assert preview["people.person"] == 2
    assert preview["people.household"] == 1
    assert preview["people.consent"] == 2
    assert preview["programmes.referral"] == 1
    assert preview["people.portalinvitation"] == 1
    assert preview["accounts.user"] == 1  # the head's portal account
    # every goal once, though a person's goal hangs off both the member and the household
    goals = Goal.objects.filter(plan__household=family.household_a).count()
    assert goals >= 2
    assert preview["people.goal"] == goals
    assert preview["people.householdpreferences"] == 1
    erasure = retention.household_erase(
        actor=world.users["caseworker"], household=family.household_a, reason=REASON
    )
    assert erasure.rows == preview
    # afterwards nothing is left in force: no consent to withdraw, no code to delete
    again = retention.erasure_preview(family.household_a)
    assert "people.consent" not in again
    assert "people.portalinvitation" not in again


def test_the_person_preview_counts_what_the_erasure_then_reports(
    world: World, family: Family
) -> None:
    _case(world, family)
    preview = retention.erasure_preview(family.head_a)
    assert "people.household" not in preview
    assert preview["people.person"] == 1
    erasure = retention.person_erase(
        actor=world.users["caseworker"], person=family.head_a, reason=REASON
    )
    assert erasure.rows == preview
    child = retention.erasure_preview(family.child_a)
    assert child == {"people.person": 1}  # the child has no consent, code, account or plan


def test_erased_fields_name_the_personal_fields_only() -> None:
    assert retention.erased_fields("people.person") == [
        "date_of_birth",
        "email",
        "family_name",
        "given_name",
        "health_notes",
        "phone",
    ]
    assert retention.erased_fields("people.household") == ["protection_notes"]


# --- the erasure pages --------------------------------------------------------------------


def test_the_caseworker_sees_what_will_be_erased_and_what_stays(
    world: World, family: Family
) -> None:
    _case(world, family)
    before = _untouched(family)
    response = world.client(world.users["caseworker"]).get(_erase_url(family))
    assert response.status_code == 200
    body = response.content.decode()
    assert "This cannot be undone." in body
    assert "What stays" in body
    assert 'data-kind="people.person"' in body
    assert 'data-kind="people.goal"' in body
    assert "Consents in force" in body
    assert "withdrawn" in body
    # the reasons are readable labels, not codes
    assert "The person asked for their data to be erased" in body
    assert 'value="data_subject_request"' in body
    # the counts are the preview's
    preview = retention.erasure_preview(family.household_a)
    members = preview["people.person"]
    assert f'<td>Members</td><td class="text-end">{members}</td>' in body
    assert _untouched(family) == before


def test_the_person_page_names_the_person_and_their_household(world: World, family: Family) -> None:
    response = world.client(world.users["caseworker"]).get(_person_url(family.child_a))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Lina" in body
    assert family.household_a.reference in body
    assert 'data-kind="people.household"' not in body


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"reason": REASON},  # no confirmation
        {"reason": REASON, "confirm": "HH-WRONG"},
        {"reason": "because", "confirm": "{reference}"},  # not a reason of REASONS
        {"confirm": "{reference}"},  # no reason
    ],
)
def test_bad_input_erases_nothing(world: World, family: Family, data: dict[str, str]) -> None:
    _case(world, family)
    reference = family.household_a.reference
    posted = {key: value.format(reference=reference) for key, value in data.items()}
    before = _untouched(family)
    client = world.client(world.users["caseworker"])
    for url in (_erase_url(family), _person_url(family.head_a)):
        response = client.post(url, posted)
        assert response.status_code == 200
        assert "invalid-feedback" in response.content.decode()
    assert _untouched(family) == before


def test_the_wrong_confirmation_is_explained(world: World, family: Family) -> None:
    response = world.client(world.users["caseworker"]).post(
        _erase_url(family), {"reason": REASON, "confirm": family.household_b.reference}
    )
    assert response.status_code == 200
    assert "nothing was erased" in response.content.decode()
    assert _given(family.head_a) == "Amal"


def test_the_caseworker_erases_the_household_and_its_page_still_opens(
    world: World, family: Family
) -> None:
    _case(world, family)
    client = world.client(world.users["caseworker"])
    mark = last_audit_id()
    response = client.post(
        _erase_url(family),
        {"reason": REASON, "confirm": " " + family.household_a.reference.lower() + " "},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("people:household_list")
    body = response.content.decode()
    assert f"The personal data of household {family.household_a.reference}" in body
    assert _given(family.head_a) == _given(family.child_a) == retention.ERASED
    assert _given(family.head_b) == "Rania"  # another organisation's family is untouched
    assert not Consent.objects.filter(
        person__household=family.household_a, withdrawn_at__isnull=True
    ).exists()
    assert not PortalInvitation.objects.filter(person__household=family.household_a).exists()
    assert set(Goal.objects.values_list("description", flat=True)) == {retention.ERASED}
    assert set(Referral.objects.values_list("note", flat=True)) == {""}  # blank allowed
    assert str(family.household_a.pk) in retention.erased_households()
    [row] = [r for r in audit_after(mark) if r.action == AuditAction.DELETE]
    assert row.object_type == "people.household"
    assert row.actor_username == "a-caseworker"
    assert row.detail["reason"] == REASON
    assert row.detail["rows"]["people.person"] == 2
    text = json.dumps([r.detail for r in audit_after(mark)], ensure_ascii=False)
    assert not [value for value in PERSONAL_VALUES if value in text]
    # the erased household's page and the list still open, showing the blanks
    page = client.get(reverse("people:household_detail", args=[family.household_a.reference]))
    assert page.status_code == 200
    assert retention.ERASED in page.content.decode()
    assert "Amal" not in page.content.decode()
    assert client.get(reverse("people:household_list")).status_code == 200
    assert client.get(_erase_url(family)).status_code == 200  # and so does the preview


def test_the_caseworker_erases_one_member(world: World, family: Family) -> None:
    client = world.client(world.users["caseworker"])
    mark = last_audit_id()
    response = client.post(
        _person_url(family.child_a),
        {"reason": "consent_withdrawn", "confirm": family.household_a.reference},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:household_list")
    assert _given(family.child_a) == retention.ERASED
    assert _given(family.head_a) == "Amal"
    [row] = [r for r in audit_after(mark) if r.action == AuditAction.DELETE]
    assert (row.object_type, row.object_id) == ("people.person", str(family.child_a.pk))
    assert row.detail == {
        "erasure": "person",
        "reason": "consent_withdrawn",
        "rows": {"people.person": 1},
    }


# --- refused to everyone else -------------------------------------------------------------


def _valid(family: Family) -> dict[str, str]:
    return {"reason": REASON, "confirm": family.household_a.reference}


def test_anonymous_is_sent_to_sign_in_and_nothing_changes(world: World, family: Family) -> None:
    before = _untouched(family)
    client = Client()
    for url in (_erase_url(family), _person_url(family.head_a), _data_url(family.household_a)):
        assert client.get(url).status_code == 302
        assert client.post(url, _valid(family)).status_code == 302
    assert _untouched(family) == before


@pytest.mark.parametrize(
    "who", ["b:caseworker", "a:coordinator", "a:org_admin", "a:refugee", "a:volunteer", "reader"]
)
def test_other_roles_and_organisations_are_refused(world: World, family: Family, who: str) -> None:
    if who == "reader":
        user = _reader(world)
    else:
        org, role = who.split(":")
        user = (world.users if org == "a" else world.users_b)[role]
    client = world.client(user)
    before = _untouched(family)
    mark = last_audit_id()
    for url in (_erase_url(family), _person_url(family.head_a)):
        assert client.get(url).status_code == 404
        assert client.post(url, _valid(family)).status_code == 404
    assert _untouched(family) == before
    assert not [r for r in audit_after(mark) if r.object_type.startswith("people.")]


def test_the_erasure_of_another_organisations_household_is_refused(
    world: World, family: Family
) -> None:
    """A's caseworker cannot erase B's family, even typing B's reference."""
    client = world.client(world.users["caseworker"])
    before = _untouched(family)
    url = reverse(
        "people:household_erase", kwargs={"erasure_reference": family.household_b.reference}
    )
    data = {"reason": REASON, "confirm": family.household_b.reference}
    assert client.post(url, data).status_code == 404
    assert client.post(_person_url(family.head_b), data).status_code == 404
    assert _untouched(family) == before


# --- links on the household page ----------------------------------------------------------


def test_the_links_show_only_to_who_may_use_them(world: World, family: Family) -> None:
    detail = reverse("people:household_detail", args=[family.household_a.reference])
    caseworker = world.client(world.users["caseworker"]).get(detail).content.decode()
    assert _erase_url(family) in caseworker
    assert _person_url(family.head_a) in caseworker
    assert _person_url(family.child_a) in caseworker
    assert _data_url(family.household_a) in caseworker
    reader = world.client(_reader(world)).get(detail)
    assert reader.status_code == 200
    body = reader.content.decode()
    assert _data_url(family.household_a) in body  # viewing with personal data: may export
    assert "/erase/" not in body


def test_the_page_links_rely_on_the_erase_permission_being_household_edit() -> None:
    """household_detail.html shows the erase links on `may_edit` (household.edit)."""
    assert retention.ERASE_PERMISSION == "household.edit"


# --- the export ---------------------------------------------------------------------------


def test_the_caseworker_downloads_the_familys_own_file(world: World, family: Family) -> None:
    _case(world, family)
    mark = last_audit_id()
    response = world.client(world.users["caseworker"]).get(_data_url(family.household_a))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="household-{family.household_a.reference}.json"'
    assert not [value for value in PERSONAL_VALUES if value in disposition]
    data = json.loads(response.content)
    assert data["household"]["reference"] == family.household_a.reference
    assert [m["given_name"] for m in data["members"]] == ["Amal", "Lina"]
    assert "Fled after threats" not in response.content.decode()  # as in the portal's file
    # the same content as the family's download from the portal
    portal_file = household_data_export(actor=world.users["refugee"], household=family.household_a)
    for name in ("household", "members", "plans", "preferences"):
        assert data[name] == portal_file[name]
    rows = audit_after(mark)
    [export] = [
        r for r in rows if r.action == AuditAction.EXPORT and r.actor_username == "a-caseworker"
    ]
    assert export.object_type == "people.household"
    assert export.detail == {"format": "json", "by": "staff"}
    text = json.dumps([r.detail for r in rows], ensure_ascii=False)
    assert not [value for value in PERSONAL_VALUES if value in text]


@pytest.mark.parametrize("who", ["b:caseworker", "a:coordinator", "a:refugee", "b:refugee"])
def test_the_export_is_refused_to_others(world: World, family: Family, who: str) -> None:
    org, role = who.split(":")
    user = (world.users if org == "a" else world.users_b)[role]
    mark = last_audit_id()
    response = world.client(user).get(_data_url(family.household_a))
    assert response.status_code == 404
    assert not [r for r in audit_after(mark) if r.action == AuditAction.EXPORT]


@pytest.mark.parametrize("language", ["fr", "es", "ar", "uk", "fa-af"])
def test_the_pages_speak_every_language(world: World, family: Family, language: str) -> None:
    """The translated messages keep their placeholders: each language renders the page,
    the refusal of a wrong confirmation and the erasure's message."""
    client = world.client(world.users["caseworker"])
    reference = family.household_a.reference
    page = client.get(_erase_url(family), HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    wrong = client.post(
        _person_url(family.child_a),
        {"reason": REASON, "confirm": "HH-WRONG"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert wrong.status_code == 200
    assert reference in wrong.content.decode()
    done = client.post(
        _person_url(family.child_a),
        {"reason": REASON, "confirm": reference},
        HTTP_ACCEPT_LANGUAGE=language,
        follow=True,
    )
    assert done.status_code == 200
    assert reference in done.content.decode()
    assert _given(family.child_a) == retention.ERASED
