"""Writes of programme evaluation. Every write is atomic, validated with `full_clean()` and
leaves one audit row; lessons also write to the exchange through its own services."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.accounts.models import Organisation
from welcomehub.accounts.permissions import has_perm
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.evaluation import evidence_store, frameworks, selectors
from welcomehub.evaluation.access import MANAGE, manages, reviews
from welcomehub.evaluation.models import (
    Action,
    Answer,
    Area,
    Evidence,
    Framework,
    Item,
    Lesson,
    LessonKind,
    Participation,
    Round,
    RoundStatus,
)
from welcomehub.exchange import services as exchange
from welcomehub.exchange.models import Answer as ExchangeAnswer
from welcomehub.programmes.models import Programme


@transaction.atomic
def framework_import(
    *,
    actor: Any,
    organisation: Organisation,
    document: dict[str, Any],
    channel: str = AuditChannel.WEB,
) -> Framework:
    """Add an item bank read by `imports.parse`; a code and version already taken are refused
    (a new version is a new framework, never an overwrite)."""
    if not has_perm(actor, MANAGE, organisation.pk):
        raise ValidationError(_("You do not manage evaluations for this organisation."))
    if Framework.objects.filter(code=document["code"], version=document["version"]).exists():
        raise ValidationError({"version": _("This code and version exist already.")})
    probe = Framework(code=document["code"], version=document["version"], title=document["title"])
    probe.full_clean(validate_unique=False)
    framework = frameworks.sync_file(document, organisation_id=organisation.pk)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=framework,
        organisation_id=organisation.pk,
        channel=channel,
        detail={"items": framework.items.count()},
    )
    return framework


@transaction.atomic
def round_open(
    *,
    actor: Any,
    programme: Programme,
    framework: Framework,
    title: str,
    assessed_on: datetime.date,
    resettlement_context: str,
    channel: str = AuditChannel.WEB,
) -> Round:
    """Open a round with one empty answer per active item of the framework."""
    if not manages(actor, programme):
        raise ValidationError(_("Only the lead organisation's coordinator opens rounds."))
    if not framework.active:
        raise ValidationError({"framework": _("This framework is no longer in use.")})
    evaluation_round = Round(
        programme=programme,
        framework=framework,
        title=title,
        assessed_on=assessed_on,
        resettlement_context=resettlement_context,
        opened_by=actor,
    )
    evaluation_round.full_clean()
    evaluation_round.save()
    items = Item.objects.filter(framework=framework, active=True)
    Answer.objects.bulk_create(Answer(round=evaluation_round, item=item) for item in items)
    Participation.objects.create(round=evaluation_round)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=evaluation_round,
        organisation_id=programme.lead_id,
        channel=channel,
    )
    return evaluation_round


def _check_open(actor: Any, evaluation_round: Round) -> None:
    if not manages(actor, evaluation_round.programme):
        raise ValidationError(_("Only the lead organisation's coordinator answers rounds."))
    if evaluation_round.status != RoundStatus.OPEN:
        raise ValidationError(_("This round is no longer open for answers."))


@dataclass(frozen=True)
class AnswerInput:
    value: int | None  # 0, 50 or 100; None with not_applicable False: unanswered
    not_applicable: bool = False
    note: str = ""
    link: str = ""


def _locked(evaluation_round: Round) -> Round:
    return Round.objects.select_for_update().select_related("programme").get(pk=evaluation_round.pk)


@transaction.atomic
def answers_save(
    *,
    actor: Any,
    evaluation_round: Round,
    answers: Mapping[str, AnswerInput],
    channel: str = AuditChannel.WEB,
) -> int:
    """Save answers by item code; returns how many changed. All or none."""
    evaluation_round = _locked(evaluation_round)
    _check_open(actor, evaluation_round)
    rows = {a.item.code: a for a in evaluation_round.answers.select_related("item")}
    unknown = sorted(set(answers) - set(rows))
    if unknown:
        raise ValidationError(_("Unknown items: %(codes)s.") % {"codes": ", ".join(unknown)})
    changed = []
    for code, given in answers.items():
        row = rows[code]
        before = (row.value, row.not_applicable, row.note, row.link)
        after = (given.value, given.not_applicable, given.note.strip(), given.link.strip())
        if before == after:
            continue
        row.value, row.not_applicable, row.note, row.link = after
        row.answered_by = actor
        try:
            row.full_clean()
        except ValidationError as error:
            raise ValidationError(f"{code}: {' '.join(error.messages)}") from error
        row.save()
        changed.append(code)
    if changed:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=evaluation_round,
            organisation_id=evaluation_round.programme.lead_id,
            channel=channel,
            detail={"items": changed},
        )
    return len(changed)


@transaction.atomic
def evidence_add(
    *,
    actor: Any,
    answer: Answer,
    filename: str,
    content: bytes,
    channel: str = AuditChannel.WEB,
) -> Evidence:
    """Keep a file for an answer; type and size are checked before anything is stored."""
    evaluation_round = _locked(answer.round)
    _check_open(actor, evaluation_round)
    content_type = evidence_store.check(filename, content)
    stored = evidence_store.save(content, filename)
    evidence = Evidence(
        answer=answer,
        stored_name=stored,
        original_name=evidence_store.clean_name(filename),
        content_type=content_type,
        size=len(content),
        uploaded_by=actor,
    )
    try:
        evidence.full_clean()
        evidence.save()
    except Exception:
        evidence_store.delete(stored)
        raise
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=evidence,
        organisation_id=evaluation_round.programme.lead_id,
        channel=channel,
        detail={"answer": answer.pk, "size": len(content)},
    )
    return evidence


@transaction.atomic
def participation_save(
    *,
    actor: Any,
    evaluation_round: Round,
    methods: list[str],
    sessions: int,
    representatives: int,
    organisations: Iterable[Organisation],
    summary: str,
    channel: str = AuditChannel.WEB,
) -> Participation:
    evaluation_round = _locked(evaluation_round)
    _check_open(actor, evaluation_round)
    participation, _created = Participation.objects.get_or_create(round=evaluation_round)
    participation.methods = list(methods)
    participation.sessions = sessions
    participation.representatives = representatives
    participation.summary = summary.strip()
    participation.full_clean()
    participation.save()
    participation.organisations.set(list(organisations))
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=participation,
        organisation_id=evaluation_round.programme.lead_id,
        channel=channel,
    )
    return participation


@transaction.atomic
def round_submit(*, actor: Any, evaluation_round: Round, channel: str = AuditChannel.WEB) -> Round:
    """Hand the round to a reviewer: every active item answered (scored or not applicable)."""
    evaluation_round = _locked(evaluation_round)
    _check_open(actor, evaluation_round)
    missing = evaluation_round.answers.filter(value__isnull=True, not_applicable=False).count()
    if missing:
        raise ValidationError(
            _("%(count)d items are not answered yet (score or not applicable).")
            % {"count": missing}
        )
    evaluation_round.status = RoundStatus.SUBMITTED
    evaluation_round.submitted_by = actor
    evaluation_round.submitted_at = timezone.now()
    evaluation_round.full_clean()
    evaluation_round.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=evaluation_round,
        organisation_id=evaluation_round.programme.lead_id,
        channel=channel,
        detail={"fields": ["status"]},
    )
    return evaluation_round


@transaction.atomic
def round_sign_off(
    *, actor: Any, evaluation_round: Round, shared: bool, channel: str = AuditChannel.WEB
) -> Round:
    """Sign off a submitted round: the reviewer is not one of those who answered it. The
    round is locked and its scores are frozen; `shared` publishes them for comparison."""
    evaluation_round = _locked(evaluation_round)
    if not reviews(actor, evaluation_round.programme):
        raise ValidationError(_("Only a reviewer of the lead organisation signs rounds off."))
    if evaluation_round.status != RoundStatus.SUBMITTED:
        raise ValidationError(_("Only a round waiting for sign-off can be signed off."))
    if actor.pk in selectors.answerers(evaluation_round):
        raise ValidationError(_("You answered this round: another reviewer must sign it off."))
    evaluation_round.status = RoundStatus.SIGNED_OFF
    evaluation_round.signed_off_by = actor
    evaluation_round.signed_off_at = timezone.now()
    evaluation_round.shared = shared
    evaluation_round.scores = selectors.round_scores(evaluation_round).as_json()
    evaluation_round.full_clean()
    evaluation_round.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=evaluation_round,
        organisation_id=evaluation_round.programme.lead_id,
        channel=channel,
        detail={"fields": ["status", "shared"]},
    )
    return evaluation_round


@transaction.atomic
def round_return(*, actor: Any, evaluation_round: Round, channel: str = AuditChannel.WEB) -> Round:
    """A reviewer sends a submitted round back to the coordinator for changes."""
    evaluation_round = _locked(evaluation_round)
    if not reviews(actor, evaluation_round.programme):
        raise ValidationError(_("Only a reviewer of the lead organisation returns rounds."))
    if evaluation_round.status != RoundStatus.SUBMITTED:
        raise ValidationError(_("Only a round waiting for sign-off can be returned."))
    evaluation_round.status = RoundStatus.OPEN
    evaluation_round.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=evaluation_round,
        organisation_id=evaluation_round.programme.lead_id,
        channel=channel,
        detail={"fields": ["status"]},
    )
    return evaluation_round


@transaction.atomic
def action_add(
    *,
    actor: Any,
    evaluation_round: Round,
    item: Item,
    description: str,
    owner: Organisation,
    due_on: datetime.date,
    channel: str = AuditChannel.WEB,
) -> Action:
    """Plan an action on an item of the round; the owner is the lead or a partner."""
    if not manages(actor, evaluation_round.programme):
        raise ValidationError(_("Only the lead organisation's coordinator plans actions."))
    if item.framework_id != evaluation_round.framework_id:
        raise ValidationError({"item": _("This item is not in the round's framework.")})
    if owner.pk not in selectors.programme_organisation_ids(evaluation_round.programme):
        raise ValidationError({"owner": _("The owner must take part in the programme.")})
    action = Action(
        round=evaluation_round,
        item=item,
        description=description.strip(),
        owner=owner,
        due_on=due_on,
    )
    action.full_clean()
    action.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=action,
        organisation_id=evaluation_round.programme.lead_id,
        channel=channel,
    )
    return action


@transaction.atomic
def action_update(
    *, actor: Any, action: Action, status: str, channel: str = AuditChannel.WEB
) -> Action:
    if not manages(actor, action.round.programme):
        raise ValidationError(_("Only the lead organisation's coordinator updates actions."))
    action.status = status
    action.full_clean()
    action.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=action,
        organisation_id=action.round.programme.lead_id,
        channel=channel,
        detail={"fields": ["status"]},
    )
    return action


@transaction.atomic
def lessons_send(
    *,
    actor: Any,
    evaluation_round: Round,
    exchange_answer: ExchangeAnswer,
    need_areas: Iterable[Area],
    offer_areas: Iterable[Area],
    channel: str = AuditChannel.WEB,
) -> list[Lesson]:
    """Turn gaps into draft needs and strengths into draft offers of the lead
    organisation's draft answer in an exchange round; the exchange's own services check
    that the actor answers for the organisation and that the answer is an open draft."""
    if not manages(actor, evaluation_round.programme):
        raise ValidationError(_("Only the lead organisation's coordinator sends lessons."))
    if evaluation_round.status != RoundStatus.SIGNED_OFF:
        raise ValidationError(_("Lessons come from a signed-off round."))
    if exchange_answer.organisation_id != evaluation_round.programme.lead_id:
        raise ValidationError(_("The exchange answer is not the lead organisation's."))
    proposals = selectors.lesson_proposals(evaluation_round)
    needs = {p.area.code: p for p in proposals.needs}
    offers = {p.area.code: p for p in proposals.offers}
    sent = Lesson.objects.filter(round=evaluation_round)
    sent_needs = set(sent.filter(need__answer=exchange_answer).values_list("area__code", flat=True))
    sent_offers = set(
        sent.filter(offer__answer=exchange_answer).values_list("area__code", flat=True)
    )
    chosen_needs = [
        needs[a.code] for a in need_areas if a.code in needs and a.code not in sent_needs
    ]
    chosen_offers = [
        offers[a.code] for a in offer_areas if a.code in offers and a.code not in sent_offers
    ]
    if not chosen_needs and not chosen_offers:
        raise ValidationError(
            _("Choose at least one gap or strength not yet sent to this exchange answer.")
        )
    lessons = []
    for proposal in chosen_needs:
        need = exchange.need_add(
            actor=actor,
            answer=exchange_answer,
            topics=proposal.topics,
            description=proposal.description,
            channel=channel,
        )
        lessons.append(
            Lesson(
                round=evaluation_round,
                kind=LessonKind.NEED,
                area=proposal.area,
                need=need,
                created_by=actor,
            )
        )
    for proposal in chosen_offers:
        offer = exchange.offer_add(
            actor=actor,
            answer=exchange_answer,
            kind="specialisation",
            topics=proposal.topics,
            description=proposal.description,
            channel=channel,
        )
        lessons.append(
            Lesson(
                round=evaluation_round,
                kind=LessonKind.OFFER,
                area=proposal.area,
                offer=offer,
                created_by=actor,
            )
        )
    for lesson in lessons:
        lesson.full_clean()
    Lesson.objects.bulk_create(lessons)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=evaluation_round,
        organisation_id=evaluation_round.programme.lead_id,
        channel=channel,
        detail={"needs": len(chosen_needs), "offers": len(chosen_offers)},
    )
    return lessons
