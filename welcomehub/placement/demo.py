"""Placement's part of the demo world: two years of past placements of the national
programme with their employment answers at 90 days and 12 months (so a model can be
trained and a run can report its off-policy gain), receiving organisations for the
locations, a trained model and one run scored by it."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError

from welcomehub.accounts.models import User
from welcomehub.core.demo import DemoWorld
from welcomehub.core.models import AuditChannel
from welcomehub.outcomes import services as outcomes
from welcomehub.people import services as people
from welcomehub.placement import services, training
from welcomehub.placement.models import ModelStatus, PlacementLocation

SYSTEM = AuditChannel.SYSTEM
PROGRAMME = "pt_national"
HISTORY = 220  # past households
# Who receives households at each place (others: the programme lead)
RECEIVERS = {"Lisboa": "lisboa", "Porto": "porto"}
# Nationality: (languages, given names of heads)
PEOPLE = {
    "SY": (["ar"], ["Omar", "Huda", "Khaled", "Rasha"]),
    "AF": (["fa", "ps"], ["Ahmad", "Zahra", "Farid", "Maryam"]),
    "UA": (["uk", "ru"], ["Olena", "Andrii", "Iryna", "Taras"]),
    "CD": (["fr", "sw"], ["Grace", "Jean", "Esther", "Patrick"]),
    "ER": (["ti"], ["Senait", "Yonas", "Helen", "Dawit"]),
}
# Employment around the places beyond language and community: Porto's employers' pact.
PLACE_EFFECT = {"Lisboa": 0.05, "Porto": 0.12, "Coimbra": -0.02, "Braga": -0.08}


def _chance(
    location: PlacementLocation, nationality: str, languages: list[str], needs: list[str]
) -> float:
    chance = 0.22 + PLACE_EFFECT.get(location.place.name, 0.0)
    if set(languages) & set(location.languages):
        chance += 0.18
    if nationality in location.diaspora_nationalities:
        chance += 0.15
    if "medical" in needs:
        chance -= 0.10
    return min(max(chance, 0.03), 0.95)


def _history(world: DemoWorld, locations: list[PlacementLocation]) -> int:
    rng = world.rng
    programme = world.programmes[PROGRAMME]
    organisation = world.organisations["pt_ngo"]
    caseworker = world.caseworkers.get("pt_ngo")
    count = 0
    for index in range(HISTORY):
        nationality = rng.choice(list(PEOPLE))
        languages, names = PEOPLE[nationality]
        location = rng.choice(locations)
        needs = ["medical"] if rng.random() < 0.12 else []
        arrival = world.today - datetime.timedelta(days=rng.randint(460, 900))
        household = people.household_create(
            actor=None,
            organisation=organisation,
            programme=programme,
            channel=SYSTEM,
            pathway="resettlement",
            status="settled",
            arrival_date=arrival,
            location=location.place,
            nationality=nationality,
            languages=languages[: rng.randint(1, len(languages))],
            needs=needs,
        )
        head = people.person_create(
            actor=None,
            household=household,
            channel=SYSTEM,
            given_name=names[index % len(names)],
            family_name="",
            sex="female" if index % 3 == 0 else "male",
            relationship="head",
            date_of_birth=datetime.date(world.today.year - rng.randint(22, 55), 6, 1),
        )
        for _child in range(rng.choice([0, 0, 1, 2, 3])):
            people.person_create(
                actor=None,
                household=household,
                channel=SYSTEM,
                given_name=rng.choice(["Lina", "Sami", "Nour", "Adam"]),
                family_name="",
                sex=rng.choice(["female", "male"]),
                relationship="child",
                date_of_birth=datetime.date(world.today.year - rng.randint(1, 16), 6, 1),
            )
        for purpose in ("case_management", "aggregate_statistics"):
            people.consent_record(
                actor=None, person=head, purpose=purpose, method="written", channel=SYSTEM
            )
        chance = _chance(location, nationality, household.languages, needs)
        employed = rng.random() < chance
        for kind, days, p in (
            ("follow_up_6", 90 + rng.randint(-15, 15), chance),
            ("follow_up_12", 365 + rng.randint(-20, 20), min(chance + 0.2, 0.97)),
        ):
            employed = employed or rng.random() < p * 0.5
            outcomes.assessment_record(
                actor=caseworker,
                person=head,
                kind=kind,
                date=arrival + datetime.timedelta(days=days),
                answered_by="caseworker",
                language="en",
                answers={training.EMPLOYMENT_QUESTION: int(employed)},
                channel=SYSTEM,
            )
        count += 1
    return count


def load(world: DemoWorld) -> None:
    programme = world.programmes[PROGRAMME]
    coordinator = world.users["demo-coordinator"]
    locations = list(PlacementLocation.objects.filter(programme=programme).select_related("place"))
    if not locations:
        return
    for location in locations:
        receiver = RECEIVERS.get(location.place.name)
        if receiver in world.organisations:
            services.location_update(
                actor=coordinator,
                location=location,
                channel=SYSTEM,
                receiving_organisation=world.organisations[receiver],
            )
    # The receiving caseworker of Porto gets the notices by e-mail too (demo accounts have
    # no address otherwise); the mail lands in the data directory's outbox.
    porto = world.users.get("demo-caseworker-porto")
    if porto is not None and not porto.email:
        User.objects.filter(pk=porto.pk).update(email="caseworker-porto@demo.invalid")
    count = _history(world, locations)
    model = training.model_queue(
        actor=coordinator, programme=programme, horizon="90d", channel=SYSTEM
    )
    trained = training.model_train(outcome_model_id=model.pk)
    figures: dict[str, Any] = trained.calibration if trained is not None else {}
    world.say(
        f"Placement: {count} past placements with employment answers; model "
        f"{trained.status if trained else '-'} (AUC {figures.get('auc', 0):.2f})."
    )
    if trained is None or trained.status != ModelStatus.READY:
        return
    try:
        run = services.run_create(
            actor=coordinator,
            programme=programme,
            time_limit=5,
            outcome_model=trained,
            channel=SYSTEM,
        )
    except ValidationError as error:  # no household awaiting placement: no demo run
        world.say(f"Placement: no demo run ({error}).")
        return
    world.say(f"Placement: a run scored by the model, {run.status}.")
