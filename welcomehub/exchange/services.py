"""Writes of the exchange: rounds, answers, needs and offers, and suggestions.

Introductions are in `introductions.py`. Every write is atomic, validated with
`full_clean()` and leaves one audit row.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.accounts.models import Organisation
from welcomehub.accounts.permissions import has_perm
from welcomehub.core.audit import audit_record, changed_fields
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.exchange import matching, selectors
from welcomehub.exchange.access import COORDINATE, coordinates, responds_for
from welcomehub.exchange.models import (
    Answer,
    AnswerStatus,
    Need,
    Offer,
    RoundStatus,
    Suggestion,
    SurveyRound,
)
from welcomehub.exchange.tasks import matches_compute_task

TOP_K = 10


@transaction.atomic
def round_open(
    *,
    actor: Any,
    organisation: Organisation,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    questionnaire_version: str,
    invited: Iterable[Organisation],
    channel: str = AuditChannel.WEB,
) -> SurveyRound:
    """Open a round and give every invited organisation a draft answer."""
    if not has_perm(actor, COORDINATE, organisation.pk):
        raise ValidationError(_("You do not coordinate the exchange for this organisation."))
    guests = list({guest.pk: guest for guest in invited}.values())  # each once
    if not guests:
        raise ValidationError({"invited": _("Invite at least one organisation.")})
    survey_round = SurveyRound(
        title=title,
        period_start=period_start,
        period_end=period_end,
        questionnaire_version=questionnaire_version,
        status=RoundStatus.OPEN,
        organisation=organisation,
        opened_by=actor,
    )
    survey_round.full_clean()
    survey_round.save()
    survey_round.invited.set(guests)
    Answer.objects.bulk_create(Answer(round=survey_round, organisation=o) for o in guests)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=survey_round,
        organisation_id=organisation.pk,
        channel=channel,
        detail={"invited": sorted(o.pk for o in guests)},
    )
    return survey_round


@transaction.atomic
def round_close(
    *, actor: Any, survey_round: SurveyRound, channel: str = AuditChannel.WEB
) -> SurveyRound:
    if not coordinates(actor, survey_round):
        raise ValidationError(_("You do not coordinate this round."))
    if survey_round.status != RoundStatus.OPEN:
        raise ValidationError(_("Only an open round can be closed."))
    survey_round.status = RoundStatus.CLOSED
    survey_round.full_clean()
    survey_round.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=survey_round,
        organisation_id=survey_round.organisation_id,
        channel=channel,
        detail={"fields": ["status"]},
    )
    return survey_round


@transaction.atomic
def round_recommendations_set(
    *, actor: Any, survey_round: SurveyRound, text: str, channel: str = AuditChannel.WEB
) -> SurveyRound:
    """Write the round's "report and recommendations" text (coordinators of the round)."""
    if not coordinates(actor, survey_round):
        raise ValidationError(_("You do not coordinate this round."))
    survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
    survey_round.recommendations = text.strip()
    survey_round.full_clean()
    survey_round.save(update_fields=["recommendations", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=survey_round,
        organisation_id=survey_round.organisation_id,
        channel=channel,
        detail={"fields": ["recommendations"]},
    )
    return survey_round


@transaction.atomic
def round_remind(*, actor: Any, survey_round: SurveyRound, channel: str = AuditChannel.WEB) -> int:
    """E-mail the focal points of the invited organisations whose answer is still a draft;
    returns how many organisations were reminded. Addresses go in Bcc: focal points of
    different organisations do not see each other's addresses."""
    if not coordinates(actor, survey_round):
        raise ValidationError(_("You do not coordinate this round."))
    if survey_round.status != RoundStatus.OPEN:
        raise ValidationError(_("Only an open round can send reminders."))
    drafts = survey_round.answers.filter(status=AnswerStatus.DRAFT).select_related("organisation")
    reminded = {a.organisation_id: selectors.focal_point_contacts(a.organisation) for a in drafts}
    recipients = sorted({email for emails in reminded.values() for email in emails})
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=survey_round,
        organisation_id=survey_round.organisation_id,
        channel=channel,
        detail={"reminded": sorted(reminded)},
    )
    if recipients:
        message = EmailMessage(
            subject=_("Welcome Hub: your answer to “%(round)s” is waiting")
            % {"round": survey_round.title},
            body=_(
                "Your organisation's answer to the round “%(round)s” is still a draft. "
                "Please add what you need and what you can offer, and submit it by %(end)s."
            )
            % {"round": survey_round.title, "end": survey_round.period_end.isoformat()},
            from_email=settings.DEFAULT_FROM_EMAIL,
            bcc=recipients,
        )
        transaction.on_commit(message.send)
    return len(reminded)


def check_editable(actor: Any, answer: Answer) -> None:
    """Only the organisation's focal point edits, only a draft, only while the round is open."""
    if not responds_for(actor, answer.organisation_id):
        raise ValidationError(_("You do not answer for this organisation."))
    if answer.status != AnswerStatus.DRAFT:
        raise ValidationError(_("This answer was submitted and can no longer be changed."))
    if answer.round.status != RoundStatus.OPEN:
        raise ValidationError(_("This round is not open for answers."))


@transaction.atomic
def answer_save_draft(
    *,
    actor: Any,
    answer: Answer,
    twinning: str,
    funding_sources: str,
    channel: str = AuditChannel.WEB,
) -> Answer:
    answer = Answer.objects.select_for_update().select_related("round").get(pk=answer.pk)
    check_editable(actor, answer)
    before = {"twinning": answer.twinning, "funding_sources": answer.funding_sources}
    after = {"twinning": twinning, "funding_sources": funding_sources}
    answer.twinning = twinning
    answer.funding_sources = funding_sources
    answer.full_clean()
    answer.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=answer,
        organisation_id=answer.organisation_id,
        channel=channel,
        detail={"fields": changed_fields(before, after)},
    )
    return answer


@transaction.atomic
def answer_submit(*, actor: Any, answer: Answer, channel: str = AuditChannel.WEB) -> Answer:
    """Submit: the answer becomes read-only and the round's suggestions are recomputed."""
    answer = Answer.objects.select_for_update().select_related("round").get(pk=answer.pk)
    check_editable(actor, answer)
    if not answer.needs.exists() and not answer.offers.exists():
        raise ValidationError(_("Add at least one need or one offer before submitting."))
    answer.status = AnswerStatus.SUBMITTED
    answer.submitted_by = actor
    answer.submitted_at = timezone.now()
    answer.full_clean()
    answer.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=answer,
        organisation_id=answer.organisation_id,
        channel=channel,
        detail={"fields": ["status"]},
    )
    round_id = answer.round_id
    transaction.on_commit(lambda: matches_compute_task.enqueue(round_id))
    return answer


def _entry_codes(
    topics: list[str], modalities: list[str] | None, languages: list[str] | None
) -> dict[str, list[str]]:
    return {
        "topics": list(topics),
        "modalities": list(modalities or []),
        "languages": list(languages or []),
    }


def _entry_add(
    *,
    actor: Any,
    answer: Answer,
    entry_class: type[Need] | type[Offer],
    channel: str,
    **fields: Any,
) -> Any:
    """Add a need or an offer to a draft answer, locked against a concurrent submit."""
    answer = Answer.objects.select_for_update().select_related("round").get(pk=answer.pk)
    check_editable(actor, answer)
    entry = entry_class(answer=answer, **fields)
    entry.full_clean()
    entry.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=entry,
        organisation_id=answer.organisation_id,
        channel=channel,
    )
    return entry


@transaction.atomic
def need_add(
    *,
    actor: Any,
    answer: Answer,
    topics: list[str],
    modalities: list[str] | None = None,
    languages: list[str] | None = None,
    description: str = "",
    channel: str = AuditChannel.WEB,
) -> Need:
    need: Need = _entry_add(
        actor=actor,
        answer=answer,
        entry_class=Need,
        channel=channel,
        description=description,
        **_entry_codes(topics, modalities, languages),
    )
    return need


@transaction.atomic
def offer_add(
    *,
    actor: Any,
    answer: Answer,
    kind: str,
    topics: list[str],
    modalities: list[str] | None = None,
    languages: list[str] | None = None,
    description: str = "",
    channel: str = AuditChannel.WEB,
) -> Offer:
    offer: Offer = _entry_add(
        actor=actor,
        answer=answer,
        entry_class=Offer,
        channel=channel,
        kind=kind,
        description=description,
        **_entry_codes(topics, modalities, languages),
    )
    return offer


@transaction.atomic
def entry_remove(*, actor: Any, entry: Need | Offer, channel: str = AuditChannel.WEB) -> None:
    """Remove a need or an offer from a draft answer."""
    answer = Answer.objects.select_for_update().select_related("round").get(pk=entry.answer_id)
    check_editable(actor, answer)
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=entry,
        organisation_id=answer.organisation_id,
        channel=channel,
    )
    entry.delete()


def need_remove(*, actor: Any, need: Need, channel: str = AuditChannel.WEB) -> None:
    entry_remove(actor=actor, entry=need, channel=channel)


def offer_remove(*, actor: Any, offer: Offer, channel: str = AuditChannel.WEB) -> None:
    entry_remove(actor=actor, entry=offer, channel=channel)


def _encoder() -> matching.TextEncoder:
    """The embedder if it loads, else lexical only; `WELCOMEHUB_EXCHANGE_ENCODER` = "lexical"
    skips the embedder (tests, small machines)."""
    choice = getattr(settings, "WELCOMEHUB_EXCHANGE_ENCODER", "auto")
    cache_dir = getattr(settings, "DATA_DIR", None)
    encoder, _note = matching.select_encoder(
        "lexical" if choice == "lexical" else "auto",
        cache_dir / "embeddings" if cache_dir is not None else None,
    )
    return encoder


def _domain(entry: Need | Offer, cls: type[matching.Need] | type[matching.Offer]) -> Any:
    organisation = entry.answer.organisation
    modalities = entry.engine_modalities() if isinstance(entry, Offer) else entry.modalities
    return cls(
        id=str(entry.pk),
        organisation=str(organisation.pk),
        organisation_type=organisation.org_type,
        country=organisation.country,
        topics=tuple(entry.topics),
        modalities=tuple(modalities),
        languages=tuple(entry.languages),
        description=entry.description,
    )


def matches_compute(
    *,
    survey_round: SurveyRound,
    actor: Any = None,
    top_k: int = TOP_K,
    encoder: matching.TextEncoder | None = None,
) -> list[Suggestion]:
    """Run the matching engine over the round's submitted needs and offers and store the
    suggestions, replacing the previous ones (introductions keep their need and offer)."""
    submitted = {"answer__round": survey_round, "answer__status": AnswerStatus.SUBMITTED}
    needs = {
        str(n.pk): n
        for n in Need.objects.filter(**submitted).select_related("answer__organisation")
    }
    offers = {
        str(o.pk): o
        for o in Offer.objects.filter(**submitted).select_related("answer__organisation")
    }
    encoder = encoder or _encoder()
    results = matching.MatchEngine(encoder).match(
        [_domain(n, matching.Need) for n in needs.values()],
        [_domain(o, matching.Offer) for o in offers.values()],
        top_k,
    )
    rows = [
        Suggestion(
            round=survey_round,
            need=needs[result.need_id],
            offer=offers[found.offer_id],
            score=found.score,
            reasons=list(found.reasons),
        )
        for result in results
        for found in result.offers
        # the engine already excludes the need's own organisation; this keeps it certain
        if offers[found.offer_id].answer.organisation_id
        != needs[result.need_id].answer.organisation_id
    ]
    with transaction.atomic():
        Suggestion.objects.filter(round=survey_round).delete()
        created = Suggestion.objects.bulk_create(rows)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=survey_round,
            organisation_id=survey_round.organisation_id,
            channel=AuditChannel.SYSTEM,
            detail={"suggestions": len(created), "encoder": encoder.name},
        )
    return created
