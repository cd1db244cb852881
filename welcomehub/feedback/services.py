"""Writes for feedback and accountability.

Anonymous feedback and satisfaction answers leave no audit row: an audit row carries
the time to the second and, for a signed-in person, who they are, which is exactly the
link anonymity must not create. Everything else is audited as usual.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.accounts.models import Organisation
from welcomehub.accounts.permissions import has_perm, organisations_with
from welcomehub.core import taxonomy
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction
from welcomehub.feedback.models import (
    BoardPost,
    Channel,
    Feedback,
    FeedbackAuthor,
    ListeningSession,
    SatisfactionResponse,
    Status,
)
from welcomehub.feedback.survey import survey
from welcomehub.programmes.models import Place, Programme, Responsibility

MANAGE = "feedback.manage"
LOG = "feedback.log"
PUBLIC_CHANNELS = {Channel.WEB, Channel.POSTER, Channel.PORTAL}
ORDER = [Status.RECEIVED, Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.ANSWERED, Status.CLOSED]
MAX_TEXT = 4000


def partner_ids(programme: Programme) -> set[int]:
    return {programme.lead_id, *programme.partners.values_list("organisation_id", flat=True)}


def route_for(programme: Programme, category: str, place: Place | None) -> Organisation:
    """The partner responsible for the category's integration domain (in the place, when
    one is given), from the programme's who-does-what-where matrix; else the lead."""
    domain = taxonomy.entry("feedback_categories", category).get("domain")
    if domain:
        candidates = Responsibility.objects.filter(
            programme=programme, domain=domain, provider_id__in=partner_ids(programme)
        ).order_by("pk")
        if place is not None:
            in_place = candidates.filter(place=place).first()
            if in_place is not None:
                return in_place.provider
        first = candidates.first()
        if first is not None:
            return first.provider
    return programme.lead


def _route(programme: Programme, category: str, place: Place | None) -> Organisation:
    if not taxonomy.is_code("feedback_categories", category):
        raise ValidationError({"category": _("Choose a category.")})
    return route_for(programme, category, place)


def _check_place(programme: Programme, place: Place | None) -> None:
    if place is not None and not programme.places.filter(pk=place.pk).exists():
        raise ValidationError({"place": _("This place is not served by the programme.")})


def _clean_text(text: str, field: str = "text") -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: _("Please write something.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({field: _("Please keep it under 4000 characters.")})
    return text


@transaction.atomic
def feedback_submit(
    *,
    actor: Any,
    programme: Programme,
    category: str,
    text: str,
    language: str,
    channel: str = Channel.WEB,
    anonymous: bool = True,
    contact: str = "",
    place: Place | None = None,
    today: datetime.date | None = None,
) -> Feedback:
    """Feedback given through a public form, a poster or the portal."""
    if channel not in PUBLIC_CHANNELS:
        raise ValidationError({"channel": _("Unknown channel.")})
    signed_in = getattr(actor, "is_authenticated", False)
    if not anonymous and not signed_in:
        raise ValidationError(_("Sign in to give feedback in your own name."))
    if anonymous and contact.strip():
        raise ValidationError(
            {"contact": _("Anonymous feedback cannot carry contact details: leave them out.")}
        )
    _check_place(programme, place)
    feedback = Feedback(
        programme=programme,
        place=place,
        channel=channel,
        category=category,
        language=language,
        text=_clean_text(text),
        contact=contact.strip(),
        received_on=today or timezone.localdate(),
        routed_to=_route(programme, category, place),
    )
    feedback.full_clean()
    feedback.save()
    if not anonymous:
        FeedbackAuthor.objects.create(feedback=feedback, user=actor)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=feedback,
            organisation_id=feedback.routed_to_id,
        )
    return feedback


@transaction.atomic
def feedback_log(
    *,
    actor: Any,
    programme: Programme,
    category: str,
    text: str,
    language: str,
    place: Place | None = None,
    today: datetime.date | None = None,
) -> Feedback:
    """Feedback a caseworker heard and writes down (without the speaker's name)."""
    if not partner_ids(programme) & organisations_with(actor, LOG):
        raise ValidationError(_("You do not log feedback for this programme."))
    _check_place(programme, place)
    feedback = Feedback(
        programme=programme,
        place=place,
        channel=Channel.CASEWORKER,
        category=category,
        language=language,
        text=_clean_text(text),
        received_on=today or timezone.localdate(),
        routed_to=_route(programme, category, place),
    )
    feedback.full_clean()
    feedback.save()
    FeedbackAuthor.objects.create(feedback=feedback, user=actor, logged=True)
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=feedback, organisation_id=feedback.routed_to_id
    )
    return feedback


def can_manage(user: Any, feedback: Feedback) -> bool:
    return has_perm(user, MANAGE, feedback.routed_to_id) or has_perm(
        user, MANAGE, feedback.programme.lead_id
    )


def _require_manager(actor: Any, feedback: Feedback) -> None:
    if not can_manage(actor, feedback):
        raise ValidationError(_("You do not handle this feedback."))


@transaction.atomic
def feedback_route(*, actor: Any, feedback: Feedback, organisation: Organisation) -> Feedback:
    _require_manager(actor, feedback)
    if organisation.pk not in partner_ids(feedback.programme):
        raise ValidationError({"organisation": _("Only a partner of the programme can answer.")})
    previous = feedback.routed_to_id
    feedback.routed_to = organisation
    feedback.save(update_fields=["routed_to"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=feedback,
        organisation_id=organisation.pk,
        detail={"fields": ["routed_to"], "from": previous, "to": organisation.pk},
    )
    return feedback


@transaction.atomic
def feedback_status_set(*, actor: Any, feedback: Feedback, status: str) -> Feedback:
    """Status moves forward only; "answered" is reached by answering."""
    _require_manager(actor, feedback)
    if status not in Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if ORDER.index(Status(status)) <= ORDER.index(Status(feedback.status)):
        raise ValidationError({"status": _("The status can only move forward.")})
    if status in {Status.ANSWERED, Status.CLOSED} and not feedback.response:
        raise ValidationError({"status": _("Write a response first.")})
    feedback.status = status
    feedback.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=feedback,
        organisation_id=feedback.routed_to_id,
        detail={"fields": ["status"]},
    )
    return feedback


@transaction.atomic
def feedback_respond(
    *, actor: Any, feedback: Feedback, response: str, today: datetime.date | None = None
) -> Feedback:
    _require_manager(actor, feedback)
    if feedback.status == Status.CLOSED:
        raise ValidationError(_("This feedback is closed."))
    feedback.response = _clean_text(response, "response")
    feedback.responded_on = today or timezone.localdate()
    feedback.status = Status.ANSWERED
    feedback.save(update_fields=["response", "responded_on", "status"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=feedback,
        organisation_id=feedback.routed_to_id,
        detail={"fields": ["response", "status"]},
    )
    return feedback


def _clean_texts(texts: dict[str, dict[str, str]], original: str) -> dict[str, dict[str, str]]:
    cleaned: dict[str, dict[str, str]] = {}
    for language, pair in texts.items():
        said = (pair.get("you_said") or "").strip()
        did = (pair.get("we_did") or "").strip()
        if not said and not did:
            continue
        if not taxonomy.is_code("languages", language.split("-")[0]):
            raise ValidationError({"texts": _("Unknown language.")})
        if not said or not did:
            raise ValidationError(
                {"texts": _("Each language needs both what was said and what was done.")}
            )
        if original and said.casefold() == original.strip().casefold():
            raise ValidationError(
                {
                    "texts": _(
                        "Summarise what was said in your own words; never publish it verbatim."
                    )
                }
            )
        cleaned[language] = {"you_said": _clean_text(said), "we_did": _clean_text(did)}
    if not cleaned:
        raise ValidationError({"texts": _("Write what was said and what was done.")})
    return cleaned


@transaction.atomic
def board_publish(
    *,
    actor: Any,
    feedback: Feedback,
    texts: dict[str, dict[str, str]],
    today: datetime.date | None = None,
) -> BoardPost:
    """Publish an answered piece of feedback to the programme's "you said, we did" board,
    as a summary written for the public."""
    _require_manager(actor, feedback)
    if feedback.status not in {Status.ANSWERED, Status.CLOSED}:
        raise ValidationError(_("Answer the feedback before publishing it."))
    if BoardPost.objects.filter(feedback=feedback, withdrawn=False).exists():
        raise ValidationError(_("This feedback is already on the board."))
    post = BoardPost(
        programme=feedback.programme,
        feedback=feedback,
        category=feedback.category,
        texts=_clean_texts(texts, feedback.text),
        published_on=today or timezone.localdate(),
        published_by=actor,
    )
    post.full_clean()
    post.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=post,
        organisation_id=feedback.routed_to_id,
    )
    return post


@transaction.atomic
def board_withdraw(*, actor: Any, post: BoardPost) -> BoardPost:
    if not has_perm(actor, MANAGE, post.programme.lead_id) and not (
        post.feedback is not None and can_manage(actor, post.feedback)
    ):
        raise ValidationError(_("You do not handle this board."))
    post.withdrawn = True
    post.save(update_fields=["withdrawn", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=post,
        organisation_id=post.programme.lead_id,
        detail={"fields": ["withdrawn"]},
    )
    return post


@transaction.atomic
def listening_session_log(
    *,
    actor: Any,
    programme: Programme,
    organisation: Organisation,
    held_on: datetime.date,
    participants: int,
    themes: list[str],
    notes: str,
    place: Place | None = None,
) -> ListeningSession:
    if not has_perm(actor, LOG, organisation.pk) and not has_perm(actor, MANAGE, organisation.pk):
        raise ValidationError(_("You do not log listening sessions for this organisation."))
    if organisation.pk not in partner_ids(programme):
        raise ValidationError({"organisation": _("Only a partner of the programme can log.")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The session cannot be in the future.")})
    _check_place(programme, place)
    session = ListeningSession(
        programme=programme,
        organisation=organisation,
        held_on=held_on,
        place=place,
        participants=participants,
        themes=themes,
        notes=_clean_text(notes, "notes"),
        logged_by=actor,
    )
    session.full_clean()
    session.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=session, organisation_id=organisation.pk
    )
    return session


@transaction.atomic
def satisfaction_submit(
    *,
    programme: Programme,
    language: str,
    answers: dict[str, int],
    comment: str = "",
    today: datetime.date | None = None,
) -> SatisfactionResponse:
    """One anonymous answer to the short survey; unanswered questions are left out."""
    questions = {question.code for question in survey().questions}
    unknown = sorted(set(answers) - questions)
    if unknown:
        raise ValidationError(_("Unknown questions: %(codes)s.") % {"codes": ", ".join(unknown)})
    if any(
        isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 5 for v in answers.values()
    ):
        raise ValidationError(_("Each answer is a number from 1 to 5."))
    if not answers and not comment.strip():
        raise ValidationError(_("Answer at least one question."))
    if len(comment) > MAX_TEXT:
        raise ValidationError({"comment": _("Please keep it under 4000 characters.")})
    response = SatisfactionResponse(
        programme=programme,
        survey_version=survey().version,
        language=language,
        answers=answers,
        comment=comment.strip(),
        received_on=today or timezone.localdate(),
    )
    response.full_clean()
    response.save()
    return response
