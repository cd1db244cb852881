"""Access gates: who reaches which household, person and consent, and the audit of each read."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from conftest import World
from welcomehub.accounts import permissions
from welcomehub.accounts import services as accounts
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.people import access, services
from welcomehub.people.models import Consent
from welcomehub.people.tests.support import Family, audit_after, last_audit_id

# Every user of the world who must not see organisation A's caseload through the staff gate.
DENIED = [
    ("b", "caseworker"),
    ("b", "org_admin"),
    ("a", "analyst"),
    ("a", "volunteer"),
    ("a", "sponsor"),
    ("a", "focal_point"),
    ("a", "coordinator"),
    ("a", "volunteer_coordinator"),
    ("a", "org_admin"),
    ("a", "platform_admin"),
    ("a", "refugee"),
]


def _user(world: World, side: str, role: str) -> Any:
    return (world.users if side == "a" else world.users_b)[role]


def _consent(family: Family) -> Consent:
    return services.consent_record(
        actor=None,
        person=family.child_a,
        purpose="case_management",
        method="written",
        guardian=family.head_a,
        child_assent="given",
    )


def test_caseworker_reaches_own_household_and_the_read_is_audited(
    world: World, family: Family
) -> None:
    """The caseworker of A gets household A, leaving one VIEW row naming them."""
    user = world.users["caseworker"]
    mark = last_audit_id()
    household = access.access_household(user=user, reference=family.household_a.reference)
    assert household.pk == family.household_a.pk
    rows = audit_after(mark)
    assert [(r.action, r.object_type, r.object_id) for r in rows] == [
        (AuditAction.VIEW, "people.household", str(household.pk))
    ]
    assert rows[0].actor_id == user.pk
    assert rows[0].organisation_id == world.org_a.pk
    assert rows[0].channel == AuditChannel.WEB


@pytest.mark.parametrize(("side", "role"), DENIED)
def test_other_roles_get_404_for_household_a(
    world: World, family: Family, side: str, role: str
) -> None:
    """Other organisations and roles without household.view get a 404 and leave no VIEW row."""
    mark = last_audit_id()
    with pytest.raises(Http404):
        access.access_household(
            user=_user(world, side, role), reference=family.household_a.reference
        )
    assert not [r for r in audit_after(mark) if r.action == AuditAction.VIEW]


def test_anonymous_gets_404_for_household_a(family: Family) -> None:
    """An anonymous visitor learns nothing about a household."""
    with pytest.raises(Http404):
        access.access_household(user=AnonymousUser(), reference=family.household_a.reference)


@pytest.mark.parametrize("reference", ["HH-NOTTHERE", "", "hh-"])
def test_missing_household_gives_the_same_404(world: World, reference: str) -> None:
    """A reference that does not exist looks exactly like one that is forbidden."""
    with pytest.raises(Http404):
        access.access_household(user=world.users["caseworker"], reference=reference)


def test_edit_permission_is_checked_per_organisation(world: World, family: Family) -> None:
    """A caseworker of B may edit B's households but not A's."""
    caseworker_b = world.users_b["caseworker"]
    reference_b = family.household_b.reference
    got = access.access_household(
        user=caseworker_b, reference=reference_b, permission="household.edit"
    )
    assert got.pk == family.household_b.pk
    with pytest.raises(Http404):
        access.access_household(
            user=caseworker_b, reference=family.household_a.reference, permission="household.edit"
        )


def test_a_caseworker_of_both_organisations_sees_both(world: World, family: Family) -> None:
    """Memberships in two organisations open both caseloads, and nothing else."""
    user = world.users["caseworker"]
    accounts.membership_add(actor=None, user=user, organisation=world.org_b, role_code="caseworker")
    permissions.forget(user)
    for household in (family.household_a, family.household_b):
        assert access.access_household(user=user, reference=household.reference).pk == household.pk
    assert set(access.caseload(user)) == {family.household_a, family.household_b}


def test_caseload_is_the_organisations_households(world: World, family: Family) -> None:
    """The caseload lists only the user's organisations' households; the analyst's is empty."""
    assert list(access.caseload(world.users["caseworker"])) == [family.household_a]
    assert list(access.caseload(world.users_b["caseworker"])) == [family.household_b]
    assert list(access.caseload(world.users["analyst"])) == []
    assert list(access.caseload(world.users["refugee"])) == []
    assert list(access.caseload(AnonymousUser())) == []


def test_access_person_follows_the_household(world: World, family: Family) -> None:
    """A person is reached through their household's organisation; each read is audited."""
    mark = last_audit_id()
    person = access.access_person(user=world.users["caseworker"], person_id=family.child_a.pk)
    assert person.pk == family.child_a.pk
    rows = audit_after(mark)
    assert [(r.action, r.object_type, r.object_id) for r in rows] == [
        (AuditAction.VIEW, "people.person", str(family.child_a.pk))
    ]
    assert rows[0].organisation_id == world.org_a.pk
    for user in (world.users_b["caseworker"], world.users["analyst"], AnonymousUser()):
        with pytest.raises(Http404):
            access.access_person(user=user, person_id=family.child_a.pk)
    with pytest.raises(Http404):
        access.access_person(user=world.users["caseworker"], person_id=987654)


def test_access_consent_needs_consent_manage(world: World, family: Family) -> None:
    """Only a caseworker of the household's organisation reaches its consents to withdraw them."""
    consent = _consent(family)
    mark = last_audit_id()
    got = access.access_consent(user=world.users["caseworker"], consent_id=consent.pk)
    assert got.pk == consent.pk
    assert [(r.action, r.object_id) for r in audit_after(mark)] == [
        (AuditAction.VIEW, str(consent.pk))
    ]
    denied = [
        world.users_b["caseworker"],
        world.users["coordinator"],
        world.users["refugee"],
        AnonymousUser(),
    ]
    for user in denied:
        with pytest.raises(Http404):
            access.access_consent(user=user, consent_id=consent.pk)
    with pytest.raises(Http404):
        access.access_consent(user=world.users["caseworker"], consent_id=987654)


def test_refugee_reaches_their_own_household(world: World, family: Family) -> None:
    """Each refugee's own gate opens their own household, with a VIEW audit row."""
    mark = last_audit_id()
    own = access.access_own_household(user=world.users["refugee"])
    assert own.pk == family.household_a.pk
    rows = audit_after(mark)
    assert [(r.action, r.object_id, r.actor_id) for r in rows] == [
        (AuditAction.VIEW, str(family.household_a.pk), world.users["refugee"].pk)
    ]
    assert access.access_own_household(user=world.users_b["refugee"]).pk == family.household_b.pk


@pytest.mark.parametrize("role", ["caseworker", "analyst", "org_admin"])
def test_own_household_gate_is_closed_to_staff_without_a_person(world: World, role: str) -> None:
    """Staff have no household of their own."""
    with pytest.raises(Http404):
        access.access_own_household(user=world.users[role])


def test_own_household_gate_needs_the_refugee_permission(world: World, family: Family) -> None:
    """A person linked to an account without the refugee role does not pass the own gate."""
    volunteer = world.users["volunteer"]
    services.person_link_user(actor=None, person=family.child_a, user=volunteer)
    with pytest.raises(Http404):
        access.access_own_household(user=volunteer)
    with pytest.raises(Http404):
        access.access_own_household(user=AnonymousUser())


def test_refugee_withdraws_consents_of_their_own_household_only(
    world: World, family: Family
) -> None:
    """The refugee of A reaches the consents of household A and none of household B."""
    own = _consent(family)
    other = services.consent_record(
        actor=None, person=family.head_b, purpose="matching", method="verbal"
    )
    refugee_a = world.users["refugee"]
    assert access.access_own_consent(user=refugee_a, consent_id=own.pk).pk == own.pk
    with pytest.raises(Http404):
        access.access_own_consent(user=refugee_a, consent_id=other.pk)
    with pytest.raises(Http404):
        access.access_own_consent(user=world.users_b["refugee"], consent_id=own.pk)
    with pytest.raises(Http404):
        access.access_own_consent(user=world.users["caseworker"], consent_id=own.pk)
    with pytest.raises(Http404):
        access.access_own_consent(user=refugee_a, consent_id=987654)
    with pytest.raises(Http404):
        access.access_own_consent(user=AnonymousUser(), consent_id=own.pk)
