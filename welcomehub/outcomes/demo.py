"""Outcomes in the demo world: the core demo records baselines and six-month follow-ups
through the outcomes services (so the dashboards have figures); here each caseload also
gets two noted events, so the follow-ups due list shows assessments at events."""

from __future__ import annotations

import datetime

from welcomehub.core.demo import DemoWorld
from welcomehub.outcomes import services
from welcomehub.outcomes.models import AssessmentKind
from welcomehub.people.models import Person

EVENTS = (("first_job", 20), ("housing_move", 45))  # (event, days ago)


def load(world: DemoWorld) -> None:
    noted = 0
    for key, caseworker in world.caseworkers.items():
        persons = (
            Person.objects.filter(
                household__organisation=world.organisations[key],
                assessments__kind=AssessmentKind.BASELINE,
            )
            .distinct()
            .order_by("id")[: len(EVENTS)]
        )
        for person, (event, days) in zip(persons, EVENTS, strict=False):
            services.life_event_record(
                actor=caseworker,
                person=person,
                event=event,
                date=world.today - datetime.timedelta(days=days),
            )
            noted += 1
    world.say(f"Outcomes: {noted} events noted, assessments at those events due.")
