"""Organisation pages: an organisation's administrator manages its members; everyone
else is refused without learning more, and a refused request changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from conftest import World
from welcomehub.accounts import services
from welcomehub.accounts.models import Membership, User
from welcomehub.core.models import AuditAction, AuditEvent


def _page(world: World) -> str:
    return f"/accounts/organisations/{world.org_a.pk}/"


def _remove_url(membership: Membership) -> str:
    return f"/accounts/organisations/{membership.organisation_id}/members/{membership.pk}/remove/"


def _snapshot() -> list[tuple[int, int, str]]:
    return sorted(Membership.objects.values_list("user_id", "organisation_id", "role_id"))


def _membership(user: User, world: World) -> Membership:
    return Membership.objects.get(user=user, organisation=world.org_a)


def test_org_admin_sees_members_and_the_add_form(world: World) -> None:
    """Organisation A's administrator sees every member of A with their role."""
    response = world.client(world.users["org_admin"]).get(_page(world))
    assert response.status_code == 200
    content = response.content.decode()
    for username in ("a-caseworker", "a-volunteer", "a-refugee"):
        assert username in content
    assert "b-caseworker" not in content
    assert response.context["form"] is not None


def test_org_admin_adds_a_member(world: World) -> None:
    """Adding a member by user name and role creates the membership and an audit row."""
    client = world.client(world.users["org_admin"])
    response = client.post(_page(world), {"username": "b-volunteer", "role": "volunteer"})
    assert response.status_code == 302
    membership = Membership.objects.get(
        user=world.users_b["volunteer"], organisation=world.org_a, role_id="volunteer"
    )
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE,
        object_type="accounts.membership",
        object_id=str(membership.pk),
        actor=world.users["org_admin"],
        organisation=world.org_a,
    ).exists()


def test_org_admin_removes_a_member(world: World) -> None:
    """Removing a membership deletes it and leaves an audit row."""
    membership = _membership(world.users["volunteer"], world)
    response = world.client(world.users["org_admin"]).post(_remove_url(membership))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.DELETE,
        object_type="accounts.membership",
        object_id=str(membership.pk),
        actor=world.users["org_admin"],
    ).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "no-such-person", "role": "volunteer"}, "No account has this user name."),
        ({"username": "a-caseworker", "role": "caseworker"}, "already has that role"),
        ({"username": "a-caseworker", "role": "platform_admin"}, "Select a valid choice"),
        ({"username": "", "role": "volunteer"}, "This field is required"),
    ],
)
def test_bad_additions_show_an_error_and_change_nothing(
    world: World, data: dict[str, str], message: str
) -> None:
    """An unknown user name, a role already held, a platform role or a blank name is
    reported on the page and adds nothing."""
    client = world.client(world.users["org_admin"])
    before = _snapshot()
    audit_rows = AuditEvent.objects.count()
    response = client.post(_page(world), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _snapshot() == before
    assert AuditEvent.objects.count() == audit_rows


def test_admin_cannot_remove_own_admin_role(world: World) -> None:
    """An administrator's own administrator membership stays, with an error message."""
    admin = world.users["org_admin"]
    membership = _membership(admin, world)
    response = world.client(admin).post(_remove_url(membership), follow=True)
    assert "You cannot remove your own administrator role." in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def _refused(world: World, who: str) -> Any:
    return {
        "org_admin_b": world.users_b["org_admin"],
        "caseworker_a": world.users["caseworker"],
        "anonymous": None,
    }[who]


@pytest.mark.parametrize("who", ["org_admin_b", "anonymous"])
def test_outsiders_cannot_see_organisation_a(world: World, who: str) -> None:
    """B's administrator gets 404 for A's page; an anonymous visitor is sent to sign in."""
    response = world.client(_refused(world, who)).get(_page(world))
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 404


def test_caseworker_sees_no_management(world: World) -> None:
    """A caseworker of A is not offered the add form or remove buttons on A's page."""
    response = world.client(world.users["caseworker"]).get(_page(world))
    if response.status_code == 200:
        assert response.context["form"] is None
        assert "/remove/" not in response.content.decode()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", ["org_admin_b", "caseworker_a", "anonymous"])
def test_refused_posts_change_nothing(world: World, who: str) -> None:
    """B's administrator, A's caseworker and an anonymous visitor can neither add nor
    remove members of A: 404 (or sign-in) and the memberships are as before."""
    client = world.client(_refused(world, who))
    before = _snapshot()
    audit_rows = AuditEvent.objects.filter(object_type="accounts.membership").count()
    added = client.post(_page(world), {"username": "b-volunteer", "role": "volunteer"})
    removed = client.post(_remove_url(_membership(world.users["volunteer"], world)))
    for response in (added, removed):
        assert response.status_code == (302 if who == "anonymous" else 404)
        if who == "anonymous":
            assert response["Location"].startswith("/accounts/login/")
    assert _snapshot() == before
    assert AuditEvent.objects.filter(object_type="accounts.membership").count() == audit_rows


def test_membership_of_another_organisation_cannot_be_removed_through_a(world: World) -> None:
    """A's administrator cannot remove a B membership by putting its id under A's page."""
    membership = Membership.objects.get(user=world.users_b["volunteer"])
    response = world.client(world.users["org_admin"]).post(
        f"/accounts/organisations/{world.org_a.pk}/members/{membership.pk}/remove/"
    )
    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_org_admin_cannot_remove_a_platform_role(world: World) -> None:
    """A platform-wide role, which an organisation's administrator cannot grant, cannot be
    taken away by them either."""
    membership = _membership(world.users["platform_admin"], world)
    response = world.client(world.users["org_admin"]).post(_remove_url(membership), follow=True)
    assert "Only a platform administrator can change this role." in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_only_a_platform_admin_grants_a_platform_role(world: World) -> None:
    """The membership service refuses a platform role from an organisation's administrator
    and accepts it from a platform administrator."""
    volunteer = world.users["volunteer"]
    with pytest.raises(ValidationError):
        services.membership_add(
            actor=world.users["org_admin"],
            user=volunteer,
            organisation=world.org_a,
            role_code="platform_admin",
        )
    services.membership_add(
        actor=world.users["platform_admin"],
        user=volunteer,
        organisation=world.org_a,
        role_code="platform_admin",
    )
    assert Membership.objects.filter(user=volunteer, role_id="platform_admin").exists()


def test_organisation_list_shows_own_organisations(world: World) -> None:
    """The organisation list shows the organisations where the user may see members."""
    response = world.client(world.users["org_admin"]).get("/accounts/organisations/")
    assert list(response.context["organisations"]) == [world.org_a]
    assert world.client(world.users["volunteer"]).get("/accounts/organisations/").status_code == 404


def test_platform_admin_lists_and_manages_every_organisation(world: World) -> None:
    """The platform administrator sees every organisation and may add members to any."""
    client = world.client(world.users["platform_admin"])
    listed = client.get("/accounts/organisations/").context["organisations"]
    assert {world.org_a, world.org_b} <= set(listed)
    page_b = f"/accounts/organisations/{world.org_b.pk}/"
    assert client.get(page_b).context["form"] is not None
    assert client.post(page_b, {"username": "a-volunteer", "role": "volunteer"}).status_code == 302
    assert Membership.objects.filter(
        user=world.users["volunteer"], organisation=world.org_b
    ).exists()
