"""A placement world on top of the shared test world: both households awaiting
arrival, a location in Lisboa and one in Porto, and one finished run."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from conftest import World
from welcomehub.outcomes import services as outcomes
from welcomehub.outcomes.models import Question
from welcomehub.people import services as people
from welcomehub.people.models import Household
from welcomehub.placement import services
from welcomehub.placement.models import PlacementLocation, PlacementRun


@dataclass
class Placement:
    lisboa: PlacementLocation
    porto: PlacementLocation
    run: PlacementRun


def build_placement(world: World, *, households: bool = True) -> Placement:
    """With `households`, the world's two households wait for placement; without, they
    keep their status and only a new one-person household of A does (so pages
    shown to the coordinator do not carry household A's reference)."""
    coordinator = world.users["coordinator"]
    if households:
        for household in (world.household_a, world.household_b):
            assert household is not None
            people.household_update(actor=None, household=household, status="awaiting_arrival")
    else:
        newcomer = people.household_create(
            actor=None,
            organisation=world.org_a,
            programme=world.programme,
            pathway="resettlement",
            status="awaiting_arrival",
            nationality="AF",
            languages=["fa"],
        )
        people.person_create(
            actor=None,
            household=newcomer,
            given_name="Farid",
            sex="male",
            relationship="head",
        )
    lisboa = services.location_create(
        actor=coordinator,
        programme=world.programme,
        place=world.place,
        period="2026-Q4",
        capacity_persons=2,
        capacity_school_places=1,
        capacity_medical_cases=1,
        services=["medical"],
        languages=["ar"],
        diaspora_nationalities=["SY"],
    )
    porto = services.location_create(
        actor=coordinator,
        programme=world.programme,
        place=world.other_place,
        period="2026-Q4",
        capacity_persons=1,
        capacity_school_places=0,
        capacity_medical_cases=1,
        services=["medical"],
    )
    run = services.run_create(actor=coordinator, programme=world.programme, time_limit=5)
    return Placement(lisboa=lisboa, porto=porto, run=run)


def build_history(world: World, *, households: int = 40, seed: int = 1) -> list[Household]:
    """Households of A's programme placed in Lisboa or Porto 15 months ago, with their
    head's answer on paid work at 90 days and at 12 months. Lisboa (Arabic spoken, a
    Syrian community) employs Arabic speakers more often, so a model has something to
    learn. One in ten heads did not consent to aggregate statistics, so training does not
    read their answers. Needs `build_placement` (the locations) first."""
    rng = random.Random(seed)
    today = timezone.localdate()
    arrival = today - datetime.timedelta(days=460)
    paid_work = Question.objects.get(code="work_paid")
    made = []
    for index in range(households):
        arabic = index % 2 == 0
        place = world.place if rng.random() < 0.5 else world.other_place
        household = people.household_create(
            actor=None,
            organisation=world.org_a,
            programme=world.programme,
            pathway="resettlement",
            status="arrived",
            arrival_date=arrival,
            location=place,
            nationality="SY" if arabic else "AF",
            languages=["ar"] if arabic else ["fa"],
        )
        head = people.person_create(
            actor=None,
            household=household,
            given_name=f"History {index}",
            sex="female" if index % 3 == 0 else "male",
            relationship="head",
        )
        people.consent_record(actor=None, person=head, purpose="case_management", method="written")
        if index % 10 != 9:  # one in ten did not agree to statistics: left out
            people.consent_record(
                actor=None, person=head, purpose="aggregate_statistics", method="written"
            )
        chance = 0.75 if arabic == (place == world.place) else 0.25
        for kind, days in (("follow_up_6", 90), ("follow_up_12", 365)):
            outcomes.assessment_record(
                actor=None,
                person=head,
                kind=kind,
                date=arrival + datetime.timedelta(days=days),
                answered_by="caseworker",
                language="en",
                answers={paid_work.code: int(rng.random() < chance)},
            )
        made.append(household)
    return made
