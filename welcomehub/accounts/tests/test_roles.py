"""Roles are data (DESIGN §3 rule 4): the tables match roles.json, implied permissions
are stored as such, and permission checks follow memberships and scope."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser

from conftest import World
from welcomehub.accounts import permissions, services
from welcomehub.accounts.models import Permission, Role, RolePermission
from welcomehub.accounts.roles import DATA_FILE, sync_roles


def _data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def _closure(granted: list[str], implies: dict[str, list[str]]) -> dict[str, bool]:
    """Independent reference: every permission reachable, True where only implied."""
    held = dict.fromkeys(granted, False)
    frontier = list(granted)
    while frontier:
        for implied in implies.get(frontier.pop(), []):
            if implied not in held:
                held[implied] = True
                frontier.append(implied)
    return held


def _stored() -> dict[str, dict[str, bool]]:
    table: dict[str, dict[str, bool]] = {}
    for link in RolePermission.objects.all():
        table.setdefault(link.role_id, {})[link.permission_id] = link.implied
    return table


@pytest.mark.django_db
def test_tables_match_the_data_file_after_migrations() -> None:
    """After migrating, Permission, Role and RolePermission hold exactly what roles.json says,
    with implied permissions expanded."""
    data = _data()
    assert dict(Permission.objects.values_list("code", "description")) == data["permissions"]
    assert {role.code: (role.name, role.scope, role.staff) for role in Role.objects.all()} == {
        spec["code"]: (spec["name"], spec["scope"], spec["staff"]) for spec in data["roles"]
    }
    expected = {
        spec["code"]: _closure(spec["permissions"], data["implies"]) for spec in data["roles"]
    }
    assert _stored() == {code: held for code, held in expected.items() if held}


@pytest.mark.django_db
def test_implied_permission_is_marked_implied() -> None:
    """A caseworker holds household.edit as granted and household.view as implied by it."""
    links = dict(
        RolePermission.objects.filter(role_id="caseworker").values_list("permission_id", "implied")
    )
    assert links["household.edit"] is False
    assert links["household.view"] is True


@pytest.mark.django_db
def test_sync_is_idempotent() -> None:
    """Loading the data file again changes nothing."""
    before = _stored()
    sync_roles()
    assert _stored() == before


@pytest.mark.django_db
def test_data_file_is_consistent() -> None:
    """Every permission a role grants or implies is declared, and every role code is unique."""
    data = _data()
    declared = set(data["permissions"])
    for source, targets in data["implies"].items():
        assert {source, *targets} <= declared
    for spec in data["roles"]:
        assert set(spec["permissions"]) <= declared, spec["code"]
    codes = [spec["code"] for spec in data["roles"]]
    assert len(codes) == len(set(codes))


def test_has_perm_is_scoped_to_the_organisation(world: World) -> None:
    """A caseworker of A may edit A's households and not B's."""
    caseworker = world.users["caseworker"]
    assert permissions.has_perm(caseworker, "household.edit", world.org_a.pk)
    assert permissions.has_perm(caseworker, "household.view", world.org_a.pk)
    assert not permissions.has_perm(caseworker, "household.edit", world.org_b.pk)
    assert not permissions.has_perm(caseworker, "household.edit", None)
    assert not permissions.has_perm(caseworker, "audit.view", world.org_a.pk)


def test_organisations_with_lists_where_a_permission_is_held(world: World) -> None:
    """organisations_with names the organisations of the memberships holding the permission."""
    caseworker = world.users["caseworker"]
    assert permissions.organisations_with(caseworker, "household.view") == {world.org_a.pk}
    assert permissions.organisations_with(caseworker, "membership.manage") == set()
    services.membership_add(
        actor=None, user=caseworker, organisation=world.org_b, role_code="analyst"
    )
    assert permissions.organisations_with(caseworker, "aggregate.view") == {world.org_b.pk}
    assert permissions.organisations_with(caseworker, "programme.view") == {
        world.org_a.pk,
        world.org_b.pk,
    }


def test_platform_role_holds_its_permissions_everywhere(world: World) -> None:
    """A platform-scope role applies to every organisation, not only its membership's."""
    admin = world.users["platform_admin"]
    assert permissions.is_platform_wide(admin, "audit.view")
    assert permissions.has_perm(admin, "audit.view", world.org_b.pk)
    assert permissions.organisations_with(admin, "audit.view") == set()
    assert not permissions.is_platform_wide(world.users["org_admin"], "audit.view")
    assert not permissions.has_perm(world.users["org_admin"], "audit.view", world.org_b.pk)


def test_anonymous_and_inactive_users_hold_nothing(world: World) -> None:
    """Nobody signed out or deactivated holds any permission."""
    assert permissions.permission_map(AnonymousUser()) == {}
    caseworker = world.users["caseworker"]
    caseworker.is_active = False
    permissions.forget(caseworker)
    assert not permissions.has_any(caseworker, "household.view")


def test_permissions_follow_membership_changes(world: World) -> None:
    """Adding and removing a membership changes what the same user object may do."""
    volunteer = world.users["volunteer"]
    assert not permissions.has_any(volunteer, "programme.view")
    membership = services.membership_add(
        actor=None, user=volunteer, organisation=world.org_a, role_code="focal_point"
    )
    assert permissions.has_perm(volunteer, "programme.view", world.org_a.pk)
    services.membership_remove(actor=None, membership=membership)
    assert not permissions.has_any(volunteer, "programme.view")


def test_two_factor_is_needed_only_for_staff_where_required(world: World) -> None:
    """needs_two_factor holds for staff roles of organisations that require it."""
    assert not permissions.needs_two_factor(world.users["caseworker"])
    world.org_a.requires_two_factor = True
    world.org_a.save()
    assert permissions.needs_two_factor(world.users["caseworker"])
    assert not permissions.needs_two_factor(world.users["volunteer"])
    assert not permissions.needs_two_factor(world.users_b["caseworker"])


def test_roles_page_shows_granted_and_implied(world: World) -> None:
    """The organisation administrator sees the role table with ✓ and (✓) marks."""
    response = world.client(world.users["org_admin"]).get("/accounts/roles/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "(✓)" in content
    assert content.replace("(✓)", "").count("✓") >= 1
    assert "household.edit" in content
    assert "Caseworker" in content


def test_roles_page_is_404_without_role_view(world: World) -> None:
    """A caseworker, who may not read the role table, gets 404."""
    assert world.client(world.users["caseworker"]).get("/accounts/roles/").status_code == 404
