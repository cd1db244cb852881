"""The evaluation API: the item banks (reference data, no personal data)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from welcomehub.evaluation import selectors
from welcomehub.evaluation.frameworks import localised

router = Router(tags=["evaluation"])


class ItemOut(Schema):
    code: str
    area: str
    area_title: str
    dimension: str  # legal_framework, policy, implementation or collaboration
    tier: str  # essential or fundamental
    text: str
    guidance: str
    evidence: str


class AreaOut(Schema):
    code: str
    title: str
    weight: float


class FrameworkOut(Schema):
    code: str
    version: str
    title: str
    areas: list[AreaOut]
    items: list[ItemOut]


@router.get("/frameworks", response=list[FrameworkOut])
def framework_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Active item banks with their areas and items, texts in the active language; any
    signed-in user."""
    return [
        {
            "code": framework.code,
            "version": framework.version,
            "title": localised(framework.title),
            "areas": [
                {"code": a.code, "title": localised(a.title), "weight": a.weight}
                for a in framework.areas.all()
            ],
            "items": selectors.framework_items(framework),
        }
        for framework in selectors.frameworks()
    ]
