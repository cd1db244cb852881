"""Reads: the domain list, scores, progress against a person's own baseline, alerts."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from welcomehub.core import taxonomy
from welcomehub.outcomes.models import (
    Assessment,
    AssessmentEvent,
    AssessmentKind,
    LifeEvent,
    Observation,
    Question,
)
from welcomehub.outcomes.scoring import Answer, baseline_and_latest, normalise
from welcomehub.people.models import Household, Person

BASELINE_DUE_MONTHS = 3  # a baseline is due within three months of arrival
# Scheduled follow-ups: months after arrival.
FOLLOW_UPS = (
    (6, AssessmentKind.FOLLOW_UP_6),
    (12, AssessmentKind.FOLLOW_UP_12),
    (24, AssessmentKind.FOLLOW_UP_24),
)


def domains() -> list[dict[str, str]]:
    """The 14 integration domains with their group and name in the active language."""
    return [
        {
            "code": code,
            "group": taxonomy.entry("integration_domains", code)["group"],
            "name": taxonomy.label("integration_domains", code),
        }
        for code in taxonomy.codes("integration_domains")
    ]


def _answer(observation: Observation) -> Answer:
    question = observation.question
    return Answer(
        assessment=observation.assessment_id,
        is_baseline=observation.assessment.kind == AssessmentKind.BASELINE,
        domain=question.domain,
        score=normalise(
            observation.value,
            minimum=question.scale.minimum,
            maximum=question.scale.maximum,
            higher_is_better=question.higher_is_better,
        ),
    )


def scored_answers(person: Person) -> list[Answer]:
    """The person's answers scored on 0-100, in the order they were given."""
    observations = (
        Observation.objects.filter(assessment__person=person)
        .select_related("question__scale", "assessment")
        .order_by("assessment__date", "assessment_id", "question__position")
    )
    return [_answer(observation) for observation in observations]


@dataclass(frozen=True)
class DomainProgress:
    domain: str
    group: str
    name: str
    baseline: float | None
    latest: float | None

    @property
    def change(self) -> float | None:
        if self.baseline is None or self.latest is None:
            return None
        return self.latest - self.baseline


def person_progress(person: Person) -> list[DomainProgress]:
    """Per domain: the baseline score, the latest later score and the change between them
    (see `scoring.baseline_and_latest`)."""
    baseline, latest = baseline_and_latest(scored_answers(person))
    return [
        DomainProgress(
            domain=row["code"],
            group=row["group"],
            name=row["name"],
            baseline=baseline.get(row["code"]),
            latest=latest.get(row["code"]),
        )
        for row in domains()
    ]


def person_assessments(person: Person) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(person=person)
        .annotate(answer_count=Count("observations"))
        .order_by("date", "id")
    )


def questions() -> QuerySet[Question]:
    """The active questions of the catalogue, in questionnaire order."""
    return Question.objects.filter(active=True).select_related("scale").order_by("position")


def months_before(day: datetime.date, months: int) -> datetime.date:
    year, month_index = divmod(day.year * 12 + day.month - 1 - months, 12)
    month = month_index + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@dataclass(frozen=True)
class MissingBaseline:
    household: Household
    members: int
    without_baseline: int


def missing_baselines(
    households: QuerySet[Household], *, today: datetime.date
) -> list[MissingBaseline]:
    """Households that arrived more than three months ago with members lacking a baseline,
    longest-waiting first."""
    cutoff = months_before(today, BASELINE_DUE_MONTHS)
    without = (
        Person.objects.filter(household__in=households, household__arrival_date__lt=cutoff)
        .exclude(assessments__kind=AssessmentKind.BASELINE)
        .values("household_id")
        .annotate(n=Count("id"))
    )
    missing = {row["household_id"]: row["n"] for row in without}
    found = (
        Household.objects.filter(pk__in=list(missing))
        .select_related("organisation", "programme")
        .annotate(member_count=Count("members"))
        .order_by("arrival_date", "reference")
    )
    return [MissingBaseline(h, h.member_count, missing[h.pk]) for h in found]


@dataclass(frozen=True)
class FollowUpDue:
    person: Person
    kind: str  # an AssessmentKind
    due: datetime.date
    event: str = ""  # an AssessmentEvent, for an assessment at an event

    @property
    def label(self) -> str:
        if self.event:
            return str(AssessmentEvent(self.event).label)
        return str(AssessmentKind(self.kind).label)


def _scheduled(person: Person, recorded: set[str], today: datetime.date) -> FollowUpDue | None:
    """The latest scheduled follow-up that has come and is not recorded; an earlier one
    missed is not chased once a later one is due."""
    arrival = person.household.arrival_date
    if arrival is None:
        return None
    for months, kind in reversed(FOLLOW_UPS):
        due = months_before(arrival, -months)
        if due <= today:
            return None if kind in recorded else FollowUpDue(person, kind, due)
    return None


def followups_due(households: QuerySet[Household], *, today: datetime.date) -> list[FollowUpDue]:
    """Assessments due for people with a baseline: the follow-up of the time since arrival
    (6, 12, 24 months) and one after each noted event (first job, housing move, school
    entry) that has no assessment at that event dated on or after it. Oldest first."""
    persons = (
        Person.objects.filter(household__in=households, assessments__kind=AssessmentKind.BASELINE)
        .select_related("household")
        .distinct()
    )
    by_id = {person.pk: person for person in persons}
    recorded: dict[int, set[str]] = defaultdict(set)
    events_done: dict[tuple[int, str], datetime.date] = {}
    for person_id, kind, event, day in Assessment.objects.filter(
        person_id__in=list(by_id)
    ).values_list("person_id", "kind", "event", "date"):
        recorded[person_id].add(kind)
        if event:
            key = (person_id, event)
            events_done[key] = max(day, events_done.get(key, day))
    due = [
        found
        for person in by_id.values()
        if (found := _scheduled(person, recorded[person.pk], today)) is not None
    ]
    for noted in LifeEvent.objects.filter(person_id__in=list(by_id), date__lte=today):
        done = events_done.get((noted.person_id, noted.event))
        if done is None or done < noted.date:
            due.append(
                FollowUpDue(by_id[noted.person_id], AssessmentKind.EVENT, noted.date, noted.event)
            )
    return sorted(due, key=lambda d: (d.due, d.person.household.reference, d.person.pk))
