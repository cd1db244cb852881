"""Evaluation of the mechanism: a round's dashboard, all coordinated rounds, and the
round's generated "report and recommendations" (PDF, XLSX). Coordinators only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from welcomehub.accounts.permissions import has_any
from welcomehub.exchange.access import COORDINATE, access_round, coordinates, rounds_for
from welcomehub.exchange.evaluation import Figures, mechanism_figures
from welcomehub.exchange.models import SurveyRound
from welcomehub.reports.exports import xlsx_response
from welcomehub.reports.pdf import pdf_response
from welcomehub.reports.tables import Table


def _coordinated(request: HttpRequest) -> list[SurveyRound]:
    """The rounds the user coordinates, by the exchange's own access rules."""
    if not has_any(request.user, COORDINATE):
        raise Http404
    return [r for r in rounds_for(request.user) if coordinates(request.user, r)]


def _recommendations(survey_round: SurveyRound) -> Table:
    paragraphs = [p.strip() for p in survey_round.recommendations.split("\n\n") if p.strip()]
    return Table(
        title=_("Recommendations"),
        columns=[_("Report and recommendations")],
        rows=[[p] for p in paragraphs] or [[_("Not written yet.")]],
    )


@login_required
@require_GET
def evaluation(request: HttpRequest, round_id: int) -> HttpResponse:
    survey_round = access_round(user=request.user, round_id=round_id, coordinate=True)
    return render(
        request,
        "exchange/evaluation.html",
        {"round": survey_round, "figures": mechanism_figures([survey_round])},
    )


def _report_context(survey_round: SurveyRound, figures: Figures) -> dict[str, object]:
    return {
        "round": survey_round,
        "figures": figures,
        "title": _("Report and recommendations"),
    }


@login_required
@require_GET
def evaluation_pdf(request: HttpRequest, round_id: int) -> HttpResponse:
    """The round's "report and recommendations": the coordinator's text and the figures."""
    survey_round = access_round(user=request.user, round_id=round_id, coordinate=True)
    context = _report_context(survey_round, mechanism_figures([survey_round]))
    filename = f"report-{survey_round.pk}.pdf"
    return pdf_response("exchange/evaluation_print.html", context, filename, request)


@login_required
@require_GET
def evaluation_xlsx(request: HttpRequest, round_id: int) -> HttpResponse:
    survey_round = access_round(user=request.user, round_id=round_id, coordinate=True)
    figures = mechanism_figures([survey_round])
    tables = [_recommendations(survey_round), *figures.tables()]
    return xlsx_response(tables, f"report-{survey_round.pk}.xlsx")


@login_required
@require_GET
def evaluation_all(request: HttpRequest) -> HttpResponse:
    rounds = _coordinated(request)
    return render(
        request,
        "exchange/evaluation_all.html",
        {"figures": mechanism_figures(rounds), "rounds": rounds},
    )


@login_required
@require_GET
def evaluation_all_xlsx(request: HttpRequest) -> HttpResponse:
    return xlsx_response(
        mechanism_figures(_coordinated(request)).tables(), "exchange-evaluation.xlsx"
    )
