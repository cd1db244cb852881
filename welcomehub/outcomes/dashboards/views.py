"""Dashboard pages and exports: parse the filters, pass the gate, read, render.

Only protected aggregates reach these pages: no person, household or reference, and no
link to one. Exports carry exactly the figures of the page (one sheet per breakdown in
XLSX) and leave an audit row.
"""

from __future__ import annotations

from dataclasses import replace

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction
from welcomehub.outcomes.access import access_dashboard, dashboard_programmes
from welcomehub.outcomes.charts import progress_svg
from welcomehub.outcomes.dashboards import figures
from welcomehub.outcomes.dashboards.charts import breakdown_svg
from welcomehub.outcomes.dashboards.forms import DashboardFilterForm
from welcomehub.outcomes.dashboards.tables import dashboard_table, note
from welcomehub.outcomes.selectors import DomainProgress
from welcomehub.programmes.models import Programme
from welcomehub.reports.exports import csv_response, xlsx_response


@login_required
def dashboard_list(request: HttpRequest) -> HttpResponse:
    programmes = dashboard_programmes(request.user).select_related("lead").order_by("name")
    if not programmes.exists():
        raise Http404
    return render(request, "outcomes/dashboard_list.html", {"programmes": programmes})


def _board(
    request: HttpRequest, programme: Programme
) -> tuple[DashboardFilterForm, figures.Dashboard]:
    form = DashboardFilterForm(request.GET or None, cohorts=figures.cohorts(programme))
    return form, figures.dashboard(programme, form.filters())


@login_required
def dashboard(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access_dashboard(user=request.user, programme_id=programme_id)
    form, board = _board(request, programme)
    overview = [
        DomainProgress(row.domain, row.group, row.name, row.total.baseline, row.total.latest)
        for row in board.domains
    ]
    return render(
        request,
        "outcomes/dashboard.html",
        {
            "programme": programme,
            "form": form,
            "board": board,
            "chart": progress_svg(overview),
            "breakdown_chart": breakdown_svg(board),
            "note": note(board),
            "query": request.GET.urlencode(),
        },
    )


def _audit_export(request: HttpRequest, programme: Programme, kind: str) -> None:
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=programme,
        organisation_id=programme.lead_id,
        detail={"report": "outcome_dashboard", "format": kind, "filters": request.GET.dict()},
    )


@login_required
def dashboard_csv(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access_dashboard(user=request.user, programme_id=programme_id)
    _form, board = _board(request, programme)
    _audit_export(request, programme, "csv")
    name = f"outcomes-{slugify(programme.name)}-{board.filters.dimension}.csv"
    return csv_response(dashboard_table(board), name)


@login_required
def dashboard_xlsx(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Every breakdown, one sheet each, under the page's year and pathway filters."""
    programme = access_dashboard(user=request.user, programme_id=programme_id)
    _form, board = _board(request, programme)
    tables = [
        dashboard_table(
            figures.dashboard(programme, replace(board.filters, dimension=dimension)),
            title=str(label),
        )
        for dimension, label in figures.DIMENSIONS.items()
    ]
    _audit_export(request, programme, "xlsx")
    return xlsx_response(tables, f"outcomes-{slugify(programme.name)}.xlsx")
