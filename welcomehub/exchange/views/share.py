"""Circulation of a round's chart: the coordinator's link page, rotation, the shared page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from welcomehub.exchange import selectors, sharing
from welcomehub.exchange.access import access_round
from welcomehub.exchange.chart_exports import (
    filter_query,
    parse_filters,
    print_context,
    redact_contacts,
)
from welcomehub.exchange.models import SurveyRound
from welcomehub.reports.pdf import pdf_response


@login_required
@require_GET
def share_manage(request: HttpRequest, round_id: int) -> HttpResponse:
    survey_round = access_round(user=request.user, round_id=round_id, coordinate=True)
    token = sharing.share_token(survey_round)
    path = reverse("exchange:shared_chart", args=[survey_round.pk, token])
    return render(
        request,
        "exchange/share_manage.html",
        {"round": survey_round, "link": request.build_absolute_uri(path)},
    )


@login_required
@require_POST
def share_rotate(request: HttpRequest, round_id: int) -> HttpResponse:
    survey_round = access_round(user=request.user, round_id=round_id, coordinate=True)
    sharing.round_share_rotate(actor=request.user, survey_round=survey_round)
    messages.success(request, _("A new link was made; the links given out before no longer open."))
    return redirect("exchange:share_manage", survey_round.pk)


def _shared(
    request: HttpRequest, round_id: int, token: str
) -> tuple[SurveyRound, Any, selectors.Chart, dict[str, str]]:
    survey_round = sharing.shared_round(round_id=round_id, token=token)
    form, filters = parse_filters(request.GET)
    chart = selectors.chart(survey_round, **filters)
    for row in chart.rows:
        for item in (*row.needs, *row.offers):
            item.description = redact_contacts(item.description)  # shown only, never saved
    return survey_round, form, chart, filters


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"  # the link is the key: never pass it on
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def shared_chart(request: HttpRequest, shared_round_id: int, share_token: str) -> HttpResponse:
    """The chart read-only, for anyone holding the link: organisations, never people. Like
    the chart page, a large round shows its summary and one topic's entries at a time."""
    survey_round = sharing.shared_round(round_id=shared_round_id, token=share_token)
    form, filters = parse_filters(request.GET)
    topic, page = request.GET.get("topic", ""), request.GET.get("page")
    view = selectors.chart_view(survey_round, filters, topic=topic, page=page)
    for row in view.rows:
        for item in (*row.needs, *row.offers):
            item.description = redact_contacts(item.description)  # shown only, never saved
    response = render(
        request,
        "exchange/share_chart.html",
        {
            "round": survey_round,
            "form": form,
            "view": view,
            "chart": view,
            "query": filter_query(filters),
            "token": share_token,
        },
    )
    return _private(response)


@require_GET
def shared_chart_pdf(request: HttpRequest, shared_round_id: int, share_token: str) -> HttpResponse:
    """The shared chart as PDF, with the same filters and the same masking."""
    survey_round, _form, chart, filters = _shared(request, shared_round_id, share_token)
    context = print_context(survey_round, chart, filters)
    filename = f"chart-{survey_round.pk}.pdf"
    return _private(pdf_response("exchange/chart_print.html", context, filename, request))
