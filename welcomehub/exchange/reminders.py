"""Reminders of the exchange, sent by the worker once a day (`exchange_reminders`).

- An introduction or a twinning pair waiting for an answer for N days: the side that has
  not answered is reminded.
- An introduction accepted or in contact with no progress for N days: both sides are
  reminded to record the next step.
- A follow-up survey unanswered for N days: that side is reminded.

Each item is reminded at most once every N days (`reminded_at`). E-mails go to the focal
points of the organisation concerned, one message per organisation and item, addresses
in Bcc. One audit row per reminded item, by the system.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.accounts.models import Organisation
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.exchange import selectors
from welcomehub.exchange.introductions import OPEN_FOR_ANSWER
from welcomehub.exchange.models import (
    FollowUp,
    Introduction,
    IntroductionStatus,
    TwinningPair,
    TwinningPairStatus,
)

DEFAULT_DAYS = 7
M = TypeVar("M", bound=Model)


def reminder_days() -> int:
    return int(getattr(settings, "WELCOMEHUB_EXCHANGE_REMINDER_DAYS", DEFAULT_DAYS))


@dataclass
class Sent:
    introductions: int = 0
    followups: int = 0
    twinning_pairs: int = 0
    messages: int = 0

    @property
    def total(self) -> int:
        return self.introductions + self.followups + self.twinning_pairs


def _due(rows: QuerySet[M], since: datetime.datetime) -> QuerySet[M]:
    return rows.filter(
        Q(status_changed_at__lte=since) | Q(status_changed_at__isnull=True, created_at__lte=since)
    ).filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=since))


def _message(organisation: Organisation, subject: str, body: str) -> EmailMessage | None:
    recipients = selectors.focal_point_contacts(organisation)
    if not recipients:
        return None
    return EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, bcc=recipients
    )


def _record(obj: Model, organisation_id: int, reminded: Iterable[int]) -> None:
    audit_record(
        actor=None,
        action=AuditAction.UPDATE,
        obj=obj,
        organisation_id=organisation_id,
        channel=AuditChannel.SYSTEM,
        detail={"reminded": sorted(reminded)},
    )


def _introductions(
    since: datetime.datetime, now: datetime.datetime
) -> tuple[int, list[EmailMessage]]:
    S = IntroductionStatus
    rows = Introduction.objects.select_related(
        "round", "need__answer__organisation", "offer__answer__organisation"
    ).filter(status__in=[*OPEN_FOR_ANSWER, S.ACCEPTED, S.IN_CONTACT])
    messages: list[EmailMessage] = []
    count = 0
    for introduction in _due(rows, since).select_for_update(of=("self",)):
        need_org = introduction.need.answer.organisation
        offer_org = introduction.offer.answer.organisation
        names = {"need_org": need_org.name, "offer_org": offer_org.name}
        names["round"] = introduction.round.title
        if introduction.status in OPEN_FOR_ANSWER:
            targets = [
                org
                for org, accepted in (
                    (need_org, introduction.need_accepted_at),
                    (offer_org, introduction.offer_accepted_at),
                )
                if accepted is None
            ]
            subject = _("Welcome Hub: an introduction is waiting for your answer")
            body = (
                _(
                    "An introduction between %(need_org)s and %(offer_org)s in the round "
                    "“%(round)s” is waiting for your organisation's answer. Please accept or "
                    "decline it in Welcome Hub."
                )
                % names
            )
        else:
            targets = [need_org, offer_org]
            subject = _("Welcome Hub: how is your exchange going?")
            body = (
                _(
                    "The introduction between %(need_org)s and %(offer_org)s in the round "
                    "“%(round)s” has not moved on for a while. When you are in contact or the "
                    "exchange was held, please record it in Welcome Hub."
                )
                % names
            )
        found = [m for m in (_message(org, subject, body) for org in targets) if m]
        messages += found
        introduction.reminded_at = now
        introduction.save(update_fields=["reminded_at"])
        _record(introduction, introduction.round.organisation_id, (o.pk for o in targets))
        count += 1
    return count, messages


def _followups(since: datetime.datetime, now: datetime.datetime) -> tuple[int, list[EmailMessage]]:
    rows = (
        FollowUp.objects.select_related("organisation", "introduction__round")
        .filter(answered_at__isnull=True, created_at__lte=since)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=since))
    )
    messages: list[EmailMessage] = []
    count = 0
    for followup in rows.select_for_update(of=("self",)):
        message = _message(
            followup.organisation,
            _("Welcome Hub: how did the exchange go?"),
            _(
                "Your organisation has not yet answered the short follow-up survey of an "
                "exchange in the round “%(round)s”. It takes two minutes: open the "
                "introduction in Welcome Hub."
            )
            % {"round": followup.introduction.round.title},
        )
        if message:
            messages.append(message)
        followup.reminded_at = now
        followup.save(update_fields=["reminded_at"])
        _record(followup, followup.organisation_id, [followup.organisation_id])
        count += 1
    return count, messages


def _pairs(since: datetime.datetime, now: datetime.datetime) -> tuple[int, list[EmailMessage]]:
    P = TwinningPairStatus
    rows = TwinningPair.objects.select_related(
        "round", "first__organisation", "second__organisation"
    ).filter(status__in=[P.PROPOSED, P.ACCEPTED_BY_FIRST, P.ACCEPTED_BY_SECOND, P.ACCEPTED])
    messages: list[EmailMessage] = []
    count = 0
    for pair in _due(rows, since).select_for_update(of=("self",)):
        first, second = pair.first.organisation, pair.second.organisation
        names = {"first": first.name, "second": second.name, "round": pair.round.title}
        if pair.status == P.ACCEPTED:
            targets = [first, second]
            subject = _("Welcome Hub: record your twinning agreement")
            body = (
                _(
                    "%(first)s and %(second)s accepted to be twinned in the round “%(round)s”. "
                    "Please record the goals and timeline you agreed on in Welcome Hub."
                )
                % names
            )
        else:
            targets = [
                org
                for org, accepted in (
                    (first, pair.first_accepted_at),
                    (second, pair.second_accepted_at),
                )
                if accepted is None
            ]
            subject = _("Welcome Hub: a twinning proposal is waiting for your answer")
            body = (
                _(
                    "The coordinator of the round “%(round)s” proposed to twin %(first)s and "
                    "%(second)s. Please accept or decline the proposal in Welcome Hub."
                )
                % names
            )
        messages += [m for m in (_message(org, subject, body) for org in targets) if m]
        pair.reminded_at = now
        pair.save(update_fields=["reminded_at"])
        _record(pair, pair.round.organisation_id, (o.pk for o in targets))
        count += 1
    return count, messages


@transaction.atomic
def reminders_send(*, now: datetime.datetime | None = None, days: int | None = None) -> Sent:
    """Send every reminder due at `now`; the e-mails leave once the transaction commits."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=reminder_days() if days is None else days)
    sent = Sent()
    sent.introductions, intro_messages = _introductions(since, now)
    sent.followups, followup_messages = _followups(since, now)
    sent.twinning_pairs, pair_messages = _pairs(since, now)
    messages = intro_messages + followup_messages + pair_messages
    sent.messages = len(messages)

    def deliver() -> None:
        for message in messages:
            message.send()

    transaction.on_commit(deliver)
    return sent
