"""Writes for assessments. Every write leaves one audit row in its transaction."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.accounts.permissions import has_any
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.outcomes import facts
from welcomehub.outcomes.catalogue import LANGUAGES, version
from welcomehub.outcomes.models import (
    AnsweredBy,
    Assessment,
    AssessmentKind,
    LifeEvent,
    Observation,
    Question,
)
from welcomehub.people.models import ActivityKind, FamilyActivity, Person
from welcomehub.people.selectors import consent_is_active

CONSENT_PURPOSE = "case_management"


def _check_answers(answers: Mapping[str, int | None]) -> list[tuple[Question, int]]:
    """The answered questions with their values; every problem names its question."""
    given = {code: value for code, value in answers.items() if value is not None}
    questions = {
        q.code: q
        for q in Question.objects.filter(code__in=list(given), active=True).select_related("scale")
    }
    errors: dict[str, list[str]] = {}
    checked = []
    for code, value in given.items():
        question = questions.get(code)
        if question is None:
            errors[code] = [_("%(code)s is not a question of the catalogue.") % {"code": code}]
            continue
        scale = question.scale
        if isinstance(value, bool) or not isinstance(value, int):
            errors[code] = [_("Question %(code)s needs a whole number.") % {"code": code}]
        elif not scale.minimum <= value <= scale.maximum:
            errors[code] = [
                _("Question %(code)s: %(value)s is outside its scale (%(min)s to %(max)s).")
                % {"code": code, "value": value, "min": scale.minimum, "max": scale.maximum}
            ]
        else:
            checked.append((question, value))
    if errors:
        raise ValidationError(errors)
    if not checked:
        raise ValidationError(_("Answer at least one question; the others may be skipped."))
    return checked


def _check_details(
    *, person: Person, kind: str, event: str, language: str, date: datetime.date
) -> None:
    """Consent first: without it nothing else about the person is looked at."""
    if not consent_is_active(person=person, purpose=CONSENT_PURPOSE):
        raise ValidationError(
            _(
                "This person has no active consent to case management. Record their consent "
                "before recording an assessment."
            ),
            code="no_consent",
        )
    if (
        kind == AssessmentKind.BASELINE
        and Assessment.objects.filter(person=person, kind=kind).exists()
    ):
        raise ValidationError(
            {"kind": _("This person already has a baseline. Record a follow-up instead.")},
            code="second_baseline",
        )
    if kind == AssessmentKind.EVENT and not event:
        raise ValidationError({"event": _("Say which event this assessment follows.")})
    if kind != AssessmentKind.EVENT and event:
        raise ValidationError({"event": _("Only an assessment at an event names an event.")})
    if language not in LANGUAGES:
        raise ValidationError({"language": _("Choose one of the interface languages.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date of an assessment cannot be in the future.")})


@transaction.atomic
def assessment_record(
    *,
    actor: Any,
    person: Person,
    kind: str,
    date: datetime.date,
    answered_by: str,
    language: str,
    answers: Mapping[str, int | None],
    event: str = "",
    channel: str = AuditChannel.WEB,
) -> Assessment:
    """Record one assessment of a person; skipped questions (None) leave no row."""
    _check_details(person=person, kind=kind, event=event, language=language, date=date)
    checked = _check_answers(answers)
    assessment = Assessment(
        person=person,
        kind=kind,
        event=event,
        date=date,
        answered_by=answered_by,
        language=language,
        catalogue_version=version(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    assessment.full_clean()
    assessment.save()
    observations = [Observation(assessment=assessment, question=q, value=v) for q, v in checked]
    for observation in observations:
        observation.full_clean(exclude=["assessment"])
    Observation.objects.bulk_create(observations)
    facts.refresh_person(person)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=assessment,
        organisation_id=person.household.organisation_id,
        channel=channel,
        detail={"person": person.pk, "kind": kind, "answers": len(observations)},
    )
    return assessment


def self_assessment_kind(person: Person, today: datetime.date) -> str:
    """Which assessment a person answering on their own is giving: the baseline first,
    then the follow-up of the time since arrival (6, 12 or 24 months)."""
    if not Assessment.objects.filter(person=person, kind=AssessmentKind.BASELINE).exists():
        return AssessmentKind.BASELINE
    arrival = person.household.arrival_date or today
    months = (today.year - arrival.year) * 12 + today.month - arrival.month
    if months >= 24:
        return AssessmentKind.FOLLOW_UP_24
    if months >= 12:
        return AssessmentKind.FOLLOW_UP_12
    return AssessmentKind.FOLLOW_UP_6


@transaction.atomic
def assessment_self_record(
    *,
    actor: Any,
    person: Person,
    language: str,
    answers: Mapping[str, int | None],
    channel: str = AuditChannel.WEB,
) -> Assessment:
    """A person answers their own questions in the refugee portal; partial answers are
    kept, and "who answered" is the person themself."""
    if actor is None or person.user_id != actor.pk or not has_any(actor, "own_plan.edit"):
        raise PermissionDenied
    today = timezone.localdate()
    assessment = assessment_record(
        actor=actor,
        person=person,
        kind=self_assessment_kind(person, today),
        date=today,
        answered_by=AnsweredBy.REFUGEE,
        language=language,
        answers=answers,
        channel=channel,
    )
    FamilyActivity.objects.create(
        household=person.household,
        user=actor,
        kind=ActivityKind.ASSESSMENT,
        detail={"assessment": assessment.pk, "kind": assessment.kind},
    )
    return assessment


@transaction.atomic
def life_event_record(
    *,
    actor: Any,
    person: Person,
    event: str,
    date: datetime.date,
    channel: str = AuditChannel.WEB,
) -> LifeEvent:
    """Note a first job, housing move or school entry: an assessment at that event
    becomes due (see `selectors.followups_due`)."""
    if not consent_is_active(person=person, purpose=CONSENT_PURPOSE):
        raise ValidationError(
            _("This person has no active consent to case management."), code="no_consent"
        )
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date of an event cannot be in the future.")})
    life_event = LifeEvent(
        person=person,
        event=event,
        date=date,
        noted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    life_event.full_clean()
    life_event.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=life_event,
        organisation_id=person.household.organisation_id,
        channel=channel,
        detail={"person": person.pk, "event": event},
    )
    return life_event
