"""The demo's plans, wishes and portal (data/demo_plans.json, invented): plans written
with a number of households and confirmed with them, the demo refugee's own plan with
an update they made themselves, wishes of families awaiting arrival, and a one-time
sign-in code for the demo refugee, printed in the terminal."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from welcomehub.accounts.models import User
from welcomehub.core.demo import DemoWorld
from welcomehub.core.models import AuditChannel
from welcomehub.people import plans, portal, preferences
from welcomehub.people.models import Household, Person
from welcomehub.people.selectors import head_first

DATA = Path(__file__).resolve().parent / "data" / "demo_plans.json"
SYSTEM = AuditChannel.SYSTEM
PLANNED_HOUSEHOLDS = 12  # per caseworker
INTERFACE = {"ar": "ar", "fa": "fa-af", "uk": "uk", "fr": "fr", "es": "es"}


def _write_plan(
    world: DemoWorld, caseworker: User, household: Household, goals: list[dict[str, Any]]
) -> None:
    plan = plans.plan_open(actor=caseworker, household=household, channel=SYSTEM)
    for spec in goals:
        goal = plans.goal_add(
            actor=caseworker,
            plan=plan,
            domain=spec["domain"],
            description=spec["goal"],
            channel=SYSTEM,
        )
        for text, owner, days in spec["steps"]:
            plans.step_add(
                actor=caseworker,
                goal=goal,
                description=text,
                owner=owner,
                due_date=world.today + datetime.timedelta(days=days),
                channel=SYSTEM,
            )
    head = head_first(household.members.all()).first()
    if head is not None and not head.is_minor(world.today) and world.rng.random() < 0.7:
        plans.plan_confirm(actor=caseworker, plan=plan, person=head, channel=SYSTEM)


def _wishes(world: DemoWorld, household: Household, interests: list[str]) -> None:
    places = list(household.programme.places.order_by("name"))
    ranked = world.rng.sample(places, k=min(len(places), world.rng.choice([1, 2, 3])))
    tie = world.rng.choice(places) if world.rng.random() < 0.3 else None
    preferences.preferences_set(
        actor=None,
        household=household,
        places=ranked,
        family_place=tie,
        family_place_for_placement=tie is not None and world.rng.random() < 0.8,
        wants_buddy=world.rng.random() < 0.6,
        mentor_sex=world.rng.choice(["", "", "female", "male"]),
        buddy_languages=household.languages[:1],
        interests=world.rng.sample(interests, k=2),
        channel=SYSTEM,
    )


def _own_household(world: DemoWorld, data: dict[str, Any]) -> Person:
    """The demo refugee's household: a confirmed plan they then updated themselves."""
    refugee = world.users["demo-refugee"]
    person = Person.objects.select_related("household").get(user=refugee)
    household = person.household
    caseworker = world.caseworkers["pt_ngo"]
    plan = plans.plan_open(actor=caseworker, household=household, channel=SYSTEM)
    for spec in data["goals"][:3]:
        goal = plans.goal_add(
            actor=caseworker, plan=plan, domain=spec["domain"], description=spec["goal"]
        )
        for text, owner, days in spec["steps"]:
            plans.step_add(
                actor=caseworker,
                goal=goal,
                description=text,
                owner=owner,
                due_date=world.today + datetime.timedelta(days=days),
            )
    plans.plan_confirm(actor=caseworker, plan=plan, person=person, channel=SYSTEM)
    first = plan.goals.order_by("id").first()
    assert first is not None
    plans.progress_record(actor=refugee, goal=first, status="in_progress", text=data["family_note"])
    _wishes(world, household, data["buddy_interests"])
    return person


def load(world: DemoWorld) -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    person = _own_household(world, data)
    for key, caseworker in world.caseworkers.items():
        organisation = world.organisations[key]
        households = Household.objects.filter(organisation=organisation, status="arrived")
        for household in households.exclude(pk=person.household_id).order_by("id")[
            :PLANNED_HOUSEHOLDS
        ]:
            goals = world.rng.sample(data["goals"], k=world.rng.choice([2, 3, 4]))
            _write_plan(world, caseworker, household, goals)
        for household in Household.objects.filter(
            organisation=organisation, status="awaiting_arrival"
        ).order_by("id"):
            _wishes(world, household, data["buddy_interests"])
    language = next(
        (INTERFACE[code] for code in person.household.languages if code in INTERFACE), "en"
    )
    _invitation, code = portal.portal_invite(
        actor=world.caseworkers["pt_ngo"], person=person, language=language, channel=SYSTEM
    )
    world.say(
        f"Refugee portal: sign in at /portal/sign-in/ with the one-time code "
        f"{portal.display_code(code)} (demo-refugee's household; works once)."
    )
