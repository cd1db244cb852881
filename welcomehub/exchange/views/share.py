"""Circulation of a round's chart: the coordinator's link page, rotation, the shared page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from welcomehub.exchange import selectors
from welcomehub.exchange.access import access_round
from welcomehub.exchange.chart_exports import coverage_table, parse_filters, redact_contacts
from welcomehub.exchange.sharing import round_share_rotate, share_token, shared_round


@login_required
@require_GET
def share_manage(request: HttpRequest, round_id: int) -> HttpResponse:
    survey_round = access_round(user=request.user, round_id=round_id, coordinate=True)
    path = reverse("exchange:shared_chart", args=[survey_round.pk, share_token(survey_round)])
    return render(
        request,
        "exchange/share_manage.html",
        {"round": survey_round, "link": request.build_absolute_uri(path)},
    )


@login_required
@require_POST
def share_rotate(request: HttpRequest, round_id: int) -> HttpResponse:
    survey_round = access_round(user=request.user, round_id=round_id, coordinate=True)
    round_share_rotate(actor=request.user, survey_round=survey_round)
    messages.success(request, _("A new link was made; the links given out before no longer open."))
    return redirect("exchange:share_manage", survey_round.pk)


@require_GET
def shared_chart(request: HttpRequest, shared_round_id: int, share_token: str) -> HttpResponse:
    """The chart read-only, for anyone holding the link: organisations, never people."""
    survey_round = shared_round(round_id=shared_round_id, token=share_token)
    form, filters = parse_filters(request.GET)
    chart = selectors.chart(survey_round, **filters)
    for row in chart.rows:
        for item in (*row.needs, *row.offers):
            item.description = redact_contacts(item.description)  # shown only, never saved
    response = render(
        request,
        "exchange/share_chart.html",
        {"round": survey_round, "form": form, "chart": chart, "coverage": coverage_table(chart)},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"  # the link is the key: never pass it on
    response["Cache-Control"] = "private, no-store"
    return response
