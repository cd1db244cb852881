"""Introductions, "put people in touch" (DESIGN §1 B): a double opt-in.

Either side's focal point or the round's coordinator proposes; each side accepts for
itself; only when both have accepted are the focal points' e-mail addresses shown to
each other and sent by e-mail. Then the sides record contact, the exchange and its
outcome, or either side declines with a reason (a code of `exchange_decline_reasons`
and free text). When the exchange is held, both sides are asked a short follow-up survey
(`FollowUp`). Reminders are in `reminders.py`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.accounts.models import Organisation
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.core.taxonomy import is_code
from welcomehub.exchange import selectors
from welcomehub.exchange.access import coordinates, responds_for
from welcomehub.exchange.models import (
    AnswerStatus,
    FollowUp,
    Introduction,
    IntroductionStatus,
    Need,
    Offer,
    Suggestion,
)

S = IntroductionStatus
OPEN_FOR_ANSWER = (S.PROPOSED, S.ACCEPTED_BY_NEED_SIDE, S.ACCEPTED_BY_OFFER_SIDE)
NEXT_STEP = {
    S.ACCEPTED: S.IN_CONTACT,
    S.IN_CONTACT: S.EXCHANGE_HELD,
    S.EXCHANGE_HELD: S.OUTCOME_RECORDED,
}
FOLLOWUP_OPEN = (S.EXCHANGE_HELD, S.OUTCOME_RECORDED)


def _locked(introduction: Introduction) -> Introduction:
    return (
        Introduction.objects.select_for_update(of=("self",))
        .select_related("round", "need__answer__organisation", "offer__answer__organisation")
        .get(pk=introduction.pk)
    )


def _sides(actor: Any, introduction: Introduction) -> tuple[bool, bool]:
    need_side = responds_for(actor, introduction.need.answer.organisation_id)
    offer_side = responds_for(actor, introduction.offer.answer.organisation_id)
    return need_side, offer_side


def _audit(
    actor: Any, introduction: Introduction, action: str, channel: str, **detail: Any
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=introduction,
        organisation_id=introduction.round.organisation_id,
        channel=channel,
        detail=detail,
    )


@transaction.atomic
def introduction_propose(
    *,
    actor: Any,
    need: Need,
    offer: Offer,
    suggestion: Suggestion | None = None,
    channel: str = AuditChannel.WEB,
) -> Introduction:
    # fresh rows: the caller's copies may predate a submission
    need = Need.objects.select_related("answer__round").get(pk=need.pk)
    offer = Offer.objects.select_related("answer").get(pk=offer.pk)
    survey_round = need.answer.round
    if offer.answer.round_id != survey_round.pk:
        raise ValidationError(_("The need and the offer belong to different rounds."))
    if need.answer.organisation_id == offer.answer.organisation_id:
        raise ValidationError(_("An organisation is not introduced to itself."))
    if (
        need.answer.status != AnswerStatus.SUBMITTED
        or offer.answer.status != AnswerStatus.SUBMITTED
    ):
        raise ValidationError(_("Only submitted answers can be introduced."))
    introduction = Introduction(
        round=survey_round,
        need=need,
        offer=offer,
        suggestion=suggestion,
        proposed_by=actor,
        status_changed_at=timezone.now(),
    )
    if not (coordinates(actor, survey_round) or any(_sides(actor, introduction))):
        raise ValidationError(_("Only the coordinator or one of the two sides can propose."))
    introduction.full_clean()
    introduction.save()
    _audit(actor, introduction, AuditAction.CREATE, channel)
    return introduction


def _send_contacts(introduction: Introduction) -> None:
    need_org = introduction.need.answer.organisation
    offer_org = introduction.offer.answer.organisation
    need_contacts = selectors.focal_point_contacts(need_org)
    offer_contacts = selectors.focal_point_contacts(offer_org)
    recipients = sorted(set(need_contacts) | set(offer_contacts))
    if not recipients:
        return
    body = _(
        "Both sides accepted the introduction in the round “%(round)s”.\n\n"
        "%(need_org)s (need): %(need_contacts)s\n"
        "%(offer_org)s (offer): %(offer_contacts)s\n"
    ) % {
        "round": introduction.round.title,
        "need_org": need_org.name,
        "need_contacts": ", ".join(need_contacts) or "—",
        "offer_org": offer_org.name,
        "offer_contacts": ", ".join(offer_contacts) or "—",
    }
    send_mail(
        _("Welcome Hub: you are introduced"),
        body,
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )


@transaction.atomic
def introduction_accept(
    *, actor: Any, introduction: Introduction, channel: str = AuditChannel.WEB
) -> Introduction:
    """Accept for the side(s) the actor answers for; the second acceptance shares contacts."""
    introduction = _locked(introduction)
    need_side, offer_side = _sides(actor, introduction)
    if not (need_side or offer_side):
        raise ValidationError(_("Only a focal point of one of the two sides can accept."))
    if introduction.status not in OPEN_FOR_ANSWER:
        raise ValidationError(_("This introduction is no longer waiting for an answer."))
    now = timezone.now()
    if need_side and introduction.need_accepted_at is None:
        introduction.need_accepted_at = now
    if offer_side and introduction.offer_accepted_at is None:
        introduction.offer_accepted_at = now
    if introduction.both_accepted:
        introduction.status = S.ACCEPTED
    elif introduction.need_accepted_at:
        introduction.status = S.ACCEPTED_BY_NEED_SIDE
    else:
        introduction.status = S.ACCEPTED_BY_OFFER_SIDE
    introduction.status_changed_at = now
    introduction.full_clean()
    introduction.save()
    _audit(actor, introduction, AuditAction.UPDATE, channel, status=introduction.status)
    if introduction.both_accepted:
        transaction.on_commit(lambda: _send_contacts(introduction))
    return introduction


@transaction.atomic
def introduction_decline(
    *,
    actor: Any,
    introduction: Introduction,
    reason: str = "",
    reason_code: str = "",
    channel: str = AuditChannel.WEB,
) -> Introduction:
    """Decline with a reason code and/or free text; the code "other" needs the text."""
    introduction = _locked(introduction)
    if not any(_sides(actor, introduction)) and not coordinates(actor, introduction.round):
        raise ValidationError(_("Only one of the two sides or the coordinator can decline."))
    if introduction.status not in OPEN_FOR_ANSWER:
        raise ValidationError(_("This introduction is no longer waiting for an answer."))
    check_decline_reason(reason_code, reason)
    introduction.status = S.DECLINED
    introduction.declined_reason_code = reason_code
    introduction.declined_reason = reason.strip()
    introduction.status_changed_at = timezone.now()
    introduction.full_clean()
    introduction.save()
    _audit(actor, introduction, AuditAction.UPDATE, channel, status=introduction.status)
    return introduction


@transaction.atomic
def introduction_advance(
    *,
    actor: Any,
    introduction: Introduction,
    outcome: str = "",
    channel: str = AuditChannel.WEB,
) -> Introduction:
    """One step on: accepted → in contact → exchange held → outcome recorded."""
    introduction = _locked(introduction)
    if not any(_sides(actor, introduction)) and not coordinates(actor, introduction.round):
        raise ValidationError(_("Only one of the two sides or the coordinator can record this."))
    following = NEXT_STEP.get(S(introduction.status))
    if following is None:
        raise ValidationError(_("There is no next step for this introduction."))
    if following == S.OUTCOME_RECORDED:
        if not outcome.strip():
            raise ValidationError({"outcome": _("Describe the outcome of the exchange.")})
        introduction.outcome = outcome.strip()
    introduction.status = following
    introduction.status_changed_at = timezone.now()
    introduction.full_clean()
    introduction.save()
    _audit(actor, introduction, AuditAction.UPDATE, channel, status=introduction.status)
    if following == S.EXCHANGE_HELD:
        asked = _followups_ask(introduction)
        if asked:
            transaction.on_commit(lambda: _send_followup_request(introduction, asked))
    return introduction


def check_decline_reason(reason_code: str, reason: str) -> None:
    """A reason for declining: a known code, or free text, and free text with "other"."""
    if reason_code and not is_code("exchange_decline_reasons", reason_code):
        raise ValidationError({"reason_code": _("Choose a reason from the list.")})
    if not reason_code and not reason.strip():
        raise ValidationError({"reason_code": _("Say why the introduction is declined.")})
    if reason_code == "other" and not reason.strip():
        raise ValidationError({"reason": _("Describe the other reason.")})


def _followups_ask(introduction: Introduction) -> list[Organisation]:
    """Create the follow-up rows of both sides (once); returns the sides newly asked."""
    asked = []
    for organisation in (
        introduction.need.answer.organisation,
        introduction.offer.answer.organisation,
    ):
        _, created = FollowUp.objects.get_or_create(
            introduction=introduction, organisation=organisation
        )
        if created:
            asked.append(organisation)
    return asked


def _send_followup_request(introduction: Introduction, organisations: list[Organisation]) -> None:
    for organisation in organisations:
        recipients = selectors.focal_point_contacts(organisation)
        if not recipients:
            continue
        body = _(
            "The exchange between %(need_org)s and %(offer_org)s in the round "
            "“%(round)s” was recorded as held. Please tell us in two minutes how it went: "
            "open the introduction in Welcome Hub and answer the short follow-up survey."
        ) % {
            "need_org": introduction.need.answer.organisation.name,
            "offer_org": introduction.offer.answer.organisation.name,
            "round": introduction.round.title,
        }
        send_mail(
            _("Welcome Hub: how did the exchange go?"),
            body,
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )


def followup_side(actor: Any, introduction: Introduction) -> Organisation | None:
    """The side the actor answers the follow-up for, or None; a user answering for both
    sides (a platform-wide focal point) answers for the side with the need first."""
    need_side, offer_side = _sides(actor, introduction)
    if need_side:
        return introduction.need.answer.organisation
    if offer_side:
        return introduction.offer.answer.organisation
    return None


@transaction.atomic
def followup_answer(
    *,
    actor: Any,
    introduction: Introduction,
    rating: int,
    exchange_held: bool,
    exchanged: str = "",
    comment: str = "",
    organisation: Organisation | None = None,
    channel: str = AuditChannel.WEB,
) -> FollowUp:
    """Answer (or correct) one side's follow-up survey of an introduction."""
    introduction = _locked(introduction)
    if organisation is None:
        organisation = followup_side(actor, introduction)
    sides = {introduction.need.answer.organisation_id, introduction.offer.answer.organisation_id}
    if organisation is None or organisation.pk not in sides:
        raise ValidationError(_("Only a focal point of one of the two sides can answer."))
    if not responds_for(actor, organisation.pk):
        raise ValidationError(_("Only a focal point of one of the two sides can answer."))
    if introduction.status not in FOLLOWUP_OPEN:
        raise ValidationError(_("The follow-up survey opens once the exchange was held."))
    followup, _created = FollowUp.objects.select_for_update().get_or_create(
        introduction=introduction, organisation=organisation
    )
    followup.rating = rating
    followup.exchange_held = exchange_held
    followup.exchanged = exchanged.strip()
    followup.comment = comment.strip()
    followup.answered_by = actor
    followup.answered_at = timezone.now()
    followup.full_clean()
    followup.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=followup,
        organisation_id=organisation.pk,
        channel=channel,
        detail={"introduction": introduction.pk, "fields": ["rating", "exchange_held"]},
    )
    return followup
