"""Volunteer routes in the authorisation matrix (see welcomehub/tests/matrix_support.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from conftest import World
from welcomehub.connections import services
from welcomehub.connections.models import (
    Clearance,
    HoursEntry,
    Insurance,
    Interview,
    Match,
    TrainingRecord,
    Volunteer,
    VolunteerReference,
    VolunteerStatus,
)
from welcomehub.people import services as people
from welcomehub.tests.matrix_support import get_post, keys, rule

# The application form needs no account (issue 5).
PUBLIC = frozenset({"connections:apply", "connections:apply_done"})

COORDINATOR_A = frozenset({"a:volunteer_coordinator"})
COORDINATOR_B = frozenset({"b:volunteer_coordinator"})  # volunteer.manage in B only
VOLUNTEER_A = frozenset({"a:volunteer"})  # the volunteer record is linked to A's user

PAGES = {
    "connections:volunteer_list": {"GET": rule(COORDINATOR_A, COORDINATOR_B)},
    "connections:volunteer_detail": {"GET": rule(COORDINATOR_A)},
    "connections:volunteer_clear": {"POST": rule(COORDINATOR_A)},
    "connections:volunteer_step": {"POST": rule(COORDINATOR_A)},
    "connections:certificate": {"GET": rule(COORDINATOR_A)},
    "connections:oversight": {"GET": rule(COORDINATOR_A, COORDINATOR_B)},
    "connections:insurance": get_post(rule(COORDINATOR_A, COORDINATOR_B)),
    "connections:matches": {"GET": rule(COORDINATOR_A, COORDINATOR_B)},
    # each coordinator suggests for their own organisation
    "connections:matches_suggest": {"POST": rule(keys("ab", "volunteer_coordinator"))},
    "connections:match_action": {"POST": rule(COORDINATOR_A)},
    "connections:my_volunteering": get_post(rule(VOLUNTEER_A)),
    "connections:my_certificate": {"GET": rule(VOLUNTEER_A)},
}

API = {
    # each coordinator reads the volunteers of their own organisation
    ("GET", "/api/connections/volunteers"): rule(keys("ab", "volunteer_coordinator")),
    ("GET", "/api/connections/me"): rule(VOLUNTEER_A),
}


def build(world: World) -> dict[str, Any]:
    """A cleared volunteer of A (the user of A's volunteer role) introduced to a new
    household of A (not household A: its reference is kept from most roles)."""
    coordinator = world.users["volunteer_coordinator"]
    today = datetime.date.today()
    volunteer = services.volunteer_apply(
        actor=None, organisation=world.org_a, given_name="Matrix", email="m@example.org",
        languages=["ar"], availability=["weekends"], role_wanted="buddy", place=world.place,
    )  # fmt: skip
    services.interview_record(
        actor=coordinator, volunteer=volunteer, held_on=today, recommendation="proceed"
    )
    for name in ("R1", "R2"):
        ref = services.reference_add(
            actor=coordinator, volunteer=volunteer, referee_name=name, referee_contact="x"
        )
        services.reference_check(actor=coordinator, reference=ref, satisfactory=True)
    services.clearance_record(
        actor=coordinator, volunteer=volunteer, issuing_body="Police", number="1",
        issued_on=today, expires_on=today + datetime.timedelta(days=365),
    )  # fmt: skip
    services.training_record(
        actor=coordinator,
        volunteer=volunteer,
        module="safeguarding",
        hours=Decimal(2),
        completed_on=today,
    )
    services.agreements_sign(
        actor=coordinator, volunteer=volunteer, code_of_conduct_on=today, role_boundaries_on=today
    )
    volunteer.refresh_from_db()
    volunteer.user = world.users["volunteer"]
    volunteer.status = VolunteerStatus.CLEARED
    volunteer.cleared_on = today
    volunteer.save()
    household = people.household_create(
        actor=None, organisation=world.org_a, programme=world.programme, pathway="resettlement",
        status="arrived", location=world.place, nationality="AF", languages=["ar"],
    )  # fmt: skip
    head = people.person_create(
        actor=None, household=household, given_name="Matrixhead", family_name="X",
        date_of_birth=datetime.date(1980, 1, 1), sex="male", relationship="head",
    )  # fmt: skip
    people.consent_record(actor=None, person=head, purpose="matching", method="verbal")
    (match,) = services.matches_suggest(actor=coordinator, organisation=world.org_a)
    services.match_approve(actor=coordinator, match=match, meeting_place="Library")
    services.match_introduce(actor=coordinator, match=match, household_told_how="Phone")
    return {"volunteer": volunteer, "match": match}


KWARGS: dict[str, Any] = {
    "volunteer_org_id": lambda m: m.world.org_a.pk,
    "volunteer_ref": lambda m: m.built[__name__]["volunteer"].reference,
    "volunteer_step": lambda m: "interview",
    "match_id": lambda m: m.built[__name__]["match"].pk,
    "match_action": lambda m: "approve",
}

STATE = [
    ("connections_volunteers", Volunteer, "COUNT(*)"),
    ("connections_volunteers_changed", Volunteer, "MAX(updated_at)"),
    ("connections_interviews", Interview, "COUNT(*)"),
    ("connections_references", VolunteerReference, "COUNT(*)"),
    ("connections_clearances", Clearance, "COUNT(*)"),
    ("connections_trainings", TrainingRecord, "COUNT(*)"),
    ("connections_hours", HoursEntry, "COUNT(*)"),
    ("connections_insurance", Insurance, "COUNT(*)"),
    ("connections_matches", Match, "COUNT(*)"),
    ("connections_matches_changed", Match, "MAX(updated_at)"),
]
