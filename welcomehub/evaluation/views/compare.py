"""Programmes side by side and over time; the same comparison as XLSX and PDF."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from welcomehub.core import taxonomy
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction
from welcomehub.evaluation import charts, comparison, panels
from welcomehub.evaluation.access import may_compare
from welcomehub.evaluation.forms import CompareForm
from welcomehub.evaluation.models import Framework, RoundStatus
from welcomehub.programmes.models import Programme
from welcomehub.reports.exports import xlsx_response
from welcomehub.reports.pdf import pdf_response
from welcomehub.reports.tables import Table


def _comparison(request: HttpRequest) -> tuple[CompareForm, comparison.Comparison | None]:
    if not may_compare(request.user):
        raise Http404
    # Filter choices list only what the user may compare: a programme's name is not
    # disclosed to someone who neither takes part in it nor was shared its scores.
    visible = comparison.visible_programme_ids(request.user)
    frameworks = Framework.objects.filter(
        rounds__status=RoundStatus.SIGNED_OFF, rounds__programme__in=visible
    ).distinct()
    programmes = Programme.objects.filter(pk__in=visible).order_by("name")
    countries = sorted(set(programmes.values_list("country", flat=True)))
    form = CompareForm(
        request.GET or None, frameworks=frameworks, programmes=programmes, countries=countries
    )
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    framework = data.get("framework") or frameworks.order_by("-created_at").first()
    if framework is None:
        return form, None
    filters = comparison.Filters(
        framework=framework,
        kind=data.get("kind", ""),
        context=data.get("context", ""),
        country=data.get("country", ""),
        peers_of=data.get("peers_of"),
    )
    found = comparison.compare(request.user, filters)
    # peers_of may name only a programme the user can compare
    if filters.peers_of and all(c.programme != filters.peers_of for c in found.columns):
        found.columns = []
    return form, found


def _outcomes(found: comparison.Comparison) -> tuple[list[str], list[list[Any]]]:
    """Outcome figures beside the scores, for the programmes the user takes part in only:
    a shared round shares its scores, not its people's outcomes."""
    shown = [c for c in found.columns if c.mine]
    result = panels.outcome_panels([c.programme for c in shown])
    rows: list[list[Any]] = [
        [
            _("People with a baseline (%)"),
            *[
                None if p.share_with_baseline is None else round(p.share_with_baseline)
                for p in result
            ],
        ]
    ]
    for index, code in enumerate(taxonomy.codes("integration_domains")):
        changes = [p.domains[index].mean_change for p in result]
        rows.append(
            [
                _("Mean change from baseline: %(domain)s")
                % {"domain": taxonomy.label("integration_domains", code)},
                *[None if change is None else round(change, 1) for change in changes],
            ]
        )
    return [c.programme.name for c in shown], rows


def _tables(found: comparison.Comparison) -> list[Table]:
    names = [c.programme.name for c in found.columns]
    kinds = {"overall": _("Overall"), "dimension": _("Dimension"), "area": _("Area")}
    side = Table(
        title=_("Scores side by side"),
        columns=[_("Level"), _("Name"), *names],
        rows=[[kinds[r[0]], r[1], *r[2:]] for r in comparison.table_rows(found)],
        note=_(
            "Scores 0-100 from the latest signed-off round of each programme; not applicable "
            "items are left out; areas weigh as published with each framework."
        ),
    )
    over_time = Table(
        title=_("Over time"),
        columns=[_("Programme"), _("Round"), _("Date"), _("Resettlement context"), _("Overall")],
        rows=[
            [
                c.programme.name,
                r.title,
                r.assessed_on,
                taxonomy.label("resettlement_contexts", r.resettlement_context),
                None if r.scores.get("overall") is None else round(r.scores["overall"], 1),
            ]
            for c in found.columns
            for r in c.rounds
        ],
    )
    names, rows = _outcomes(found)
    outcomes = Table(
        title=_("Outcomes of the programmes' people"),
        columns=[_("Figure"), *names],
        rows=rows,
        note=_(
            "Disclosure-controlled: figures resting on fewer people than the threshold are empty."
        ),
    )
    return [side, over_time, outcomes]


def _page_context(found: comparison.Comparison) -> dict[str, Any]:
    names = [c.programme.name for c in found.columns]
    rows = [(title, [c.dimension(code) for c in found.columns]) for code, title in found.dimensions]
    outcome_names, outcome_rows = _outcomes(found)
    return {
        "comparison": found,
        "table": comparison.table_rows(found),
        "outcome_names": outcome_names,
        "outcome_rows": outcome_rows,
        "dimension_chart": charts.bars_svg(_("Scores by dimension"), rows, names),
        "area_chart": charts.bars_svg(
            _("Scores by area"),
            [(title, [c.area(code) for c in found.columns]) for code, title in found.areas],
            names,
        ),
        "history_chart": charts.history_svg(
            _("Overall score over time"),
            [
                (c.programme.name, [(r.assessed_on, r.scores.get("overall")) for r in c.rounds])
                for c in found.columns
            ],
        ),
    }


@login_required
@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    form, found = _comparison(request)
    context: dict[str, Any] = {"form": form, "query": request.GET.urlencode()}
    if found is not None:
        context.update(_page_context(found))
    return render(request, "evaluation/compare.html", context)


def _exported(request: HttpRequest, found: comparison.Comparison, fmt: str) -> None:
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="evaluation.comparison",
        detail={"format": fmt, "programmes": [c.programme.pk for c in found.columns]},
    )


@login_required
@require_GET
def compare_xlsx(request: HttpRequest) -> HttpResponse:
    _form, found = _comparison(request)
    if found is None:
        raise Http404
    _exported(request, found, "xlsx")
    return xlsx_response(_tables(found), "programme-comparison.xlsx")


@login_required
@require_GET
def compare_pdf(request: HttpRequest) -> HttpResponse:
    _form, found = _comparison(request)
    if found is None:
        raise Http404
    _exported(request, found, "pdf")
    context = {**_page_context(found), "tables": _tables(found)}
    return pdf_response(
        "evaluation/compare_print.html", context, "programme-comparison.pdf", request
    )
