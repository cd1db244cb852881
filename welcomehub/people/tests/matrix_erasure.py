"""A data subject's export and erasure by the caseworker in the authorisation matrix (see
welcomehub/tests/matrix_support.py).

The export reads household A. The erasure pages name a household of A of their own, with
a consent in force and a portal code, so that even an erasure the matrix allowed could
not blank household A for the cases after it (each case is rolled back as well), and so
that an erasure a refused user got through would change the counted state.
"""

from __future__ import annotations

import datetime
from typing import Any

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.people import portal
from welcomehub.people import services as people
from welcomehub.tests.matrix_support import CASEWORKER_A, MatrixWorld, get_post, rule


def build(world: World) -> dict[str, Any]:
    household = people.household_create(
        actor=None,
        organisation=world.org_a,
        programme=world.programme,
        pathway="resettlement",
        status="arrived",
        arrival_date=datetime.date(2026, 4, 1),
        location=world.place,
        nationality="AF",
        languages=["fa"],
        needs=[],
        protection_notes="Erasable matrix notes",
    )
    person = people.person_create(
        actor=None,
        household=household,
        given_name="Erasable",
        family_name="Matrix",
        sex="male",
        relationship="head",
        languages=["fa"],
    )
    people.consent_record(actor=None, person=person, purpose="case_management", method="verbal")
    portal.portal_invite(actor=None, person=person, language="ar")
    return {"household": household, "person": person}


def _built(matrix: MatrixWorld) -> dict[str, Any]:
    found: dict[str, Any] = matrix.built[__name__]
    return found


KWARGS: dict[str, Any] = {
    "erasure_reference": lambda m: _built(m)["household"].reference,
    "erasure_person_id": lambda m: _built(m)["person"].pk,
}

PAGES = {
    "people:household_data": {"GET": rule(CASEWORKER_A, shows_a=True)},
    "people:household_erase": get_post(rule(CASEWORKER_A)),
    "people:person_erase": get_post(rule(CASEWORKER_A)),
}

# An erasure withdraws consents and deletes portal codes (counted already); its audit
# row is counted here, for a household with neither.
STATE = [
    (
        "erasures",
        AuditEvent,
        "COUNT(CASE WHEN action = 'delete' AND object_type IN "
        "('people.household', 'people.person') THEN 1 END)",
    ),
]
