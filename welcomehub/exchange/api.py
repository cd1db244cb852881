"""The exchange over the API: rounds, a round's chart, and a focal point's needs and
offers. Every fetch goes through the same access gates as the pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from welcomehub.core.models import AuditChannel
from welcomehub.exchange import selectors, services
from welcomehub.exchange.access import access_answer, access_round, rounds_for

router = Router(tags=["exchange"])
API = AuditChannel.API


class RoundOut(Schema):
    id: int
    title: str
    status: str
    period_start: datetime.date
    period_end: datetime.date
    questionnaire_version: str
    organisation_id: int


class EntryIn(Schema):
    topics: list[str]
    modalities: list[str] = []
    languages: list[str] = []
    description: str = ""


class OfferIn(EntryIn):
    kind: str


class EntryOut(Schema):
    id: int
    answer_id: int
    topics: list[str]
    modalities: list[str]
    languages: list[str]
    description: str


class OfferOut(EntryOut):
    kind: str


@router.get("/rounds", response=list[RoundOut])
def round_index(request: HttpRequest) -> Any:
    return list(selectors.round_list(rounds_for(request.user)))


@router.get("/rounds/{round_id}/chart", response=dict[str, Any])
def round_chart(
    request: HttpRequest,
    round_id: int,
    org_type: str = "",
    country: str = "",
    modality: str = "",
    language: str = "",
) -> dict[str, Any]:
    survey_round = access_round(user=request.user, round_id=round_id)
    data = selectors.chart(
        survey_round, org_type=org_type, country=country, modality=modality, language=language
    )
    return {"round_id": survey_round.pk, **data.as_dict()}


@router.post("/answers/{answer_id}/needs", response={201: EntryOut})
def need_create(request: HttpRequest, answer_id: int, payload: EntryIn) -> Status[Any]:
    answer = access_answer(user=request.user, answer_id=answer_id, edit=True, channel=API)
    need = services.need_add(actor=request.user, answer=answer, channel=API, **payload.dict())
    return Status(201, need)


@router.post("/answers/{answer_id}/offers", response={201: OfferOut})
def offer_create(request: HttpRequest, answer_id: int, payload: OfferIn) -> Status[Any]:
    answer = access_answer(user=request.user, answer_id=answer_id, edit=True, channel=API)
    offer = services.offer_add(actor=request.user, answer=answer, channel=API, **payload.dict())
    return Status(201, offer)
