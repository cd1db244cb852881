from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from welcomehub.core.api_schemas import Page, page_bounds
from welcomehub.programmes.access import access_programme, programmes_for

router = Router(tags=["programmes"])


class ProgrammeOut(Schema):
    id: int
    name: str
    kind: str
    country: str
    area: str
    lead_id: int
    description: str

    @staticmethod
    def resolve_area(obj: object) -> str:
        return obj.area.name  # type: ignore[attr-defined]


class ResponsibilityOut(Schema):
    id: int
    domain: str
    place_id: int
    place: str
    provider_id: int
    provider: str
    funder_id: int | None
    funder: str | None
    service: str
    access: str

    @staticmethod
    def resolve_place(obj: object) -> str:
        return obj.place.name  # type: ignore[attr-defined]

    @staticmethod
    def resolve_provider(obj: object) -> str:
        return obj.provider.name  # type: ignore[attr-defined]

    @staticmethod
    def resolve_funder(obj: object) -> str | None:
        funder = obj.funder  # type: ignore[attr-defined]
        return funder.name if funder else None


@router.get("/programmes", response=Page[ProgrammeOut])
def programme_list(request: HttpRequest, limit: int = 50, offset: int = 0) -> dict:
    limit, offset = page_bounds(limit, offset)
    programmes = programmes_for(request.user).select_related("area").order_by("name")
    return {"count": programmes.count(), "items": list(programmes[offset : offset + limit])}


@router.get("/programmes/{programme_id}", response=ProgrammeOut)
def programme_detail(request: HttpRequest, programme_id: int) -> object:
    return access_programme(user=request.user, programme_id=programme_id)


@router.get("/programmes/{programme_id}/responsibilities", response=list[ResponsibilityOut])
def responsibility_list(request: HttpRequest, programme_id: int) -> object:
    programme = access_programme(user=request.user, programme_id=programme_id)
    return programme.responsibilities.select_related("place", "provider", "funder")
