"""The outcomes API: the indicator framework's domains (reference data) and the programme
dashboards (protected aggregates); no personal data."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema

from welcomehub.outcomes import selectors
from welcomehub.outcomes.access import access_dashboard
from welcomehub.outcomes.dashboards import figures
from welcomehub.outcomes.dashboards.figures import Figure

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


class FigureOut(Schema):
    """Protected figures; null: hidden (or nothing to show)."""

    people: int | None
    improved_share: float | None
    baseline: float | None
    latest: float | None
    change: float | None


class DomainFiguresOut(Schema):
    code: str
    group: str
    name: str
    all: FigureOut
    groups: list[FigureOut]


class DashboardOut(Schema):
    programme: int
    breakdown: str
    cohort: int | None
    pathway: str
    min_cell: int
    groups: list[str]
    domains: list[DomainFiguresOut]


def _figure(figure: Figure) -> dict[str, Any]:
    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 1)

    return {
        "people": figure.n,
        "improved_share": rounded(figure.improved_share),
        "baseline": rounded(figure.baseline),
        "latest": rounded(figure.latest),
        "change": rounded(figure.change),
    }


@router.get("/programmes/{programme_id}/dashboard", response=DashboardOut)
def dashboard(
    request: HttpRequest,
    programme_id: int,
    by: Literal["cohort", "location", "pathway", "sex", "age_band"] = "location",
    cohort: int | None = None,
    pathway: str = "",
) -> dict[str, Any]:
    """A programme's outcome dashboard, every figure protected as on the page (coordinators
    and analysts of the organisations taking part); groups in the order of `groups`."""
    programme = access_dashboard(user=request.user, programme_id=programme_id)
    board = figures.dashboard(programme, figures.Filters(by, cohort, pathway))
    return {
        "programme": programme.pk,
        "breakdown": by,
        "cohort": cohort,
        "pathway": pathway,
        "min_cell": board.k,
        "groups": board.groups,
        "domains": [
            {
                "code": row.domain,
                "group": row.group,
                "name": row.name,
                "all": _figure(row.total),
                "groups": [_figure(f) for f in row.groups],
            }
            for row in board.domains
        ],
    }
