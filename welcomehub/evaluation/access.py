"""Access gates of programme evaluation (DESIGN §3 rule 3).

- The coordinator of a programme's lead organisation (`evaluation.manage` there) opens
  rounds, answers them, records participation and actions and turns lessons into the
  exchange.
- A reviewer of the lead organisation (`evaluation.review` there) signs rounds off.
- Readers of a programme's rounds and evidence: holders of `evaluation.manage`,
  `evaluation.review` or `aggregate.view` in the lead organisation or in a partner.
A missing and a forbidden record raise the same Http404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from welcomehub.accounts.permissions import has_any, has_perm, is_platform_wide, organisations_with
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.evaluation.models import Action, Evidence, Round
from welcomehub.programmes.models import Programme

MANAGE = "evaluation.manage"
REVIEW = "evaluation.review"
AGGREGATE = "aggregate.view"
READ = (MANAGE, REVIEW, AGGREGATE)


def may_use_evaluation(user: Any) -> bool:
    return user.is_authenticated and any(has_any(user, p) for p in READ)


def may_compare(user: Any) -> bool:
    return user.is_authenticated and has_any(user, AGGREGATE)


def readable_programmes(user: Any) -> QuerySet[Programme]:
    """Programmes whose evaluation the user reads: lead or partner organisations."""
    if not user.is_authenticated:
        return Programme.objects.none()
    if any(is_platform_wide(user, p) for p in READ):
        return Programme.objects.all()
    orgs: set[int] = set()
    for permission in READ:
        orgs |= organisations_with(user, permission)
    ids = Programme.objects.filter(
        Q(lead_id__in=orgs) | Q(partners__organisation_id__in=orgs)
    ).values("pk")
    return Programme.objects.filter(pk__in=ids)


def manages(user: Any, programme: Programme) -> bool:
    return user.is_authenticated and has_perm(user, MANAGE, programme.lead_id)


def reviews(user: Any, programme: Programme) -> bool:
    return user.is_authenticated and has_perm(user, REVIEW, programme.lead_id)


def access_programme(*, user: Any, programme_id: int, manage: bool = False) -> Programme:
    programme = Programme.objects.select_related("lead", "area").filter(pk=programme_id).first()
    if programme is None:
        raise Http404
    if not user.is_authenticated:
        raise Http404
    if manage and not manages(user, programme):
        raise Http404
    if not readable_programmes(user).filter(pk=programme.pk).exists():
        raise Http404
    return programme


def access_round(*, user: Any, round_id: int, manage: bool = False, review: bool = False) -> Round:
    evaluation_round = (
        Round.objects.select_related("programme__lead", "framework", "opened_by")
        .filter(pk=round_id)
        .first()
    )
    if evaluation_round is None:
        raise Http404
    if not user.is_authenticated:
        raise Http404
    programme = evaluation_round.programme
    if manage and not manages(user, programme):
        raise Http404
    if review and not reviews(user, programme):
        raise Http404
    if not readable_programmes(user).filter(pk=programme.pk).exists():
        raise Http404
    return evaluation_round


def access_evidence(*, user: Any, evidence_id: int, channel: str = AuditChannel.WEB) -> Evidence:
    evidence = (
        Evidence.objects.select_related("answer__round__programme").filter(pk=evidence_id).first()
    )
    if evidence is None:
        raise Http404
    access_round(user=user, round_id=evidence.answer.round_id)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=evidence,
        organisation_id=evidence.answer.round.programme.lead_id,
        channel=channel,
    )
    return evidence


def access_action(*, user: Any, action_id: int) -> Action:
    action = Action.objects.select_related("round__programme").filter(pk=action_id).first()
    if action is None:
        raise Http404
    access_round(user=user, round_id=action.round_id, manage=True)
    return action


def access_answer(*, user: Any, answer_id: int) -> Any:
    """An answer of a round, for the coordinator who answers it."""
    from welcomehub.evaluation.models import Answer

    answer = Answer.objects.select_related("round__programme", "item").filter(pk=answer_id).first()
    if answer is None:
        raise Http404
    access_round(user=user, round_id=answer.round_id, manage=True)
    return answer
