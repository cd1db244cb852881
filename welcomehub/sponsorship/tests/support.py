"""A sponsorship world on top of the shared test world (conftest.World), built through
the services: two groups overseen by organisation A, one under the named model."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from conftest import World
from welcomehub.people import services as people
from welcomehub.people.models import Household
from welcomehub.sponsorship import lifecycle, services
from welcomehub.sponsorship.models import (
    CheckIn,
    GroupMember,
    NamedRequest,
    PlanArea,
    SponsorGroup,
    Sponsorship,
)


@dataclass
class Sponsoring:
    group: SponsorGroup
    member: GroupMember  # linked to A's sponsor account
    named_group: SponsorGroup
    named_request: NamedRequest  # pending
    household: Household  # a new household of A, sponsored by `group`
    sponsorship: Sponsorship  # introduced, with its four check-ins
    checkin: CheckIn  # day 30, not yet held


def ready_member(group: SponsorGroup, name: str) -> GroupMember:
    today = timezone.localdate()
    member = services.member_add(actor=None, group=group, name=name, contact=f"{name}@example.org")
    services.check_record(actor=None, member=member, kind="identity", checked_on=today)
    services.check_record(
        actor=None,
        member=member,
        kind="police",
        checked_on=today,
        expires_on=today + datetime.timedelta(days=365),
    )
    for module in ("induction", "safeguarding"):
        services.training_record(actor=None, member=member, module=module, completed_on=today)
    return member


def consenting_household(world: World, *, size: int = 2, arrival: datetime.date) -> Household:
    household = people.household_create(
        actor=None,
        organisation=world.org_a,
        programme=world.programme,
        pathway="resettlement",
        status="arrived",
        arrival_date=arrival,
        location=world.place,
        nationality="AF",
        languages=["fa"],
        needs=[],
    )
    head = None
    for i in range(size):
        person = people.person_create(
            actor=None,
            household=household,
            given_name=f"Sponsored{i}",
            family_name="Karimi",
            sex="male",
            relationship="head" if i == 0 else "child",
            languages=["fa"],
        )
        head = head or person
    assert head is not None
    people.consent_record(actor=None, person=head, purpose="matching", method="verbal")
    return household


def group(
    world: World, *, model: str = "sponsored_resettlement", name: str = "Lisboa Welcome"
) -> SponsorGroup:
    return services.group_create(
        actor=None,
        programme=world.programme,
        organisation=world.org_a,
        name=name,
        kind="community_group",
        model=model,
        place=world.place,
        housing_persons=5,
        languages=["fa", "pt"],
        funds_available=10000,
    )


def build_sponsoring(world: World) -> Sponsoring:
    today = timezone.localdate()
    resettlement = group(world)
    member = ready_member(resettlement, "Beatriz")
    services.member_link_user(actor=None, member=member, user=world.users["sponsor"])
    named_group = group(world, model="named", name="Named Friends")
    ready_member(named_group, "Carlos")
    request = services.named_request_submit(
        actor=None,
        group=named_group,
        names="Nadia Rahimi",
        case_number="UNHCR-123-456",
        relationship="Cousin of a member",
        current_location="Islamabad",
        persons=3,
    )
    household = consenting_household(world, arrival=today - datetime.timedelta(days=40))
    sponsorship = lifecycle.sponsorship_approve(actor=None, group=resettlement, household=household)
    lifecycle.sponsorship_introduce(actor=None, sponsorship=sponsorship, introduced_on=today)
    for area in PlanArea.values:
        lifecycle.plan_item_set(
            actor=None,
            sponsorship=sponsorship,
            area=area,
            responsible="Beatriz",
            actions="Agreed support",
            monthly_amount=100 if area == "income_support" else 0,
            months=12 if area == "income_support" else 0,
        )
    return Sponsoring(
        group=resettlement,
        member=member,
        named_group=named_group,
        named_request=request,
        household=household,
        sponsorship=sponsorship,
        checkin=sponsorship.checkins.get(day=30),
    )
