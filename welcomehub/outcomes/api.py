"""The outcomes API: the indicator framework's domains (reference data, no personal data)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from welcomehub.outcomes import selectors

router = Router(tags=["outcomes"])


class DomainOut(Schema):
    code: str
    group: str
    name: str


@router.get("/domains", response=list[DomainOut])
def domain_list(request: HttpRequest) -> list[dict[str, str]]:
    """The 14 domains of the Indicators of Integration framework, names in the active
    language; any signed-in user."""
    return selectors.domains()
