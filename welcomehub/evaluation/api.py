"""The evaluation API: the item banks (reference data) and a programme's rounds with
their scores (organisation-level, no personal data)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from welcomehub.evaluation import selectors
from welcomehub.evaluation.access import access_programme
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


class RoundOut(Schema):
    id: int
    title: str
    framework: str
    framework_version: str
    assessed_on: str
    resettlement_context: str
    status: str
    overall: float | None
    areas: dict[str, float | None]
    dimensions: dict[str, float]


@router.get("/programmes/{programme_id}/rounds", response=list[RoundOut])
def round_list(request: HttpRequest, programme_id: int) -> list[dict[str, Any]]:
    """A programme's rounds, newest first; scores are those frozen at sign-off (empty
    before). For holders of evaluation.manage, evaluation.review or aggregate.view in the
    lead or a partner organisation; 404 for anyone else."""
    programme = access_programme(user=request.user, programme_id=programme_id)
    return [
        {
            "id": r.pk,
            "title": r.title,
            "framework": r.framework.code,
            "framework_version": r.framework.version,
            "assessed_on": r.assessed_on.isoformat(),
            "resettlement_context": r.resettlement_context,
            "status": r.status,
            "overall": r.scores.get("overall"),
            "areas": r.scores.get("areas", {}),
            "dimensions": r.scores.get("dimensions", {}),
        }
        for r in selectors.programme_rounds(programme)
    ]
