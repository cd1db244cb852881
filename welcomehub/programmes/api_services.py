"""The services directory and orientation over the API (public), and referrals (staff)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from welcomehub.core.api_schemas import Page, page_bounds
from welcomehub.core.audit import audit_reads
from welcomehub.core.models import AuditChannel
from welcomehub.people.access import access_household
from welcomehub.programmes import directory, orientation, referral_selectors, referrals
from welcomehub.programmes.directory_access import access_referral
from welcomehub.programmes.models import Place, Service

router = Router(tags=["services"])


class ServiceTranslationOut(Schema):
    language: str
    name: str
    description: str
    eligibility: str
    how_to_apply: str
    documents_required: str


class ServiceOut(Schema):
    id: int
    name: str
    description: str
    organisation_id: int
    organisation: str
    domain: str
    place_ids: list[int]
    languages: list[str]
    interpretation: str
    eligibility: str
    how_to_apply: str
    documents_required: str
    free_of_charge: bool
    fees: str
    opening_hours: str
    accessibility: str
    funded_by: str
    address: str
    phone: str
    email: str
    website: str
    status: str
    language: str
    translations: list[ServiceTranslationOut]

    @staticmethod
    def resolve_translations(obj: Service) -> list:
        return list(obj.translations.all())

    @staticmethod
    def resolve_organisation(obj: Service) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_place_ids(obj: Service) -> list[int]:
        return [place.pk for place in obj.places.all()]


@router.get("/services", response=Page[ServiceOut], auth=None)
def service_list(
    request: HttpRequest,
    q: str = "",
    domain: str = "",
    place_id: int | None = None,
    language: str = "",
    free: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> dict:
    """The public directory, with the same search and filters as /services/."""
    limit, offset = page_bounds(limit, offset)
    place = Place.objects.filter(pk=place_id).first() if place_id else None
    found = directory.directory_search(
        query=q, domain=domain, place=place, language=language, free_only=free
    )
    return {"count": found.count(), "items": list(found[offset : offset + limit])}


@router.get("/services/{service_id}", response=ServiceOut, auth=None)
def service_detail(request: HttpRequest, service_id: int) -> Service:
    service = (
        Service.objects.select_related("organisation", "funder")
        .prefetch_related("places", "translations")
        .filter(pk=service_id)
        .first()
    )
    if service is None:
        raise Http404
    return service


class OrientationOut(Schema):
    slug: str
    topic: str
    language: str
    translation_status: str
    version: int
    title: str
    body: str


@router.get("/orientation", response=list[OrientationOut], auth=None)
def orientation_list(request: HttpRequest, language: str = "en") -> list[dict]:
    """Published orientation articles for a reader of `language`; an article not yet
    translated comes in its source language with translation_status "missing"."""
    if language not in dict(settings.LANGUAGES):
        language = "en"
    return [
        {
            "slug": r.article.slug,
            "topic": r.article.topic,
            "language": r.text.language,
            "translation_status": r.status,
            "version": r.text.version,
            "title": r.text.title,
            "body": r.text.body,
        }
        for r in orientation.orientation_for(language)
    ]


class ReferralOut(Schema):
    id: int
    household: str
    service_id: int
    from_organisation_id: int
    to_organisation_id: int
    status: str
    due_date: datetime.date
    barriers: list[str]

    @staticmethod
    def resolve_household(obj: object) -> str:
        return obj.household.reference  # type: ignore[attr-defined]


@router.get("/referrals", response=list[ReferralOut])
def referral_list(request: HttpRequest) -> list:
    """Referrals sent by the user's organisations and those received while sharing holds."""
    found = [
        *referral_selectors.referrals_sent(request.user)[:200],
        *referral_selectors.referrals_received(request.user),
    ]
    audit_reads(
        actor=request.user,
        objects=found,
        organisation_of=lambda r: r.from_organisation_id,
        channel=AuditChannel.API,
    )
    return found


class ReferralIn(Schema):
    household: str
    service_id: int
    person_ids: list[int]
    shared_fields: list[str] = []
    barriers: list[str] = []
    due_date: datetime.date | None = None
    note: str = ""
    override_reason: str = ""


@router.post("/referrals", response={201: ReferralOut})
def referral_create(request: HttpRequest, payload: ReferralIn) -> Status[Any]:
    """Refer members of a household of the caseload; refused (422) without their consent
    to sharing with the provider unless `override_reason` says why."""
    household = access_household(
        user=request.user,
        reference=payload.household,
        permission=referrals.PERMISSION,
        channel=AuditChannel.API,
    )
    service = Service.objects.select_related("organisation").filter(pk=payload.service_id).first()
    if service is None:
        raise Http404
    persons = list(household.members.filter(pk__in=payload.person_ids))
    if len(persons) != len(set(payload.person_ids)):
        raise ValidationError({"person_ids": _("Only members of this household can be referred.")})
    referral = referrals.referral_create(
        actor=request.user,
        household=household,
        service=service,
        persons=persons,
        channel=AuditChannel.API,
        **payload.dict(exclude={"household", "service_id", "person_ids"}),
    )
    return Status(201, referral)


@router.get("/referrals/{referral_id}", response=ReferralOut)
def referral_detail(request: HttpRequest, referral_id: int) -> object:
    referral, _sides = access_referral(
        user=request.user, referral_id=referral_id, channel=AuditChannel.API
    )
    return referral
