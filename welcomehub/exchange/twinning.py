"""Twinning (DESIGN §1 B): sign-ups, proposed pairs, double opt-in, agreements,
check-ins, closing reviews, the library of twinning models and lessons, and the figures
of the mechanism's follow-up and twinning for the evaluation dashboard.

Writes are `<entity>_<verb>(*, actor, ...)`: atomic, validated, one audit row. The pairs
themselves are computed by the pure engine `matching/twinning.py` from the sign-ups and
each organisation's latest submitted answer. Organisation-level information only.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.accounts.models import Organisation
from welcomehub.core import taxonomy
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.exchange import selectors
from welcomehub.exchange.access import coordinates, responds_for
from welcomehub.exchange.introductions import check_decline_reason
from welcomehub.exchange.matching import twinning as engine
from welcomehub.exchange.matching.structured import context as matching_context
from welcomehub.exchange.models import (
    Answer,
    AnswerStatus,
    FollowUp,
    Introduction,
    IntroductionStatus,
    RoundStatus,
    SurveyRound,
    TwinningAgreement,
    TwinningCheckIn,
    TwinningPair,
    TwinningPairStatus,
    TwinningReview,
    TwinningRole,
    TwinningSignup,
)

P = TwinningPairStatus
OPEN_FOR_ANSWER = (P.PROPOSED, P.ACCEPTED_BY_FIRST, P.ACCEPTED_BY_SECOND)
# A sign-up in a pair with one of these statuses is taken: it is not proposed again.
LIVE = (*OPEN_FOR_ANSWER, P.ACCEPTED, P.ACTIVE)


def _audit(
    actor: Any, obj: Any, action: str, survey_round: SurveyRound, channel: str, **detail: Any
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        organisation_id=survey_round.organisation_id,
        channel=channel,
        detail=detail or None,
    )


# --- sign-ups ---------------------------------------------------------------------------


def may_sign_up(actor: Any, survey_round: SurveyRound, organisation: Organisation) -> bool:
    return (
        responds_for(actor, organisation.pk)
        and survey_round.invited.filter(pk=organisation.pk).exists()
    )


@transaction.atomic
def twinning_signup(
    *,
    actor: Any,
    survey_round: SurveyRound,
    organisation: Organisation,
    role: str,
    pair_kinds: list[str],
    topics: list[str] | None = None,
    languages: list[str] | None = None,
    statement: str = "",
    channel: str = AuditChannel.WEB,
) -> TwinningSignup:
    """Sign an invited organisation up to be twinned in a round, or change its sign-up."""
    if not may_sign_up(actor, survey_round, organisation):
        raise ValidationError(_("Only a focal point of an invited organisation can sign up."))
    if survey_round.status == RoundStatus.DRAFT:
        raise ValidationError(_("This round is not open yet."))
    signup = (
        TwinningSignup.objects.select_for_update()
        .filter(round=survey_round, organisation=organisation)
        .first()
    )
    created = signup is None
    if signup is None:
        signup = TwinningSignup(round=survey_round, organisation=organisation, signed_up_by=actor)
    elif _taken(signup):
        raise ValidationError(_("This sign-up is in a pair; it can no longer be changed."))
    signup.role = role
    signup.pair_kinds = list(dict.fromkeys(pair_kinds))
    signup.topics = list(dict.fromkeys(topics or []))
    signup.languages = list(dict.fromkeys(languages or []))
    signup.statement = statement.strip()
    signup.withdrawn_at = None
    signup.full_clean()
    signup.save()
    _audit(
        actor,
        signup,
        AuditAction.CREATE if created else AuditAction.UPDATE,
        survey_round,
        channel,
    )
    return signup


def _taken(signup: TwinningSignup) -> bool:
    return TwinningPair.objects.filter(Q(first=signup) | Q(second=signup), status__in=LIVE).exists()


@transaction.atomic
def twinning_signup_withdraw(
    *, actor: Any, signup: TwinningSignup, channel: str = AuditChannel.WEB
) -> TwinningSignup:
    signup = TwinningSignup.objects.select_for_update().select_related("round").get(pk=signup.pk)
    if not responds_for(actor, signup.organisation_id):
        raise ValidationError(_("You do not answer for this organisation."))
    if _taken(signup):
        raise ValidationError(_("This sign-up is in a pair; decline the pair instead."))
    signup.withdrawn_at = timezone.now()
    signup.save(update_fields=["withdrawn_at", "updated_at"])
    _audit(actor, signup, AuditAction.UPDATE, signup.round, channel, fields=["withdrawn_at"])
    return signup


# --- proposals ----------------------------------------------------------------------------


def latest_answer(organisation_id: int) -> Answer | None:
    """The organisation's latest submitted answer, in any round."""
    return (
        Answer.objects.filter(organisation_id=organisation_id, status=AnswerStatus.SUBMITTED)
        .prefetch_related("needs", "offers")
        .order_by("-submitted_at", "-id")
        .first()
    )


def resettlement_context(country: str) -> str:
    """Traditional or new/emerging resettlement country (matching/context.json)."""
    if not country:
        return ""
    return engine.TRADITIONAL if country in matching_context().traditional else engine.EMERGING


def candidate(signup: TwinningSignup) -> engine.Candidate:
    answer = latest_answer(signup.organisation_id)
    needs = list(answer.needs.all()) if answer else []
    offers = list(answer.offers.all()) if answer else []
    organisation = signup.organisation
    return engine.Candidate(
        id=signup.pk,
        role=signup.role,
        sector=engine.sector_of(organisation.org_type),
        pair_kinds=frozenset(signup.pair_kinds),
        context=resettlement_context(organisation.country),
        languages=frozenset(signup.languages),
        interests=frozenset(signup.topics),
        need_topics=frozenset(t for n in needs for t in n.topics),
        offer_topics=frozenset(t for o in offers for t in o.topics),
        need_modalities=frozenset(m for n in needs for m in n.modalities),
        offer_modalities=frozenset(m for o in offers for m in o.engine_modalities()),
        organisation=organisation.pk,
    )


def open_signups(survey_round: SurveyRound) -> QuerySet[TwinningSignup]:
    """The round's sign-ups not withdrawn and not in a live pair (after a closed or
    declined twinning an organisation may be twinned with another)."""
    taken = TwinningPair.objects.filter(round=survey_round, status__in=LIVE)
    busy = set(taken.values_list("first_id", flat=True)) | set(
        taken.values_list("second_id", flat=True)
    )
    return (
        TwinningSignup.objects.filter(round=survey_round, withdrawn_at__isnull=True)
        .exclude(pk__in=busy)
        .select_related("organisation")
    )


def _paired_before(survey_round: SurveyRound) -> set[frozenset[int]]:
    """Pairs of sign-ups that exist already (declined or closed ones too): never again."""
    pairs = TwinningPair.objects.filter(round=survey_round)
    return {frozenset((a, b)) for a, b in pairs.values_list("first_id", "second_id")}


@dataclass(frozen=True)
class Proposal:
    first: TwinningSignup
    second: TwinningSignup
    pairing: engine.Pairing

    @property
    def reasons(self) -> list[str]:
        return reason_texts(_reason_rows(self.pairing))


def twinning_suggest(survey_round: SurveyRound) -> tuple[list[Proposal], engine.Result]:
    """The optimal pairs of the round's open sign-ups (nothing is stored)."""
    signups = {s.pk: s for s in open_signups(survey_round)}
    result = engine.propose(
        [candidate(s) for s in signups.values()], excluded=_paired_before(survey_round)
    )
    proposals = [Proposal(signups[p.first], signups[p.second], p) for p in result.pairs]
    return proposals, result


def _reason_rows(pairing: engine.Pairing) -> list[dict[str, Any]]:
    return [{"code": r.code, "values": list(r.values)} for r in pairing.reasons]


def _join(words: list[str]) -> str:
    return ", ".join(words)


def reason_text(reason: dict[str, Any]) -> str:
    """One stored reason in the reader's language."""
    code, values = reason.get("code", ""), list(reason.get("values", []))
    topics = _join(taxonomy.labels("exchange_topics", values))
    if code == "covers":
        return _("offers what the other wants: %(topics)s") % {"topics": topics}
    if code == "covers_back":
        return _("and can offer in return: %(topics)s") % {"topics": topics}
    if code == "shared_interests":
        return _("both signed up for: %(topics)s") % {"topics": topics}
    if code == "modalities":
        labels = _join(taxonomy.labels("exchange_modalities", values))
        return _("forms of exchange that fit: %(modalities)s") % {"modalities": labels}
    if code == "languages":
        labels = _join(taxonomy.labels("languages", values))
        return _("shared working language: %(languages)s") % {"languages": labels}
    if code == "mentor_context":
        return _("a traditional resettlement country mentors a new or emerging one")
    if code == "same_context":
        label = taxonomy.label("resettlement_contexts", values[0]) if values else ""
        return _("similar context: %(context)s") % {"context": label}
    if code == "pair_kind":
        label = taxonomy.label("twinning_pair_kinds", values[0]) if values else ""
        return _("kind of pair both accept: %(kind)s") % {"kind": label}
    return code


def reason_texts(reasons: Iterable[dict[str, Any]]) -> list[str]:
    return [reason_text(r) for r in reasons]


@transaction.atomic
def twinning_pair_propose(
    *,
    actor: Any,
    survey_round: SurveyRound,
    first: TwinningSignup,
    second: TwinningSignup,
    channel: str = AuditChannel.WEB,
) -> TwinningPair:
    """The coordinator proposes a pair; its score and reasons are computed here, never
    taken from the request. The rules of the engine apply (roles, kinds, languages)."""
    if not coordinates(actor, survey_round):
        raise ValidationError(_("You do not coordinate this round."))
    locked = list(
        TwinningSignup.objects.select_for_update()
        .filter(pk__in=[first.pk, second.pk], round=survey_round)
        .select_related("organisation")
    )
    if len(locked) != 2:
        raise ValidationError(_("Both sign-ups must belong to this round."))
    a, b = locked
    if a.withdrawn_at or b.withdrawn_at:
        raise ValidationError(_("A sign-up was withdrawn."))
    if _taken(a) or _taken(b):
        raise ValidationError(_("One of the organisations is already in a pair."))
    if frozenset((a.pk, b.pk)) in _paired_before(survey_round):
        raise ValidationError(_("These two organisations were paired before in this round."))
    pairing = engine.evaluate(candidate(a), candidate(b))
    if pairing is None:
        raise ValidationError(
            _("These two sign-ups cannot be twinned: check their roles and kinds of pair.")
        )
    by_id = {a.pk: a, b.pk: b}
    pair = TwinningPair(
        round=survey_round,
        first=by_id[pairing.first],
        second=by_id[pairing.second],
        pair_kind=pairing.pair_kind,
        score=pairing.score,
        reasons=_reason_rows(pairing),
        proposed_by=actor,
        status_changed_at=timezone.now(),
    )
    pair.full_clean()
    pair.save()
    _audit(actor, pair, AuditAction.CREATE, survey_round, channel)
    return pair


def twinning_pairs_propose_all(
    *, actor: Any, survey_round: SurveyRound, channel: str = AuditChannel.WEB
) -> list[TwinningPair]:
    """Propose every pair of the current optimal suggestion, all or none."""
    with transaction.atomic():
        proposals, _result = twinning_suggest(survey_round)
        return [
            twinning_pair_propose(
                actor=actor,
                survey_round=survey_round,
                first=p.first,
                second=p.second,
                channel=channel,
            )
            for p in proposals
        ]


def _locked_pair(pair: TwinningPair) -> TwinningPair:
    return (
        TwinningPair.objects.select_for_update(of=("self",))
        .select_related("round", "first__organisation", "second__organisation")
        .get(pk=pair.pk)
    )


def pair_sides(actor: Any, pair: TwinningPair) -> tuple[bool, bool]:
    return (
        responds_for(actor, pair.first.organisation_id),
        responds_for(actor, pair.second.organisation_id),
    )


def _send_pair_contacts(pair: TwinningPair) -> None:
    first, second = pair.first.organisation, pair.second.organisation
    first_contacts = selectors.focal_point_contacts(first)
    second_contacts = selectors.focal_point_contacts(second)
    recipients = sorted(set(first_contacts) | set(second_contacts))
    if not recipients:
        return
    body = _(
        "Both organisations accepted to be twinned in the round “%(round)s”.\n\n"
        "%(first)s: %(first_contacts)s\n%(second)s: %(second_contacts)s\n\n"
        "Next: agree on goals and a timeline, and record them in Welcome Hub."
    ) % {
        "round": pair.round.title,
        "first": first.name,
        "first_contacts": ", ".join(first_contacts) or "—",
        "second": second.name,
        "second_contacts": ", ".join(second_contacts) or "—",
    }
    send_mail(_("Welcome Hub: you are twinned"), body, settings.DEFAULT_FROM_EMAIL, recipients)


@transaction.atomic
def twinning_pair_accept(
    *, actor: Any, pair: TwinningPair, channel: str = AuditChannel.WEB
) -> TwinningPair:
    """Accept for the side(s) the actor answers for; the second acceptance shares contacts."""
    pair = _locked_pair(pair)
    first_side, second_side = pair_sides(actor, pair)
    if not (first_side or second_side):
        raise ValidationError(_("Only a focal point of one of the two organisations can accept."))
    if pair.status not in OPEN_FOR_ANSWER:
        raise ValidationError(_("This pair is no longer waiting for an answer."))
    now = timezone.now()
    if first_side and pair.first_accepted_at is None:
        pair.first_accepted_at = now
    if second_side and pair.second_accepted_at is None:
        pair.second_accepted_at = now
    if pair.both_accepted:
        pair.status = P.ACCEPTED
    elif pair.first_accepted_at:
        pair.status = P.ACCEPTED_BY_FIRST
    else:
        pair.status = P.ACCEPTED_BY_SECOND
    pair.status_changed_at = now
    pair.full_clean()
    pair.save()
    _audit(actor, pair, AuditAction.UPDATE, pair.round, channel, status=pair.status)
    if pair.both_accepted:
        transaction.on_commit(lambda: _send_pair_contacts(pair))
    return pair


@transaction.atomic
def twinning_pair_decline(
    *,
    actor: Any,
    pair: TwinningPair,
    reason_code: str = "",
    reason: str = "",
    channel: str = AuditChannel.WEB,
) -> TwinningPair:
    pair = _locked_pair(pair)
    if not any(pair_sides(actor, pair)) and not coordinates(actor, pair.round):
        raise ValidationError(
            _("Only one of the two organisations or the coordinator can decline.")
        )
    if pair.status not in OPEN_FOR_ANSWER:
        raise ValidationError(_("This pair is no longer waiting for an answer."))
    check_decline_reason(reason_code, reason)
    pair.status = P.DECLINED
    pair.declined_reason_code = reason_code
    pair.declined_reason = reason.strip()
    pair.status_changed_at = timezone.now()
    pair.full_clean()
    pair.save()
    _audit(actor, pair, AuditAction.UPDATE, pair.round, channel, status=pair.status)
    return pair


# --- agreement, check-ins, review -------------------------------------------------------


def _check_party(actor: Any, pair: TwinningPair) -> None:
    if not any(pair_sides(actor, pair)) and not coordinates(actor, pair.round):
        raise ValidationError(
            _("Only one of the two organisations or the coordinator can record this.")
        )


@transaction.atomic
def twinning_agreement_record(
    *,
    actor: Any,
    pair: TwinningPair,
    goals: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    activities: list[str] | None = None,
    topics: list[str] | None = None,
    channel: str = AuditChannel.WEB,
) -> TwinningAgreement:
    """Record (or amend, while in force) the agreement of an accepted pair."""
    pair = _locked_pair(pair)
    _check_party(actor, pair)
    if pair.status not in (P.ACCEPTED, P.ACTIVE):
        raise ValidationError(_("Both organisations must accept the pair first."))
    agreement = TwinningAgreement.objects.filter(pair=pair).first()
    created = agreement is None
    if agreement is None:
        agreement = TwinningAgreement(pair=pair, recorded_by=actor)
    if not goals.strip():
        raise ValidationError({"goals": _("Write down the goals of the twinning.")})
    agreement.goals = goals.strip()
    agreement.starts_on = starts_on
    agreement.ends_on = ends_on
    agreement.activities = list(dict.fromkeys(activities or []))
    agreement.topics = list(dict.fromkeys(topics or []))
    agreement.full_clean()
    agreement.save()
    if pair.status != P.ACTIVE:
        pair.status = P.ACTIVE
        pair.status_changed_at = timezone.now()
        pair.save(update_fields=["status", "status_changed_at", "updated_at"])
    _audit(
        actor,
        agreement,
        AuditAction.CREATE if created else AuditAction.UPDATE,
        pair.round,
        channel,
        pair=pair.pk,
    )
    return agreement


def _locked_agreement(agreement: TwinningAgreement) -> TwinningAgreement:
    return (
        TwinningAgreement.objects.select_for_update(of=("self",))
        .select_related("pair__round", "pair__first__organisation", "pair__second__organisation")
        .get(pk=agreement.pk)
    )


@transaction.atomic
def twinning_checkin_add(
    *,
    actor: Any,
    agreement: TwinningAgreement,
    held_on: datetime.date,
    notes: str,
    on_track: bool,
    channel: str = AuditChannel.WEB,
) -> TwinningCheckIn:
    agreement = _locked_agreement(agreement)
    pair = agreement.pair
    _check_party(actor, pair)
    if pair.status != P.ACTIVE:
        raise ValidationError(_("Check-ins are recorded while the agreement is in force."))
    if not notes.strip():
        raise ValidationError({"notes": _("Write a few words about the check-in.")})
    checkin = TwinningCheckIn(
        agreement=agreement,
        held_on=held_on,
        notes=notes.strip(),
        on_track=on_track,
        recorded_by=actor,
    )
    checkin.full_clean()
    checkin.save()
    pair.status_changed_at = timezone.now()  # progress: no reminder for a while
    pair.save(update_fields=["status_changed_at", "updated_at"])
    _audit(actor, checkin, AuditAction.CREATE, pair.round, channel, pair=pair.pk)
    return checkin


@transaction.atomic
def twinning_review_record(
    *,
    actor: Any,
    agreement: TwinningAgreement,
    what_worked: str,
    what_did_not: str,
    rating: int,
    lessons: str = "",
    channel: str = AuditChannel.WEB,
) -> TwinningReview:
    """The closing review; it closes the pair and enters the library."""
    agreement = _locked_agreement(agreement)
    pair = agreement.pair
    _check_party(actor, pair)
    if pair.status != P.ACTIVE:
        raise ValidationError(_("Only a twinning with an agreement in force can be closed."))
    review = TwinningReview(
        agreement=agreement,
        what_worked=what_worked.strip(),
        what_did_not=what_did_not.strip(),
        lessons=lessons.strip(),
        rating=rating,
        recorded_by=actor,
    )
    review.full_clean()
    review.save()
    pair.status = P.CLOSED
    pair.status_changed_at = timezone.now()
    pair.save(update_fields=["status", "status_changed_at", "updated_at"])
    _audit(actor, review, AuditAction.CREATE, pair.round, channel, pair=pair.pk)
    return review


# --- reads --------------------------------------------------------------------------------


def signup_list(survey_round: SurveyRound) -> QuerySet[TwinningSignup]:
    return TwinningSignup.objects.filter(round=survey_round).select_related("organisation")


def pair_list(
    survey_round: SurveyRound, *, organisation_ids: set[int] | None
) -> QuerySet[TwinningPair]:
    """The round's pairs; for a focal point (`organisation_ids`) only their own."""
    pairs = TwinningPair.objects.filter(round=survey_round).select_related(
        "first__organisation", "second__organisation"
    )
    if organisation_ids is not None:
        pairs = pairs.filter(
            Q(first__organisation_id__in=organisation_ids)
            | Q(second__organisation_id__in=organisation_ids)
        )
    return pairs


def library(*, query: str = "", pair_kind: str = "", topic: str = "") -> QuerySet[TwinningReview]:
    """Closed twinnings with their review: searchable over goals, review and lessons,
    filtered by kind of pair and topic. Organisation-level information only."""
    reviews = TwinningReview.objects.select_related(
        "agreement__pair__first__organisation",
        "agreement__pair__second__organisation",
        "agreement__pair__round",
    ).filter(agreement__pair__status=P.CLOSED)
    if pair_kind:
        reviews = reviews.filter(agreement__pair__pair_kind=pair_kind)
    if topic:
        # JSON lists, filtered here the same on SQLite and PostgreSQL: the agreement's
        # topics, or the two sign-ups' when the agreement named none
        rows = reviews.values_list(
            "pk",
            "agreement__topics",
            "agreement__pair__first__topics",
            "agreement__pair__second__topics",
        )
        ids = [
            pk
            for pk, agreed, first, second in rows
            if topic in (agreed or [*(first or []), *(second or [])])
        ]
        reviews = reviews.filter(pk__in=ids)
    for word in query.split()[:10]:
        reviews = reviews.filter(
            Q(agreement__goals__icontains=word)
            | Q(what_worked__icontains=word)
            | Q(what_did_not__icontains=word)
            | Q(lessons__icontains=word)
            | Q(agreement__pair__first__organisation__name__icontains=word)
            | Q(agreement__pair__second__organisation__name__icontains=word)
        )
    return reviews.order_by("-created_at", "-id")


def _count_by(rows: QuerySet[Any], name: str) -> dict[str, int]:
    grouped = rows.order_by().values(name).annotate(n=Count("id")).values_list(name, "n")
    return {str(key): int(n) for key, n in grouped}


def _distribution(values: Iterable[int]) -> dict[int, int]:
    counts = Counter(values)
    return {rating: counts.get(rating, 0) for rating in range(1, 6)}


def exchange_figures(survey_round: SurveyRound | None = None) -> dict[str, Any]:
    """Figures of the follow-up survey, introductions and twinning, for one round or all.

    Keys: introductions (proposed, accepted, exchanges_held, outcomes_recorded, declined,
    declined_by_reason {code: n}); followups (asked, answered, ratings {1..5: n},
    mean_rating or None, exchange_took_place); twinning (signups, signups_by_role
    {role: n}, pairs_proposed, pairs_accepted, pairs_active, pairs_closed, pairs_declined,
    reviews, review_ratings {1..5: n}, mean_review_rating or None)."""
    S = IntroductionStatus
    intros = Introduction.objects.all()
    followups = FollowUp.objects.all()
    signups = TwinningSignup.objects.filter(withdrawn_at__isnull=True)
    pairs = TwinningPair.objects.all()
    reviews = TwinningReview.objects.all()
    if survey_round is not None:
        intros = intros.filter(round=survey_round)
        followups = followups.filter(introduction__round=survey_round)
        signups = signups.filter(round=survey_round)
        pairs = pairs.filter(round=survey_round)
        reviews = reviews.filter(agreement__pair__round=survey_round)
    by_status = _count_by(intros, "status")
    held = by_status.get(S.EXCHANGE_HELD, 0) + by_status.get(S.OUTCOME_RECORDED, 0)
    accepted = held + by_status.get(S.ACCEPTED, 0) + by_status.get(S.IN_CONTACT, 0)
    declined_by_reason = _count_by(intros.filter(status=S.DECLINED), "declined_reason_code")
    answered = followups.filter(answered_at__isnull=False)
    ratings = list(answered.values_list("rating", flat=True))
    pair_status = _count_by(pairs, "status")
    review_ratings = list(reviews.values_list("rating", flat=True))
    mean_rating = answered.aggregate(m=Avg("rating"))["m"]
    mean_review = reviews.aggregate(m=Avg("rating"))["m"]
    return {
        "introductions": {
            "proposed": sum(by_status.values()),
            "accepted": accepted,
            "exchanges_held": held,
            "outcomes_recorded": by_status.get(S.OUTCOME_RECORDED, 0),
            "declined": by_status.get(S.DECLINED, 0),
            "declined_by_reason": {k or "unspecified": v for k, v in declined_by_reason.items()},
        },
        "followups": {
            "asked": followups.count(),
            "answered": len(ratings),
            "ratings": _distribution(r for r in ratings if r is not None),
            "mean_rating": round(float(mean_rating), 2) if mean_rating is not None else None,
            "exchange_took_place": answered.filter(exchange_held=True).count(),
        },
        "twinning": {
            "signups": signups.count(),
            "signups_by_role": {
                role: _count_by(signups, "role").get(role, 0) for role in TwinningRole.values
            },
            "pairs_proposed": sum(pair_status.values()),
            "pairs_accepted": sum(pair_status.get(s, 0) for s in (P.ACCEPTED, P.ACTIVE, P.CLOSED)),
            "pairs_active": pair_status.get(P.ACTIVE, 0),
            "pairs_closed": pair_status.get(P.CLOSED, 0),
            "pairs_declined": pair_status.get(P.DECLINED, 0),
            "reviews": len(review_ratings),
            "review_ratings": _distribution(review_ratings),
            "mean_review_rating": round(float(mean_review), 2) if mean_review is not None else None,
        },
    }
