"""The round's import page: answers from files (DESIGN §4 CSV/XLSX, KoboToolbox or ODK
exports of the questionnaire), the questionnaire's XLSForm and the import template."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from welcomehub.accounts.permissions import organisations_with
from welcomehub.core.forms import add_service_errors
from welcomehub.exchange import imports, kobo, matching, xlsform
from welcomehub.exchange.access import RESPOND, access_round, coordinates, may_use_exchange
from welcomehub.exchange.import_forms import AnswerFilesForm
from welcomehub.exchange.import_template import import_template
from welcomehub.exchange.io import (
    ExchangeInputError,
    FileAnswer,
    contract_answers,
    read_entries_bytes,
    read_workbook,
)
from welcomehub.exchange.models import SurveyRound
from welcomehub.reports.exports import XLSX_TYPE, file_response, xlsx_response


def _read(data: dict[str, Any]) -> tuple[list[FileAnswer], str, int]:
    """The answers in the uploaded files, their source and how many submissions were
    left out; raises ExchangeInputError with every problem."""
    if data.get("export"):
        upload = data["export"]
        answers, skipped = kobo.read_export(upload.read(), upload.name)
        return answers, "kobo", skipped
    if data.get("workbook"):
        upload = data["workbook"]
        lines: dict[str, dict[str, int]] = {}
        needs, offers = read_workbook(upload.read(), upload.name, lines)
        files = (f"{upload.name} [needs]", f"{upload.name} [offers]")
        at = (lines.get("needs", {}), lines.get("offers", {}))
        return contract_answers(needs, offers, files=files, lines=at), "xlsx", 0
    problems = []
    found: dict[str, Any] = {}
    for name, kind in (("needs", matching.Need), ("offers", matching.Offer)):
        upload = data.get(name)
        found[name] = ([], {}, getattr(upload, "name", name))
        if upload is None:
            continue
        try:
            entries = read_entries_bytes(upload.read(), kind, upload.name, found[name][1])
        except ExchangeInputError as error:
            problems += error.problems
        else:
            found[name] = (entries, found[name][1], upload.name)
    if problems:
        raise ExchangeInputError(problems)
    answers = contract_answers(
        found["needs"][0],
        found["offers"][0],
        files=(found["needs"][2], found["offers"][2]),
        lines=(found["needs"][1], found["offers"][1]),
    )
    return answers, "contract", 0


def _import(request: HttpRequest, survey_round: SurveyRound, form: AnswerFilesForm) -> bool:
    try:
        answers, source, skipped = _read(form.cleaned_data)
        summary = imports.answers_import(
            actor=request.user,
            survey_round=survey_round,
            answers=answers,
            submit=form.cleaned_data["submit"],
            source=source,
        )
    except ExchangeInputError as error:
        form.add_error(None, [str(problem) for problem in error.problems])
        return False
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(
        request,
        _(
            "Imported %(answers)d answers: %(needs)d needs and %(offers)d offers; "
            "%(submitted)d submitted."
        )
        % vars(summary),
    )
    if skipped:
        messages.info(
            request, _("%(count)d rejected submissions were left out.") % {"count": skipped}
        )
    return True


@login_required
@require_http_methods(["GET", "POST"])
def round_import(request: HttpRequest, round_id: int) -> HttpResponse:
    survey_round = access_round(user=request.user, round_id=round_id)
    bound = request.method == "POST"
    form = AnswerFilesForm(request.POST, request.FILES) if bound else AnswerFilesForm()
    if request.method == "POST" and form.is_valid() and _import(request, survey_round, form):
        return redirect("exchange:round_detail", survey_round.pk)
    is_coordinator = coordinates(request.user, survey_round)
    mine = organisations_with(request.user, RESPOND)
    return render(
        request,
        "exchange/import.html",
        {
            "round": survey_round,
            "form": form,
            "is_coordinator": is_coordinator,
            "organisations": survey_round.invited.order_by("name")
            if is_coordinator
            else survey_round.invited.filter(pk__in=mine).order_by("name"),
            "slots": {"needs": xlsform.slots("need"), "offers": xlsform.slots("offer")},
        },
    )


@login_required
@require_GET
def questionnaire_xlsx(request: HttpRequest) -> HttpResponse:
    """The questionnaire as an XLSForm, for KoboToolbox or ODK."""
    if not may_use_exchange(request.user):
        raise Http404
    # built from the JSON spec, which ships with the package (the .xlsx beside it is the
    # same form, for people who take it from the repository)
    return file_response(xlsform.build_workbook(), XLSX_TYPE, "exchange_questionnaire.xlsx")


@login_required
@require_GET
def import_template_xlsx(request: HttpRequest) -> HttpResponse:
    """A workbook to fill in: sheets needs and offers, and the codes they may use."""
    if not may_use_exchange(request.user):
        raise Http404
    return xlsx_response(import_template(), "exchange_answers_template.xlsx")
