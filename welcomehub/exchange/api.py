"""The exchange over the API: rounds, a round's chart, and a focal point's needs and
offers. Every fetch goes through the same access gates as the pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from welcomehub.core import taxonomy
from welcomehub.core.models import AuditChannel
from welcomehub.exchange import selectors, services
from welcomehub.exchange.access import (
    access_answer,
    access_round,
    may_use_exchange,
    rounds_for,
)
from welcomehub.exchange.twinning import exchange_figures, library

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
    region: str = "",
    modality: str = "",
    language: str = "",
) -> dict[str, Any]:
    survey_round = access_round(user=request.user, round_id=round_id)
    if region and not taxonomy.is_code("regions", region):
        raise HttpError(422, f"unknown region {region!r}")
    data = selectors.chart(
        survey_round,
        org_type=org_type,
        country=country,
        region=region,
        modality=modality,
        language=language,
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


class LibraryEntryOut(Schema):
    """A closed twinning in the library: organisation-level information only."""

    id: int
    round_id: int
    first_organisation: str
    second_organisation: str
    pair_kind: str
    goals: str
    activities: list[str]
    topics: list[str]
    starts_on: datetime.date
    ends_on: datetime.date
    what_worked: str
    what_did_not: str
    lessons: str
    rating: int


@router.get("/rounds/{round_id}/figures", response=dict[str, Any])
def round_figures(request: HttpRequest, round_id: int) -> dict[str, Any]:
    """Follow-up ratings, introductions and twinning figures of a round (its coordinators)."""
    survey_round = access_round(user=request.user, round_id=round_id, coordinate=True)
    return {"round_id": survey_round.pk, **exchange_figures(survey_round)}


@router.get("/twinning/library", response=list[LibraryEntryOut])
def twinning_library(
    request: HttpRequest, q: str = "", pair_kind: str = "", topic: str = ""
) -> list[dict[str, Any]]:
    if not may_use_exchange(request.user):
        raise Http404
    return [
        {
            "id": review.pk,
            "round_id": review.agreement.pair.round_id,
            "first_organisation": review.agreement.pair.first.organisation.name,
            "second_organisation": review.agreement.pair.second.organisation.name,
            "pair_kind": review.agreement.pair.pair_kind,
            "goals": review.agreement.goals,
            "activities": review.agreement.activities,
            "topics": review.agreement.topics,
            "starts_on": review.agreement.starts_on,
            "ends_on": review.agreement.ends_on,
            "what_worked": review.what_worked,
            "what_did_not": review.what_did_not,
            "lessons": review.lessons,
            "rating": review.rating,
        }
        for review in library(query=q[:200], pair_kind=pair_kind, topic=topic)[:200]
    ]
