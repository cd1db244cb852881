"""Directory entries, referrals and articles on top of the shared test world."""

from __future__ import annotations

import datetime
from typing import Any

from conftest import World
from welcomehub.people import services as people
from welcomehub.people.models import Household, Person
from welcomehub.programmes import directory, orientation
from welcomehub.programmes.models import OrientationArticle, Service


def service_of(world: World, org: str = "b", **changes: Any) -> Service:
    """An open service of organisation A or B in Lisboa (the work domain by default)."""
    fields: dict[str, Any] = {
        "name": "Job club for newcomers",
        "description": "Weekly help with CVs, job search and interviews.",
        "domain": "work",
        "languages": ["pt", "en", "ar"],
        "eligibility": "Adults with a residence permit",
        "how_to_apply": "Walk in on Tuesdays",
        "free_of_charge": True,
        "phone": "+351 210 000 000",
    }
    fields |= changes
    return directory.service_create(
        actor=None,
        organisation=world.org_a if org == "a" else world.org_b,
        places=[world.place],
        **fields,
    )


def sharing_consent(person: Person, world: World) -> Any:
    return people.consent_record(
        actor=None, person=person, purpose="sharing", method="written", partner=world.org_b
    )


def new_household(world: World) -> tuple[Household, Person]:
    """Another household of A's caseload, so household A itself stays out of shared
    pages seen by organisation B."""
    household = people.household_create(
        actor=None,
        organisation=world.org_a,
        programme=world.programme,
        pathway="resettlement",
        status="arrived",
        arrival_date=datetime.date(2026, 1, 5),
        location=world.place,
        nationality="AF",
        languages=["fa"],
        needs=[],
        protection_notes="Matrix protection note",
    )
    head = people.person_create(
        actor=None,
        household=household,
        given_name="Zahra",
        family_name="Karimi",
        date_of_birth=datetime.date(1985, 2, 3),
        sex="female",
        relationship="head",
        languages=["fa"],
        phone="+351 933 111 222",
    )
    return household, head


def article_of(world: World, org: str = "a", **changes: Any) -> OrientationArticle:
    fields: dict[str, Any] = {
        "slug": "health-care",
        "topic": "health_care",
        "source_language": "en",
        "title": "Seeing a doctor",
        "body": "Register with a family doctor at your health centre.",
    }
    fields |= changes
    return orientation.article_create(
        actor=None, organisation=world.org_a if org == "a" else world.org_b, **fields
    )
