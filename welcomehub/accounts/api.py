from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from welcomehub.accounts.auth import signed_in
from welcomehub.accounts.models import Membership, Organisation
from welcomehub.core.api_schemas import Page, page_bounds

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    id: int
    name: str
    org_type: str
    country: str
    website: str


class MembershipOut(Schema):
    organisation_id: int
    organisation: str
    role: str


class MeOut(Schema):
    username: str
    memberships: list[MembershipOut]


@router.get("/organisations", response=Page[OrganisationOut])
def organisation_list(request: HttpRequest, limit: int = 50, offset: int = 0) -> dict:
    """Organisations on the platform (public facts about organisations, no people)."""
    limit, offset = page_bounds(limit, offset)
    organisations = Organisation.objects.order_by("name")
    return {"count": organisations.count(), "items": list(organisations[offset : offset + limit])}


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict:
    memberships = Membership.objects.filter(user=signed_in(request)).select_related("organisation")
    return {
        "username": request.user.get_username(),
        "memberships": [
            {
                "organisation_id": m.organisation_id,
                "organisation": m.organisation.name,
                "role": m.role_id,
            }
            for m in memberships
        ],
    }
