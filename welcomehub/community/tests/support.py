"""Test builders for community: families of organisation A that consented to matching,
a group, a session, events."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from conftest import World
from welcomehub.community import events, services
from welcomehub.community.models import CommunityEvent, GroupMember, SupportGroup
from welcomehub.people import services as people
from welcomehub.people.models import Household, Person

NAMES = ["Samira", "Noor", "Hiba", "Yasmin", "Dalia", "Rasha", "Maha", "Salma"]


def mother_with_toddler(
    world: World, given: str, *, consent: bool = True, organisation: str = "a"
) -> Person:
    """A household: a woman of 30 and her child of 2, Arabic-speaking, arrived lately."""
    today = timezone.localdate()
    org = world.org_a if organisation == "a" else world.org_b
    household = people.household_create(
        actor=None,
        organisation=org,
        programme=world.programme,
        pathway="resettlement",
        status="arrived",
        arrival_date=today - datetime.timedelta(days=60),
        location=world.place,
        nationality="SY",
        languages=["ar"],
        needs=[],
    )
    mother = people.person_create(
        actor=None,
        household=household,
        given_name=given,
        family_name="Test",
        date_of_birth=today.replace(year=today.year - 30),
        sex="female",
        relationship="head",
        languages=["ar"],
        phone="+351 900 000 111",
        email=f"{given.lower()}@example.org",
    )
    people.person_create(
        actor=None,
        household=household,
        given_name=f"{given}-child",
        family_name="Test",
        date_of_birth=today.replace(year=today.year - 2),
        sex="male",
        relationship="child",
        languages=["ar"],
    )
    if consent:
        people.consent_record(actor=None, person=mother, purpose="matching", method="written")
    return mother


@dataclass
class Community:
    mothers: list[Person]
    group: SupportGroup
    event: CommunityEvent


def build_community(world: World, *, mothers: int = 3) -> Community:
    coordinator = world.users["coordinator"]
    persons = [mother_with_toddler(world, NAMES[i]) for i in range(mothers)]
    group = services.group_create(
        actor=coordinator,
        organisation=world.org_a,
        programme=world.programme,
        name="Mothers' circle",
        theme="women_small_children",
        language="ar",
        place=world.place,
        min_size=2,
        max_size=6,
        person_ids=[p.pk for p in persons],
    )
    event = public_event(world, capacity=5)
    return Community(persons, group, event)


def public_event(world: World, *, capacity: int = 5, visibility: str = "public") -> CommunityEvent:
    start = timezone.now() + datetime.timedelta(days=7)
    return events.event_create(
        actor=world.users["coordinator"],
        organisation=world.org_a,
        programme=world.programme,
        title="Welcome picnic",
        kind="welcome",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        venue="Jardim da Estrela",
        capacity=capacity,
        languages=["ar", "pt"],
        support=["childcare", "interpretation"],
        visibility=visibility,
    )


def member_of(group: SupportGroup, person: Person) -> GroupMember:
    return GroupMember.objects.get(group=group, person=person)


def household_of(person: Person) -> Household:
    return person.household
