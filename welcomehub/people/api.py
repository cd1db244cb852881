"""Households, persons and consent over the API; every fetch goes through an access gate."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema, Status

from welcomehub.accounts.models import Organisation
from welcomehub.core.api_schemas import Page, page_bounds
from welcomehub.core.audit import audit_reads
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.people import services
from welcomehub.people.access import (
    access_consent,
    access_household,
    access_person,
    caseload,
)
from welcomehub.people.models import Person
from welcomehub.people.selectors import household_list
from welcomehub.programmes.access import access_organisation, access_programme
from welcomehub.programmes.models import Place

router = Router(tags=["households"])
API = AuditChannel.API


class HouseholdOut(Schema):
    reference: str
    organisation_id: int
    programme_id: int
    pathway: str
    status: str
    arrival_date: datetime.date | None
    location_id: int | None
    nationality: str
    languages: list[str]
    needs: list[str]
    member_count: int

    @staticmethod
    def resolve_member_count(obj: Any) -> int:
        return len(obj.members.all())  # prefetched by the list selector


class HouseholdIn(Schema):
    organisation_id: int
    programme_id: int
    pathway: str
    status: str = "awaiting_arrival"
    arrival_date: datetime.date | None = None
    location_id: int | None = None
    nationality: str
    languages: list[str] = []
    needs: list[str] = []


class HouseholdPatch(Schema):
    pathway: str | None = None
    status: str | None = None
    arrival_date: datetime.date | None = None
    location_id: int | None = None
    nationality: str | None = None
    languages: list[str] | None = None
    needs: list[str] | None = None


class PersonOut(Schema):
    id: int
    household: str
    given_name: str
    family_name: str
    date_of_birth: datetime.date | None
    sex: str
    relationship: str
    languages: list[str]
    phone: str
    email: str

    @staticmethod
    def resolve_household(obj: Any) -> str:
        return obj.household.reference


class PersonIn(Schema):
    given_name: str
    family_name: str = ""
    date_of_birth: datetime.date | None = None
    sex: str
    relationship: str
    languages: list[str] = []
    phone: str = ""
    email: str = ""


class PersonPatch(Schema):
    given_name: str | None = None
    family_name: str | None = None
    date_of_birth: datetime.date | None = None
    sex: str | None = None
    relationship: str | None = None
    languages: list[str] | None = None
    phone: str | None = None
    email: str | None = None


class ConsentOut(Schema):
    id: int
    person_id: int
    purpose: str
    partner_id: int | None
    method: str
    guardian_id: int | None
    child_assent: str
    text_version: str
    created_at: datetime.datetime
    withdrawn_at: datetime.datetime | None
    active: bool

    @staticmethod
    def resolve_active(obj: Any) -> bool:
        return obj.withdrawn_at is None


class ConsentIn(Schema):
    purpose: str
    method: str
    partner_id: int | None = None
    guardian_id: int | None = None
    child_assent: str = ""
    text_version: str = "1"


def _place(location_id: int | None) -> Place | None:
    if location_id is None:
        return None
    place = Place.objects.filter(pk=location_id).first()
    if place is None:
        raise ValidationError({"location_id": ["Unknown place."]})
    return place


@router.get("/households", response=Page[HouseholdOut])
def household_index(
    request: HttpRequest,
    status: str = "",
    programme_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict:
    limit, offset = page_bounds(limit, offset)
    households = household_list(caseload(request.user), status=status, programme_id=programme_id)
    page = list(households[offset : offset + limit])
    audit_reads(
        actor=request.user,
        objects=page,
        organisation_of=lambda h: h.organisation_id,
        channel=API,
        action=AuditAction.LIST,
    )
    return {"count": households.count(), "items": page}


@router.post("/households", response={201: HouseholdOut})
def household_create(request: HttpRequest, payload: HouseholdIn) -> Status[Any]:
    organisation = access_organisation(
        user=request.user, organisation_id=payload.organisation_id, permission="household.edit"
    )
    programme = access_programme(user=request.user, programme_id=payload.programme_id)
    data = payload.dict(exclude={"organisation_id", "programme_id", "location_id"})
    household = services.household_create(
        actor=request.user,
        organisation=organisation,
        programme=programme,
        channel=API,
        location=_place(payload.location_id),
        **data,
    )
    return Status(201, household)


@router.get("/households/{reference}", response=HouseholdOut)
def household_detail(request: HttpRequest, reference: str) -> Any:
    return access_household(user=request.user, reference=reference, channel=API)


@router.patch("/households/{reference}", response=HouseholdOut)
def household_patch(request: HttpRequest, reference: str, payload: HouseholdPatch) -> Any:
    household = access_household(
        user=request.user, reference=reference, permission="household.edit", channel=API
    )
    changes = payload.dict(exclude_unset=True)
    if "location_id" in changes:
        changes["location"] = _place(changes.pop("location_id"))
    return services.household_update(
        actor=request.user, household=household, channel=API, **changes
    )


@router.get("/households/{reference}/persons", response=list[PersonOut])
def person_index(request: HttpRequest, reference: str) -> Any:
    household = access_household(user=request.user, reference=reference, channel=API)
    members = list(household.members.order_by("id"))
    audit_reads(
        actor=request.user,
        objects=members,
        organisation_of=lambda _p: household.organisation_id,
        channel=API,
    )
    return members


@router.post("/households/{reference}/persons", response={201: PersonOut})
def person_create(request: HttpRequest, reference: str, payload: PersonIn) -> Status[Any]:
    household = access_household(
        user=request.user, reference=reference, permission="household.edit", channel=API
    )
    person = services.person_create(
        actor=request.user, household=household, channel=API, **payload.dict()
    )
    return Status(201, person)


@router.get("/persons/{person_id}", response=PersonOut)
def person_detail(request: HttpRequest, person_id: int) -> Person:
    return access_person(user=request.user, person_id=person_id, channel=API)


@router.patch("/persons/{person_id}", response=PersonOut)
def person_patch(request: HttpRequest, person_id: int, payload: PersonPatch) -> Person:
    person = access_person(
        user=request.user, person_id=person_id, permission="household.edit", channel=API
    )
    return services.person_update(
        actor=request.user, person=person, channel=API, **payload.dict(exclude_unset=True)
    )


@router.get("/persons/{person_id}/consents", response=list[ConsentOut])
def consent_index(request: HttpRequest, person_id: int) -> Any:
    person = access_person(user=request.user, person_id=person_id, channel=API)
    consents = list(person.consents.order_by("-created_at"))
    audit_reads(
        actor=request.user,
        objects=consents,
        organisation_of=lambda _c: person.household.organisation_id,
        channel=API,
    )
    return consents


@router.post("/persons/{person_id}/consents", response={201: ConsentOut})
def consent_create(request: HttpRequest, person_id: int, payload: ConsentIn) -> Status[Any]:
    person = access_person(
        user=request.user, person_id=person_id, permission="consent.manage", channel=API
    )
    guardian = None
    if payload.guardian_id is not None:
        guardian = person.household.members.filter(pk=payload.guardian_id).first()
        if guardian is None:
            raise ValidationError({"guardian_id": ["Not a member of this household."]})
    partner = None
    if payload.partner_id is not None:
        partner = Organisation.objects.filter(pk=payload.partner_id).first()
        if partner is None:
            raise ValidationError({"partner_id": ["Unknown organisation."]})
    consent = services.consent_record(
        actor=request.user,
        person=person,
        purpose=payload.purpose,
        method=payload.method,
        partner=partner,
        guardian=guardian,
        child_assent=payload.child_assent,
        text_version=payload.text_version,
        channel=API,
    )
    return Status(201, consent)


@router.post("/consents/{consent_id}/withdraw", response=ConsentOut)
def consent_withdraw(request: HttpRequest, consent_id: int) -> Any:
    consent = access_consent(user=request.user, consent_id=consent_id, channel=API)
    return services.consent_withdraw(actor=request.user, consent=consent, channel=API)
