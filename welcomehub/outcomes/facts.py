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

from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef

from welcomehub.core.models import AuditAction, AuditEvent
from welcomehub.outcomes.models import AssessmentKind, DomainChange
from welcomehub.outcomes.scoring import Answer, baseline_and_latest, normalise
from welcomehub.people.models import Consent, Person
from welcomehub.people.selectors import consent_is_active

BATCH = 5_000
STATISTICS = "aggregate_statistics"  # the consent purpose that lets a person be counted
CONSENT_TYPE = "people.consent"
WRITES = (AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE)
CONSENT_CACHE_KEY = "outcomes-consent-version"


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
    counted = consent_is_active(person=person, purpose=STATISTICS)
    DomainChange.objects.bulk_create(
        [DomainChange(**vars(row), counted=counted) for row in changes]
    )


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
    if any(f.name == "counted" for f in model._meta.fields):  # not yet in migration 0003
        _count_consenting(model, apps.get_model("people", "Consent"))
    return written + len(pending)


def _count_consenting(model: Any, consent: Any) -> int:
    """Set `counted` from the live consents; only rows whose answer changed are written
    (PostgreSQL would otherwise rewrite every row). Returns the rows changed."""
    active = Exists(
        consent.objects.filter(
            person_id=OuterRef("person_id"),
            purpose=STATISTICS,
            withdrawn_at__isnull=True,
            partner__isnull=True,
        )
    )
    dropped = model.objects.filter(~active, counted=True).update(counted=False)
    added = model.objects.filter(active, counted=False).update(counted=True)
    return int(dropped) + int(added)


def consent_version() -> int:
    """How many consent writes were ever audited (every consent service audits its write,
    DESIGN §3 rule 2). Counted, not the last id: a write that commits late with a lower
    id still moves the count."""
    return AuditEvent.objects.filter(object_type=CONSENT_TYPE, action__in=WRITES).count()


def sync_consent() -> None:
    """Re-read every person's consent to aggregate statistics if a consent was written
    since the last time (the version is kept in the cache; losing it costs one re-read).
    The version is read first, so a write during the update moves it again."""
    version = consent_version()
    if cache.get(CONSENT_CACHE_KEY) == version:
        return
    with transaction.atomic():
        _count_consenting(DomainChange, Consent)
    cache.set(CONSENT_CACHE_KEY, version, None)
