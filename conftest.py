"""Shared test world: two organisations, a user for every role, households in each.

Organisation A leads a programme in which organisation B is also a partner, so every
"other organisation" check is made against a real neighbour, not a stranger.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from welcomehub.accounts import services as accounts
from welcomehub.accounts.models import Organisation, User
from welcomehub.core import crypto
from welcomehub.people import services as people
from welcomehub.people.models import Household, Person
from welcomehub.programmes import services as programmes
from welcomehub.programmes.models import Place, Programme

PASSWORD = "a-Long-test-passphrase-42"  # noqa: S105  (test accounts only)
ROLES = [
    "org_admin",
    "coordinator",
    "caseworker",
    "volunteer_coordinator",
    "volunteer",
    "sponsor",
    "focal_point",
    "analyst",
    "refugee",
]


@dataclass
class World:
    org_a: Organisation
    org_b: Organisation
    place: Place
    other_place: Place
    programme: Programme
    users: dict[str, User] = field(default_factory=dict)
    users_b: dict[str, User] = field(default_factory=dict)
    household_a: Household | None = None
    household_b: Household | None = None
    head_a: Person | None = None
    child_a: Person | None = None
    head_b: Person | None = None

    def client(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client


def _user(username: str, org: Organisation, role: str) -> User:
    user = accounts.user_create(actor=None, username=username, password=PASSWORD)
    accounts.membership_add(actor=None, user=user, organisation=org, role_code=role)
    return user


def _household(org: Organisation, programme: Programme, place: Place) -> Household:
    return people.household_create(
        actor=None,
        organisation=org,
        programme=programme,
        pathway="resettlement",
        status="arrived",
        arrival_date=datetime.date(2026, 3, 1),
        location=place,
        nationality="SY",
        languages=["ar"],
        needs=["medical"],
        protection_notes="Fled after threats; do not share location",
    )


def _person(household: Household, given: str, born: datetime.date, relationship: str) -> Person:
    return people.person_create(
        actor=None,
        household=household,
        given_name=given,
        family_name="Haddad",
        date_of_birth=born,
        sex="female",
        relationship=relationship,
        languages=["ar"],
        phone="+351 912 345 678" if relationship == "head" else "",
    )


def build_world() -> World:
    crypto.reset_cipher()
    org_a = accounts.organisation_create(
        actor=None, name="Welcome Network A", org_type="ngo", country="PT"
    )
    org_b = accounts.organisation_create(
        actor=None, name="Community Partner B", org_type="refugee_led", country="PT"
    )
    country = programmes.place_create(actor=None, name="Portugal", kind="country", country="PT")
    place = programmes.place_create(
        actor=None, name="Lisboa", kind="municipality", country="PT", parent=country
    )
    other_place = programmes.place_create(
        actor=None, name="Porto", kind="municipality", country="PT", parent=country
    )
    programme = programmes.programme_create(
        actor=None,
        name="Test Resettlement Programme",
        kind="national",
        country="PT",
        area=country,
        lead=org_a,
        places=[place, other_place],
    )
    programmes.partner_add(actor=None, programme=programme, organisation=org_b, role="implementing")
    world = World(
        org_a=org_a, org_b=org_b, place=place, other_place=other_place, programme=programme
    )
    world.users = {role: _user(f"a-{role}", org_a, role) for role in ROLES}
    world.users["platform_admin"] = _user("platform-admin", org_a, "platform_admin")
    world.users_b = {role: _user(f"b-{role}", org_b, role) for role in ROLES}
    world.household_a = _household(org_a, programme, place)
    world.head_a = _person(world.household_a, "Amal", datetime.date(1988, 5, 17), "head")
    today = datetime.date.today()
    world.child_a = _person(world.household_a, "Lina", today.replace(year=today.year - 10), "child")
    people.person_link_user(actor=None, person=world.head_a, user=world.users["refugee"])
    world.household_b = _household(org_b, programme, other_place)
    world.head_b = _person(world.household_b, "Rania", datetime.date(1990, 1, 2), "head")
    people.person_link_user(actor=None, person=world.head_b, user=world.users_b["refugee"])
    return world


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _english_to_start() -> Any:
    """Each test starts in English: a request in another language leaves that language
    active in the thread, which would otherwise leak into the next test."""
    translation.activate("en")
    yield
    translation.deactivate()


def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Browser (and other transactional) tests commit for real, and the database is emptied
    after each one, reference data included (roles, catalogues loaded by migrations).
    Restore that data before each of them, so that any two can run in any order on one
    worker; the emptying then leaves content types alone, so the restore never meets
    rows it would duplicate."""
    for item in items:
        database = item.get_closest_marker("django_db")
        transactional = database is not None and database.kwargs.get("transaction")
        if item.get_closest_marker("browser") or transactional:
            item.add_marker(
                pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False
            )
