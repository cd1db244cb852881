"""Answers by file: NEEDS.csv and OFFERS.csv in the DESIGN §4 contract, all-or-nothing.

The files are read by `io.py`, which names the file, line and column of every problem.
Every row must speak for the answer's own organisation; an offer's kind is taken from its
first modality that is one (an area of specialisation otherwise).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.exchange import matching
from welcomehub.exchange.models import KIND_MODALITY, Answer, Need, Offer, OfferKind
from welcomehub.exchange.services import check_editable

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
