"""Answers by file, all-or-nothing: NEEDS and OFFERS in the DESIGN §4 contract (CSV or
XLSX) and exports of the questionnaire from KoboToolbox or ODK (`kobo.py`).

The files are read by `io.py` and `kobo.py`, which name the file, line and column of
every problem. `answer_import` adds rows to one draft answer (the answer page);
`answers_import` adds whole answers, grouped by organisation, to the round's drafts
(the round's import page). An offer's kind is the file's, or its first modality that is
one (an area of specialisation otherwise).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.exchange import matching
from welcomehub.exchange.access import coordinates, responds_for
from welcomehub.exchange.io import FileAnswer, FileEntry, InputProblem
from welcomehub.exchange.models import (
    KIND_MODALITY,
    Answer,
    AnswerStatus,
    Need,
    Offer,
    OfferKind,
    RoundStatus,
    SurveyRound,
)
from welcomehub.exchange.services import check_editable
from welcomehub.exchange.tasks import matches_compute_task

KIND_OF_MODALITY = {
    modality: kind for kind, modality in KIND_MODALITY.items() if kind != OfferKind.SPECIALISATION
}


def offer_kind(modalities: Sequence[str]) -> str:
    return next(
        (KIND_OF_MODALITY[m] for m in modalities if m in KIND_OF_MODALITY),
        OfferKind.SPECIALISATION,
    )


def _problems(
    answer: Answer, name: str, rows: Sequence[matching.Need | matching.Offer]
) -> list[str]:
    organisation = answer.organisation.name
    problems = []
    for row in rows:
        if row.organisation != organisation:
            problems.append(
                _("%(file)s: id %(id)s: column organisation: %(value)s is not %(org)s")
                % {"file": name, "id": row.id, "value": row.organisation, "org": organisation}
            )
        if not row.topics:
            problems.append(
                _("%(file)s: id %(id)s: column topics: at least one topic is needed")
                % {"file": name, "id": row.id}
            )
    return problems


@transaction.atomic
def answer_import(
    *,
    actor: Any,
    answer: Answer,
    needs: Sequence[matching.Need],
    offers: Sequence[matching.Offer],
    channel: str = AuditChannel.WEB,
) -> tuple[int, int]:
    """Add every row of both files to the draft answer, or none; returns the counts."""
    answer = (
        Answer.objects.select_for_update().select_related("round", "organisation").get(pk=answer.pk)
    )
    check_editable(actor, answer)
    problems = _problems(answer, "needs", needs) + _problems(answer, "offers", offers)
    if problems:
        raise ValidationError(problems)
    rows: list[Need | Offer] = [
        Need(
            answer=answer,
            topics=list(row.topics),
            modalities=list(row.modalities),
            languages=list(row.languages),
            description=row.description,
        )
        for row in needs
    ]
    rows += [
        Offer(
            answer=answer,
            kind=offer_kind(row.modalities),
            topics=list(row.topics),
            modalities=list(row.modalities),
            languages=list(row.languages),
            description=row.description,
        )
        for row in offers
    ]
    for entry in rows:
        entry.full_clean()
    Need.objects.bulk_create(e for e in rows if isinstance(e, Need))
    Offer.objects.bulk_create(e for e in rows if isinstance(e, Offer))
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=answer,
        organisation_id=answer.organisation_id,
        channel=channel,
        detail={"imported_needs": len(needs), "imported_offers": len(offers)},
    )
    return len(needs), len(offers)


# --- whole answers from files: the round's import page ---------------------------------


@dataclass(frozen=True)
class ImportSummary:
    answers: int
    needs: int
    offers: int
    submitted: int


def _problem(file: str, line: int, column: str, message: str) -> str:
    return str(InputProblem(file, line, column or "-", message))


def _target(
    actor: Any, survey_round: SurveyRound, item: FileAnswer, invited: dict[str, Any]
) -> tuple[Answer | None, list[str]]:
    """The draft answer a file's answer goes to, or why it may not."""
    where = (item.file, item.line, item.column)
    organisation = invited.get(item.organisation.strip().casefold())
    if organisation is None:
        message = _("%(name)s is not invited to this round") % {"name": item.organisation}
        return None, [_problem(*where, message)]
    if not coordinates(actor, survey_round) and not responds_for(actor, organisation.pk):
        message = _("you do not answer for %(name)s") % {"name": organisation.name}
        return None, [_problem(*where, message)]
    problems = []
    if item.country and item.country != organisation.country:
        message = _("%(name)s is in %(country)s, not %(given)s") % {
            "name": organisation.name,
            "country": organisation.country,
            "given": item.country,
        }
        problems.append(_problem(item.file, item.line, "country", message))
    answer = Answer.objects.select_for_update().get(round=survey_round, organisation=organisation)
    if answer.status != AnswerStatus.DRAFT:
        message = _("the answer of %(name)s was already submitted") % {"name": organisation.name}
        problems.append(_problem(*where, message))
    return answer, problems


def _rows(answer: Answer, item: FileAnswer) -> tuple[list[Need | Offer], list[str]]:
    rows: list[Need | Offer] = []
    problems = []
    sides: list[tuple[type[Need] | type[Offer], tuple[FileEntry, ...]]] = [
        (Need, item.needs),
        (Offer, item.offers),
    ]
    for model, entries in sides:
        for entry in entries:
            fields: dict[str, Any] = {
                "answer": answer,
                "topics": list(entry.topics),
                "modalities": list(entry.modalities),
                "languages": list(entry.languages),
                "description": entry.description,
            }
            if model is Offer:
                fields["kind"] = entry.kind or offer_kind(entry.modalities)
            row = model(**fields)
            try:
                if not entry.topics:
                    raise ValidationError({"topics": _("at least one topic is needed")})
                row.full_clean()
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    column = f"{entry.column}{name}"
                    problems += [
                        _problem(entry.file or item.file, entry.line, column, m) for m in messages
                    ]
            rows.append(row)
    return rows, problems


@transaction.atomic
def answers_import(
    *,
    actor: Any,
    survey_round: SurveyRound,
    answers: Sequence[FileAnswer],
    submit: bool = False,
    source: str,
    channel: str = AuditChannel.WEB,
) -> ImportSummary:
    """Add the needs and offers of answers read from files to the organisations' drafts
    (and submit them when `submit`), all or nothing.

    A focal point imports for the organisations they answer for; the round's coordinator
    for any invited organisation, e.g. the export of a KoboToolbox form the focal points
    filled in (decision 0009). Every problem is collected with its file, line and column.
    """
    survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
    if survey_round.status != RoundStatus.OPEN:
        raise ValidationError(_("This round is not open for answers."))
    if not answers:
        raise ValidationError(_("The file holds no answer."))
    invited = {o.name.strip().casefold(): o for o in survey_round.invited.all()}
    problems: list[str] = []
    work: list[tuple[Answer, FileAnswer, list[Need | Offer]]] = []
    first_line: dict[int, int] = {}
    for item in answers:
        answer, found = _target(actor, survey_round, item, invited)
        problems += found
        if answer is None:
            continue
        if answer.pk in first_line:
            message = _("%(name)s appears twice (first on line %(line)s)") % {
                "name": item.organisation,
                "line": first_line[answer.pk],
            }
            problems.append(_problem(item.file, item.line, item.column, message))
            continue
        first_line[answer.pk] = item.line
        rows, found = _rows(answer, item)
        problems += found
        if submit and not rows and not (answer.needs.exists() or answer.offers.exists()):
            message = _("nothing to submit: no need and no offer")
            problems.append(_problem(item.file, item.line, item.column, message))
        work.append((answer, item, rows))
    if problems:
        raise ValidationError(problems)
    for answer, item, rows in work:
        _store(actor, answer, item, rows, submit=submit, source=source, channel=channel)
    if submit:
        round_id = survey_round.pk
        transaction.on_commit(lambda: matches_compute_task.enqueue(round_id))
    return ImportSummary(
        answers=len(work),
        needs=sum(len(item.needs) for _a, item, _r in work),
        offers=sum(len(item.offers) for _a, item, _r in work),
        submitted=len(work) if submit else 0,
    )


def _store(
    actor: Any,
    answer: Answer,
    item: FileAnswer,
    rows: list[Need | Offer],
    *,
    submit: bool,
    source: str,
    channel: str,
) -> None:
    Need.objects.bulk_create(r for r in rows if isinstance(r, Need))
    Offer.objects.bulk_create(r for r in rows if isinstance(r, Offer))
    fields: list[str] = []
    if item.twinning is not None:
        answer.twinning, fields = item.twinning, [*fields, "twinning"]
    if item.funding_sources is not None:
        answer.funding_sources, fields = item.funding_sources, [*fields, "funding_sources"]
    if submit:
        answer.status = AnswerStatus.SUBMITTED
        answer.submitted_by = actor
        answer.submitted_at = timezone.now()
        fields.append("status")
    answer.full_clean()
    answer.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=answer,
        organisation_id=answer.organisation_id,
        channel=channel,
        detail={
            "source": source,
            "reference": item.reference,
            "imported_needs": len(item.needs),
            "imported_offers": len(item.offers),
            "fields": fields,
        },
    )
