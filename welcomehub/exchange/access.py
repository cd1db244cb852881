"""Access gates of the exchange (DESIGN §3 rule 3).

A focal point (`exchange.respond`) reaches the rounds their organisation is invited to
and only their organisation's answer; a coordinator (`exchange.coordinate`) reaches the
rounds they opened or their organisation coordinates, with every answer of those rounds.
A missing and a forbidden record raise the same Http404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from welcomehub.accounts.permissions import (
    has_any,
    has_perm,
    is_platform_wide,
    organisations_with,
)
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.exchange.models import (
    Answer,
    Introduction,
    Suggestion,
    SurveyRound,
    TwinningPair,
    TwinningSignup,
)

COORDINATE = "exchange.coordinate"
RESPOND = "exchange.respond"


def coordinates(user: Any, survey_round: SurveyRound) -> bool:
    """Whether the user coordinates this round: opened it, or coordinates its organisation."""
    if not user.is_authenticated:
        return False
    if survey_round.opened_by_id == user.pk and has_any(user, COORDINATE):
        return True
    return has_perm(user, COORDINATE, survey_round.organisation_id)


def responds_for(user: Any, organisation_id: int) -> bool:
    """Whether the user answers for this organisation (its focal point)."""
    return user.is_authenticated and has_perm(user, RESPOND, organisation_id)


def is_invited_focal_point(user: Any, survey_round: SurveyRound) -> bool:
    if not user.is_authenticated:
        return False
    if is_platform_wide(user, RESPOND):
        return True
    mine = organisations_with(user, RESPOND)
    return survey_round.invited.filter(pk__in=mine).exists()


def may_use_exchange(user: Any) -> bool:
    return user.is_authenticated and (has_any(user, COORDINATE) or has_any(user, RESPOND))


def rounds_for(user: Any) -> QuerySet[SurveyRound]:
    """The rounds the user may see: invited as a focal point, or coordinated."""
    if not user.is_authenticated:
        return SurveyRound.objects.none()
    if is_platform_wide(user, COORDINATE):
        return SurveyRound.objects.all()
    visible = Q(invited__in=organisations_with(user, RESPOND))
    visible |= Q(organisation_id__in=organisations_with(user, COORDINATE))
    if has_any(user, COORDINATE):
        visible |= Q(opened_by=user)
    ids = SurveyRound.objects.filter(visible).values("pk")
    return SurveyRound.objects.filter(pk__in=ids)


def access_round(*, user: Any, round_id: int, coordinate: bool = False) -> SurveyRound:
    """A round for its coordinators and, unless `coordinate`, invited focal points."""
    survey_round = (
        SurveyRound.objects.select_related("organisation", "opened_by").filter(pk=round_id).first()
    )
    if survey_round is None:
        raise Http404
    if not user.is_authenticated:
        raise Http404
    if coordinates(user, survey_round):
        return survey_round
    if coordinate:
        raise Http404
    if not is_invited_focal_point(user, survey_round):
        raise Http404
    return survey_round


def access_answer(
    *, user: Any, answer_id: int, edit: bool = False, channel: str = AuditChannel.WEB
) -> Answer:
    """An answer for its organisation's focal point; to read, also the round's coordinators."""
    answer = (
        Answer.objects.select_related("round__organisation", "organisation", "submitted_by")
        .filter(pk=answer_id)
        .first()
    )
    if answer is None:
        raise Http404
    if not user.is_authenticated:
        raise Http404
    own = responds_for(user, answer.organisation_id)
    if edit and not own:
        raise Http404
    if not own and not coordinates(user, answer.round):
        raise Http404
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=answer,
        organisation_id=answer.organisation_id,
        channel=channel,
    )
    return answer


def access_suggestion(*, user: Any, suggestion_id: int) -> Suggestion:
    """A suggestion for the round's coordinators and the focal points of either side."""
    suggestion = (
        Suggestion.objects.select_related(
            "round", "need__answer__organisation", "offer__answer__organisation"
        )
        .filter(pk=suggestion_id)
        .first()
    )
    if suggestion is None:
        raise Http404
    if not user.is_authenticated:
        raise Http404
    if coordinates(user, suggestion.round):
        return suggestion
    if responds_for(user, suggestion.need.answer.organisation_id):
        return suggestion
    if responds_for(user, suggestion.offer.answer.organisation_id):
        return suggestion
    raise Http404


def access_introduction(
    *, user: Any, introduction_id: int, side_only: bool = False, channel: str = AuditChannel.WEB
) -> Introduction:
    """An introduction for either side's focal points and, unless `side_only`, the round's
    coordinators."""
    introduction = (
        Introduction.objects.select_related(
            "round", "need__answer__organisation", "offer__answer__organisation", "proposed_by"
        )
        .filter(pk=introduction_id)
        .first()
    )
    if introduction is None:
        raise Http404
    if not user.is_authenticated:
        raise Http404
    need_side = responds_for(user, introduction.need.answer.organisation_id)
    offer_side = responds_for(user, introduction.offer.answer.organisation_id)
    if side_only and not (need_side or offer_side):
        raise Http404
    if not (need_side or offer_side or coordinates(user, introduction.round)):
        raise Http404
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=introduction,
        organisation_id=introduction.round.organisation_id,
        channel=channel,
    )
    return introduction


def access_twinning_pair(
    *, user: Any, pair_id: int, side_only: bool = False, channel: str = AuditChannel.WEB
) -> TwinningPair:
    """A twinning pair for either organisation's focal points and, unless `side_only`,
    the round's coordinators."""
    pair = (
        TwinningPair.objects.select_related(
            "round__organisation", "first__organisation", "second__organisation", "proposed_by"
        )
        .filter(pk=pair_id)
        .first()
    )
    if pair is None or not user.is_authenticated:
        raise Http404
    side = responds_for(user, pair.first.organisation_id) or responds_for(
        user, pair.second.organisation_id
    )
    if side_only and not side:
        raise Http404
    if not (side or coordinates(user, pair.round)):
        raise Http404
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=pair,
        organisation_id=pair.round.organisation_id,
        channel=channel,
    )
    return pair


def access_twinning_signup(*, user: Any, signup_id: int) -> TwinningSignup:
    """A sign-up for its own organisation's focal point (to change or withdraw it)."""
    signup = (
        TwinningSignup.objects.select_related("round", "organisation").filter(pk=signup_id).first()
    )
    if signup is None or not responds_for(user, signup.organisation_id):
        raise Http404
    return signup
