"""A small world of measured people whose dashboard figures can be worked out by hand.

Programme of the shared `world` (A leads, B partners). Work answers only:
`work_paid` (no 0 / yes 100) and `work_skills` (1-5 as 0, 25, 50, 75, 100).

| person | place  | sex    | born | baseline        | follow-up        | change |
|--------|--------|--------|------|-----------------|------------------|--------|
| P1     | Lisboa | female | 1990 | paid 0 (0)      | paid 1 (100)     | +100   |
| P2     | Lisboa | female | 2005 | skills 2 (25)   | skills 4 (75)    | +50    |
| P3     | Lisboa | male   | 1970 | paid 1 (100)    | paid 0 (0)       | -100   |
| P4     | Porto  | female | 1990 | paid 0 (0)      | paid 0 (0)       | 0      |
| P5     | Porto  | male   | -    | skills 1 (0)    | skills 3 (50)    | +50    |

Households arrived on 2024-03-01 (P1-P3, pathway resettlement) and 2025-06-01 (P4-P5,
named sponsorship). Not counted: P6 in Lisboa (no consent to aggregate statistics),
P7 (baseline only), and the members of the world's own households (never assessed).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from conftest import World
from welcomehub.outcomes import services
from welcomehub.people import services as people
from welcomehub.people.models import Household, Person
from welcomehub.programmes.models import Place

BASELINE_DAY = datetime.date(2025, 7, 1)
FOLLOW_UP_DAY = datetime.date(2026, 1, 1)


@dataclass
class Measured:
    world: World
    persons: dict[str, Person]


def _household(world: World, place: Place, arrival: datetime.date, pathway: str) -> Household:
    return people.household_create(
        actor=None,
        organisation=world.org_a,
        programme=world.programme,
        pathway=pathway,
        status="arrived",
        arrival_date=arrival,
        location=place,
        nationality="SY",
    )


def measured_person(
    world: World,
    household: Household,
    *,
    sex: str,
    born: int | None,
    answers: tuple[dict[str, int], ...],
    aggregate_consent: bool = True,
) -> Person:
    person = people.person_create(
        actor=None,
        household=household,
        given_name="Zainab",
        sex=sex,
        relationship="other",
        date_of_birth=datetime.date(born, 6, 1) if born else None,
    )
    purposes = ["case_management"] + (["aggregate_statistics"] if aggregate_consent else [])
    for purpose in purposes:
        people.consent_record(actor=None, person=person, purpose=purpose, method="verbal")
    kinds: list[dict[str, Any]] = [
        {"kind": "baseline", "date": BASELINE_DAY},
        {"kind": "follow_up_6", "date": FOLLOW_UP_DAY},
    ]
    for details, given in zip(kinds, answers, strict=False):
        services.assessment_record(
            actor=world.users["caseworker"],
            person=person,
            answers=given,
            answered_by="together",
            language="en",
            **details,
        )
    return person


def build_measured(world: World) -> Measured:
    lisboa = _household(world, world.place, datetime.date(2024, 3, 1), "resettlement")
    porto = _household(world, world.other_place, datetime.date(2025, 6, 1), "named_sponsorship")
    paid, skills = "work_paid", "work_skills"
    specs: dict[str, tuple[Household, str, int | None, tuple[dict[str, int], ...]]] = {
        "P1": (lisboa, "female", 1990, ({paid: 0}, {paid: 1})),
        "P2": (lisboa, "female", 2005, ({skills: 2}, {skills: 4})),
        "P3": (lisboa, "male", 1970, ({paid: 1}, {paid: 0})),
        "P4": (porto, "female", 1990, ({paid: 0}, {paid: 0})),
        "P5": (porto, "male", None, ({skills: 1}, {skills: 3})),
        "P7": (porto, "male", 1990, ({paid: 0},)),
    }
    persons = {
        name: measured_person(world, household, sex=sex, born=born, answers=answers)
        for name, (household, sex, born, answers) in specs.items()
    }
    persons["P6"] = measured_person(
        world,
        lisboa,
        sex="female",
        born=1990,
        answers=({paid: 0}, {paid: 1}),
        aggregate_consent=False,
    )
    return Measured(world, persons)
