"""Inviting someone to an existing mutual-support group from its page: whom the form
offers (the proposals' consent and theme rules), the size limit, and refusals that
change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from conftest import World
from welcomehub.community import selectors, services
from welcomehub.community.models import GroupMember, MembershipStatus, SupportGroup
from welcomehub.community.tests.support import Community, member_of, mother_with_toddler
from welcomehub.core.models import AuditEvent
from welcomehub.people import services as people
from welcomehub.people.models import Person

pytestmark = pytest.mark.django_db


def _invite(client: Client, group: SupportGroup, person: Any) -> Any:
    value = person.pk if isinstance(person, Person) else person
    return client.post(
        reverse("community:member_invite", args=[group.pk]), {"person": value}, follow=True
    )


def _members(group: SupportGroup) -> list[tuple[int, str]]:
    return sorted(GroupMember.objects.filter(group=group).values_list("person_id", "status"))


# --- whom the form offers ----------------------------------------------------------


def test_the_form_offers_consenting_caseload_people_who_fit(
    world: World, community: Community
) -> None:
    newcomer = mother_with_toddler(world, "Dalia")
    no_consent = mother_with_toddler(world, "Rasha", consent=False)
    other_org = mother_with_toddler(world, "Maha", organisation="b")
    man = people.person_create(
        actor=None,
        household=newcomer.household,
        given_name="Omar",
        family_name="Test",
        sex="male",
        relationship="spouse",
        languages=["ar"],
    )
    people.consent_record(actor=None, person=man, purpose="matching", method="written")
    offered = selectors.invitable(community.group)
    assert offered == [newcomer.pk]  # not the members, the man, no consent, nor B's
    assert no_consent.pk not in offered
    assert other_org.pk not in offered

    client = world.client(world.users["coordinator"])
    page = client.get(reverse("community:group", args=[community.group.pk])).content.decode()
    assert reverse("community:member_invite", args=[community.group.pk]) in page
    assert f'value="{newcomer.pk}"' in page
    assert newcomer.household.reference in page
    assert "Dalia" not in page  # staff see a reference and an age band, never a name
    assert f'value="{no_consent.pk}"' not in page
    listed = AuditEvent.objects.filter(
        action="list", object_type="people.person", detail__invitable_to=community.group.pk
    )
    assert listed.get().detail["person_ids"] == [newcomer.pk]


def test_busy_declined_and_other_language_are_not_offered(
    world: World, community: Community
) -> None:
    declined = member_of(community.group, community.mothers[0])
    services.member_respond(actor=world.users["coordinator"], member=declined, join=False)
    busy = mother_with_toddler(world, "Hiba2")
    services.group_create(
        actor=world.users["coordinator"],
        organisation=world.org_a,
        programme=world.programme,
        name="Another mothers' circle",
        theme="women_small_children",
        min_size=2,
        max_size=6,
        person_ids=[busy.pk],
    )
    speaker = mother_with_toddler(world, "Yasmin2")
    Person.objects.filter(pk=speaker.pk).update(languages=["uk"])
    speaker.household.languages = ["uk"]
    speaker.household.save(update_fields=["languages"])
    assert selectors.invitable(community.group) == []
    page = (
        world.client(world.users["coordinator"])
        .get(reverse("community:group", args=[community.group.pk]))
        .content.decode()
    )
    assert "Nobody else of your caseload fits this group" in page


# --- inviting ------------------------------------------------------------------------


def test_coordinator_invites_and_the_person_sees_it(world: World, community: Community) -> None:
    newcomer = mother_with_toddler(world, "Dalia")
    response = _invite(world.client(world.users["coordinator"]), community.group, newcomer)
    assert "Invitation sent." in response.content.decode()
    member = member_of(community.group, newcomer)
    assert member.status == MembershipStatus.INVITED
    assert AuditEvent.objects.filter(
        action="create", object_type="community.groupmember", object_id=str(member.pk)
    ).exists()
    assert newcomer.pk not in selectors.invitable(community.group)
    # the volunteer coordinator (community.manage too) may invite as well
    second = mother_with_toddler(world, "Salma2")
    _invite(world.client(world.users["volunteer_coordinator"]), community.group, second)
    assert member_of(community.group, second).status == MembershipStatus.INVITED


def test_a_full_group_refuses_and_changes_nothing(world: World, community: Community) -> None:
    SupportGroup.objects.filter(pk=community.group.pk).update(max_size=3)  # 3 invited
    community.group.refresh_from_db()
    newcomer = mother_with_toddler(world, "Dalia")
    before = _members(community.group)
    client = world.client(world.users["coordinator"])
    page = client.get(reverse("community:group", args=[community.group.pk])).content.decode()
    assert "The group is full." in page
    assert f'value="{newcomer.pk}"' not in page
    response = _invite(client, community.group, newcomer)
    assert "The group is full." in response.content.decode()
    assert _members(community.group) == before
    # a place frees up when someone declines
    services.member_respond(
        actor=world.users["coordinator"],
        member=member_of(community.group, community.mothers[0]),
        join=False,
    )
    _invite(client, community.group, newcomer)
    assert member_of(community.group, newcomer).status == MembershipStatus.INVITED


def test_without_consent_refused_with_a_clear_error(world: World, community: Community) -> None:
    no_consent = mother_with_toddler(world, "Rasha", consent=False)
    before = _members(community.group)
    response = _invite(world.client(world.users["coordinator"]), community.group, no_consent)
    assert "has not consented to matching" in response.content.decode()
    assert _members(community.group) == before
    # consent withdrawn after the page was shown: refused too
    newcomer = mother_with_toddler(world, "Dalia")
    consent = newcomer.consents.get(purpose="matching")
    people.consent_withdraw(actor=None, consent=consent)
    response = _invite(world.client(world.users["coordinator"]), community.group, newcomer)
    assert "has not consented to matching" in response.content.decode()
    assert _members(community.group) == before


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "Choose someone to invite."), ("abc", "Choose someone to invite.")],
)
def test_bad_input_changes_nothing(
    world: World, community: Community, value: str, message: str
) -> None:
    before = _members(community.group)
    response = _invite(world.client(world.users["coordinator"]), community.group, value)
    assert message in response.content.decode()
    assert _members(community.group) == before


def test_already_invited_closed_and_unknown_people_refused(
    world: World, community: Community
) -> None:
    client = world.client(world.users["coordinator"])
    before = _members(community.group)
    response = _invite(client, community.group, community.mothers[0])
    assert "already invited" in response.content.decode()
    other_org = mother_with_toddler(world, "Maha", organisation="b")
    assert (
        client.post(
            reverse("community:member_invite", args=[community.group.pk]),
            {"person": other_org.pk},
        ).status_code
        == 404
    )
    missing = Person.objects.order_by("-pk").first()
    assert missing is not None
    assert (
        client.post(
            reverse("community:member_invite", args=[community.group.pk]),
            {"person": missing.pk + 1000},
        ).status_code
        == 404
    )
    newcomer = mother_with_toddler(world, "Dalia")
    services.group_close(actor=world.users["coordinator"], group=community.group)
    response = _invite(client, community.group, newcomer)
    assert "The group is closed." in response.content.decode()
    assert _members(community.group) == before


@pytest.mark.parametrize(
    "who", ["anonymous", "a:caseworker", "a:refugee", "a:analyst", "b:coordinator"]
)
def test_others_are_refused_and_nothing_changes(
    world: World, community: Community, who: str
) -> None:
    newcomer = mother_with_toddler(world, "Dalia")
    if who == "anonymous":
        client = world.client(None)
    else:
        org, role = who.split(":")
        client = world.client((world.users if org == "a" else world.users_b)[role])
    before = _members(community.group)
    response = client.post(
        reverse("community:member_invite", args=[community.group.pk]), {"person": newcomer.pk}
    )
    if who == "anonymous":
        assert response.status_code == 302
        assert "login" in response["Location"]
    else:
        assert response.status_code == 404
    assert _members(community.group) == before


def test_service_refuses_a_stranger_to_the_organisation(world: World, community: Community) -> None:
    newcomer = mother_with_toddler(world, "Dalia")
    with pytest.raises(ValidationError, match="do not run community work"):
        services.member_invite(
            actor=world.users_b["coordinator"], group=community.group, person=newcomer
        )
    assert not GroupMember.objects.filter(person=newcomer).exists()
