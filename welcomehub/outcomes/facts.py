"""The per-person table the programme dashboards aggregate (`DomainChange`).

Written only from here: `refresh_person` after each assessment of a person (the outcomes
services call it in their transaction), `rebuild` for everyone at once (after a bulk
import, or to recover). Both derive the rows from the observations with
`scoring.baseline_and_latest`, the same function as a person's progress page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from welcomehub.outcomes.models import AssessmentKind, DomainChange
from welcomehub.outcomes.scoring import Answer, baseline_and_latest, normalise
from welcomehub.people.models import Person

BATCH = 5_000


@dataclass(frozen=True)
class Change:
    person_id: int
    domain: str
    baseline: float
    latest: float
    change: float
    improved: bool


def _changes(person_id: int, answers: list[Answer]) -> list[Change]:
    baseline, latest = baseline_and_latest(answers)
    return [
        Change(
            person_id=person_id,
            domain=domain,
            baseline=before,
            latest=latest[domain],
            change=latest[domain] - before,
            improved=latest[domain] > before,
        )
        for domain, before in sorted(baseline.items())
        if domain in latest
    ]


def refresh_person(person: Person) -> None:
    """Rewrite the person's rows from their answers (call inside the writing transaction)."""
    from welcomehub.outcomes.selectors import scored_answers

    DomainChange.objects.filter(person=person).delete()
    changes = _changes(person.pk, scored_answers(person))
    DomainChange.objects.bulk_create([DomainChange(**vars(row)) for row in changes])


def _answers_by_person(apps: Any) -> Iterator[tuple[int, list[Answer]]]:
    """Every answer, scored, grouped by person, in one ordered pass over the table."""
    questions = apps.get_model("outcomes", "Question").objects.select_related("scale")
    scales = {
        q.pk: (q.domain, q.scale.minimum, q.scale.maximum, q.higher_is_better) for q in questions
    }
    rows = (
        apps.get_model("outcomes", "Observation")
        .objects.order_by("assessment__person_id", "assessment__date", "assessment_id")
        .values_list(
            "assessment__person_id", "assessment_id", "assessment__kind", "question_id", "value"
        )
        .iterator(chunk_size=20_000)
    )
    current: int | None = None
    answers: list[Answer] = []
    for person_id, assessment_id, kind, question_id, value in rows:
        if person_id != current:
            if current is not None:
                yield current, answers
            current, answers = person_id, []
        domain, low, high, higher_is_better = scales[question_id]
        score = normalise(value, minimum=low, maximum=high, higher_is_better=higher_is_better)
        answers.append(Answer(assessment_id, kind == AssessmentKind.BASELINE, domain, score))
    if current is not None:
        yield current, answers


@transaction.atomic
def rebuild(apps: Any = None) -> int:
    """Rewrite the whole table from the observations; returns the number of rows.
    Takes a migration's app registry, like `catalogue.sync_catalogue`."""
    if apps is None:
        from django.apps import apps as registry

        apps = registry
    model = apps.get_model("outcomes", "DomainChange")
    model.objects.all().delete()
    pending: list[Any] = []
    written = 0
    for person_id, answers in _answers_by_person(apps):
        pending += [model(**vars(row)) for row in _changes(person_id, answers)]
        if len(pending) >= BATCH:
            model.objects.bulk_create(pending)
            written += len(pending)
            pending = []
    model.objects.bulk_create(pending)
    return written + len(pending)
