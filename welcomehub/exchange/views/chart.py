"""The chart of needs and opportunities, its CSV/HXL export, and suggestions."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from welcomehub.accounts.permissions import organisations_with
from welcomehub.exchange import selectors
from welcomehub.exchange.access import (
    RESPOND,
    access_round,
    coordinates,
)
from welcomehub.exchange.forms import (
    ChartFilterForm,
)


def _chart_filters(request: HttpRequest) -> tuple[ChartFilterForm, dict[str, str]]:
    form = ChartFilterForm(request.GET or None)
    filters = {"org_type": "", "country": "", "modality": "", "language": ""}
    if form.is_valid():
        filters.update({k: v for k, v in form.cleaned_data.items() if v})
    return form, filters


@login_required
@require_GET
def chart(request: HttpRequest, round_id: int) -> HttpResponse:
    survey_round = access_round(user=request.user, round_id=round_id)
    form, filters = _chart_filters(request)
    return render(
        request,
        "exchange/chart.html",
        {
            "round": survey_round,
            "form": form,
            "chart": selectors.chart(survey_round, **filters),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def chart_csv(request: HttpRequest, round_id: int) -> HttpResponse:
    """The chart as CSV, one row per topic and need or offer; `?hxl=1` adds HXL tags."""
    survey_round = access_round(user=request.user, round_id=round_id)
    _form, filters = _chart_filters(request)
    data = selectors.chart(survey_round, **filters)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="chart-{survey_round.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(selectors.CHART_COLUMNS)
    if request.GET.get("hxl"):
        writer.writerow(selectors.CHART_HXL_TAGS)
    writer.writerows(data.table())
    return response


@login_required
@require_GET
def suggestion_list(request: HttpRequest, round_id: int) -> HttpResponse:
    survey_round = access_round(user=request.user, round_id=round_id)
    is_coordinator = coordinates(request.user, survey_round)
    mine = None if is_coordinator else organisations_with(request.user, RESPOND)
    return render(
        request,
        "exchange/suggestion_list.html",
        {
            "round": survey_round,
            "suggestions": selectors.suggestion_list(survey_round, organisation_ids=mine),
        },
    )
