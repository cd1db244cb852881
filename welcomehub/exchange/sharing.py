"""Circulating a round's chart: a signed, read-only link that opens without signing in.

The link carries the round's id signed with Django's signing (HMAC of SECRET_KEY) under a
salt made of the round's id, its creation time and its share generation. The generation
is the id of the round's latest "share link rotated" audit row, so a coordinator revokes
every link given out so far by rotating: one audit row, and old signatures no longer
verify. The shared page shows organisation-level information only.
"""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditEvent
from welcomehub.exchange.access import coordinates
from welcomehub.exchange.models import SurveyRound

SALT = "welcomehub.exchange.share"
ROTATED = {"share_link": "rotated"}


def _generation(survey_round: SurveyRound) -> int:
    latest = (
        AuditEvent.objects.filter(
            object_type="exchange.surveyround",
            object_id=str(survey_round.pk),
            action=AuditAction.UPDATE,
            detail__share_link="rotated",
        )
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    return latest or 0


def _salt(survey_round: SurveyRound) -> str:
    created = survey_round.created_at.isoformat()
    return f"{SALT}:{survey_round.pk}:{created}:{_generation(survey_round)}"


def share_token(survey_round: SurveyRound) -> str:
    return signing.dumps(survey_round.pk, salt=_salt(survey_round))


def shared_round(*, round_id: int, token: str) -> SurveyRound:
    """The round a link opens; a tampered, revoked or foreign link gives 404."""
    survey_round = SurveyRound.objects.select_related("organisation").filter(pk=round_id).first()
    if survey_round is None:
        raise Http404
    try:
        signed_id = signing.loads(token, salt=_salt(survey_round))
    except signing.BadSignature as exc:
        raise Http404 from exc
    if signed_id != survey_round.pk:
        raise Http404
    return survey_round


@transaction.atomic
def round_share_rotate(*, actor: Any, survey_round: SurveyRound) -> str:
    """Revoke every link to the round's chart given out so far; returns the new token."""
    if not coordinates(actor, survey_round):
        raise PermissionDenied
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=survey_round,
        organisation_id=survey_round.organisation_id,
        detail=ROTATED,
    )
    return share_token(survey_round)
