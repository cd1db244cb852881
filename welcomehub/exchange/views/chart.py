"""The chart of needs and opportunities, its exports (CSV, HXL, XLSX, PDF), suggestions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from welcomehub.accounts.permissions import organisations_with
from welcomehub.exchange import selectors
from welcomehub.exchange.access import RESPOND, access_round, coordinates
from welcomehub.exchange.chart_exports import (
    coverage_table,
    entries_table,
    filter_query,
    grid_table,
    labelled_entries_table,
    parse_filters,
    print_context,
)
from welcomehub.exchange.models import SurveyRound
from welcomehub.reports.exports import csv_response, hxl_response, xlsx_response
from welcomehub.reports.pdf import pdf_response


def _chart(request: HttpRequest, round_id: int) -> tuple[SurveyRound, selectors.Chart, dict]:
    survey_round = access_round(user=request.user, round_id=round_id)
    _form, filters = parse_filters(request.GET)
    return survey_round, selectors.chart(survey_round, **filters), filters


@login_required
@require_GET
def chart(request: HttpRequest, round_id: int) -> HttpResponse:
    """Always the per-topic summary; the grid for a few organisations; the entries of the
    chosen topic a page at a time, or of every topic when the chart is small."""
    survey_round = access_round(user=request.user, round_id=round_id)
    form, filters = parse_filters(request.GET)
    topic, page = request.GET.get("topic", ""), request.GET.get("page")
    return render(
        request,
        "exchange/chart.html",
        {
            "round": survey_round,
            "form": form,
            "view": selectors.chart_view(survey_round, filters, topic=topic, page=page),
            "query": filter_query(filters),
            "is_coordinator": coordinates(request.user, survey_round),
        },
    )


@login_required
@require_GET
def chart_csv(request: HttpRequest, round_id: int) -> HttpResponse:
    """The chart as CSV, one row per topic and need or offer; `?hxl=1` adds HXL tags."""
    if request.GET.get("hxl"):
        return chart_hxl(request, round_id)
    survey_round, data, _filters = _chart(request, round_id)
    table = entries_table(data, survey_round.title)
    return csv_response(table, f"chart-{survey_round.pk}.csv")


@login_required
@require_GET
def chart_hxl(request: HttpRequest, round_id: int) -> HttpResponse:
    """The chart as CSV with a row of HXL hashtags, validated with libhxl."""
    survey_round, data, _filters = _chart(request, round_id)
    table = entries_table(data, survey_round.title)
    return hxl_response(table, f"chart-{survey_round.pk}-hxl.csv")


@login_required
@require_GET
def chart_xlsx(request: HttpRequest, round_id: int) -> HttpResponse:
    survey_round, data, _filters = _chart(request, round_id)
    tables = [grid_table(data), coverage_table(data), labelled_entries_table(data)]
    return xlsx_response(tables, f"chart-{survey_round.pk}.xlsx")


@login_required
@require_GET
def chart_pdf(request: HttpRequest, round_id: int) -> HttpResponse:
    survey_round, data, filters = _chart(request, round_id)
    return pdf_response(
        "exchange/chart_print.html",
        print_context(survey_round, data, filters),
        f"chart-{survey_round.pk}.pdf",
        request,
    )


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
