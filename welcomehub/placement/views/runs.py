"""Placement runs: start, progress, recommendations, locks and bars, re-solve, decisions,
finalising."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from welcomehub.core import taxonomy
from welcomehub.core.forms import call_service
from welcomehub.placement import selectors, services
from welcomehub.placement.access import (
    access_pair_rule,
    access_programme,
    access_recommendation,
    access_run,
)
from welcomehub.placement.forms import OverrideForm, PairRuleForm, RunForm
from welcomehub.placement.models import PlacementRun, Recommendation
from welcomehub.placement.services import Phase
from welcomehub.placement.tasks import run_solve_task
from welcomehub.placement.views.programmes import programme_page

# The engine's score components (domain/scoring.py and the given expected outcome).
BREAKDOWN_LABELS = {
    "expected_outcome": gettext_lazy("expected outcome"),
    "language": gettext_lazy("language"),
    "community": gettext_lazy("community"),
    "preference": gettext_lazy("the family's preference"),
    "family": gettext_lazy("family tie"),
}
PHASES = {
    Phase.QUEUED: gettext_lazy("Waiting for a worker"),
    Phase.PREPARING: gettext_lazy("Reading the batch"),
    Phase.FIRST_SOLUTION: gettext_lazy("First solution found"),
    Phase.IMPROVING: gettext_lazy("Improving the solution and its bound"),
    Phase.ESTIMATING: gettext_lazy("Estimating the gain on past placements"),
    Phase.STORING: gettext_lazy("Storing the recommendations"),
    Phase.DONE: gettext_lazy("Done"),
    Phase.FAILED: gettext_lazy("Failed"),
}
# What each fairness constraint is called on the run page.
CONSTRAINT_LABELS = {
    "min_top_preference_share": gettext_lazy("Minimum share in a top preference"),
    "nationality": gettext_lazy("Minimum average score, nationality: %(group)s"),
    "head_gender": gettext_lazy("Minimum average score, head of household: %(group)s"),
}


def _enqueue(request: HttpRequest, run: PlacementRun) -> HttpResponse:
    run_solve_task.enqueue(run.pk)
    return redirect("placement:run_detail", run_id=run.pk)


@login_required
@require_POST
def run_add(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access_programme(user=request.user, programme_id=programme_id)
    form = RunForm(request.POST, programme=programme)
    started: list[PlacementRun] = []
    if call_service(
        form,
        lambda: started.append(
            services.run_start(actor=request.user, programme=programme, **form.service_arguments())
        ),
    ):
        return _enqueue(request, started[0])
    return programme_page(request, programme, run_form=form)


@login_required
@require_POST
def run_resolve(request: HttpRequest, run_id: int) -> HttpResponse:
    run = access_run(user=request.user, run_id=run_id)
    try:
        new = services.run_resolve(actor=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("placement:run_detail", run_id=run.pk)
    return _enqueue(request, new)


GROUP_VOCABULARIES = {"nationality": "countries", "head_gender": "sexes"}


def _constraint_label(key: str) -> str:
    kind, _sep, group = key.partition(":")
    label = CONSTRAINT_LABELS.get(kind)
    if label is None:
        return key
    vocabulary = GROUP_VOCABULARIES.get(kind)
    return str(label) % {"group": taxonomy.label(vocabulary, group) if vocabulary else group}


def _run_context(run: PlacementRun) -> dict[str, Any]:
    return {
        "run": run,
        "phase": PHASES.get(run.phase, run.phase),
        "constraint_costs": [
            (_constraint_label(key), value) for key, value in sorted(run.constraint_costs.items())
        ],
    }


def _location_choices(form: Any, given: list[Any] | None = None) -> list[Any]:
    """The choices of a form's location field, read once; with `given`, set them."""
    field = form.fields["location"]
    assert isinstance(field, forms.ModelChoiceField)
    if given is not None:
        field.choices = given
    choices: Any = field.choices
    return list(choices)


def _run_page(
    request: HttpRequest,
    run: PlacementRun,
    failed: Recommendation | None = None,
    failed_form: OverrideForm | PairRuleForm | None = None,
) -> HttpResponse:
    rows = []
    if run.finished:
        # the location choices are read once, not twice per row (no N+1)
        override_choices = _location_choices(OverrideForm(programme=run.programme))
        rule_choices = _location_choices(PairRuleForm(programme=run.programme, period=run.period))
        for row in selectors.run_rows(actor=request.user, run=run):
            pk = row.recommendation.pk
            mine = failed is not None and pk == failed.pk
            override_form = OverrideForm(programme=run.programme, prefix=f"r{pk}")
            _location_choices(override_form, override_choices)
            rule_form = PairRuleForm(programme=run.programme, period=run.period, prefix=f"p{pk}")
            _location_choices(rule_form, rule_choices)
            if mine and isinstance(failed_form, OverrideForm):
                override_form = failed_form
            if mine and isinstance(failed_form, PairRuleForm):
                rule_form = failed_form
            rows.append((row, override_form, rule_form))
    context = _run_context(run) | {
        "rows": rows,
        "breakdown_labels": BREAKDOWN_LABELS,
        "uses": selectors.run_location_use(run) if run.finished else [],
        "rules": run.pair_rules.count(),
    }
    return render(request, "placement/run.html", context)


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = access_run(user=request.user, run_id=run_id)
    return _run_page(request, run)


@login_required
def run_progress(request: HttpRequest, run_id: int) -> HttpResponse:
    """The progress panel, polled by htmx while the run solves; once it has finished the
    whole page reloads to show the recommendations."""
    run = access_run(user=request.user, run_id=run_id)
    response = render(request, "placement/_progress.html", _run_context(run))
    if run.finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def recommendation_accept(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    recommendation = access_recommendation(user=request.user, recommendation_id=recommendation_id)
    try:
        services.recommendation_accept(actor=request.user, recommendation=recommendation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The recommendation was accepted."))
    return redirect("placement:run_detail", run_id=recommendation.run_id)


@login_required
@require_POST
def recommendation_override(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    recommendation = access_recommendation(user=request.user, recommendation_id=recommendation_id)
    run = recommendation.run
    form = OverrideForm(request.POST, programme=run.programme, prefix=f"r{recommendation.pk}")
    if call_service(
        form,
        lambda: services.recommendation_override(
            actor=request.user, recommendation=recommendation, **form.cleaned_data
        ),
    ):
        messages.success(request, _("The recommendation was overridden."))
        return redirect("placement:run_detail", run_id=run.pk)
    return _run_page(request, run, failed=recommendation, failed_form=form)


@login_required
@require_POST
def pair_rule_add(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    """Lock or bar the recommendation's household at a location, for re-solves of the run."""
    recommendation = access_recommendation(user=request.user, recommendation_id=recommendation_id)
    run = recommendation.run
    form = PairRuleForm(
        request.POST, programme=run.programme, period=run.period, prefix=f"p{recommendation.pk}"
    )
    if call_service(
        form,
        lambda: services.pair_rule_set(
            actor=request.user, run=run, household=recommendation.household, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Saved; re-solve the run to apply it."))
        return redirect("placement:run_detail", run_id=run.pk)
    return _run_page(request, run, failed=recommendation, failed_form=form)


@login_required
@require_POST
def pair_rule_delete(request: HttpRequest, pair_rule_id: int) -> HttpResponse:
    rule = access_pair_rule(user=request.user, pair_rule_id=pair_rule_id)
    try:
        services.pair_rule_delete(actor=request.user, rule=rule)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The lock or bar was removed."))
    return redirect("placement:run_detail", run_id=rule.run_id)


@login_required
@require_POST
def run_finalise(request: HttpRequest, run_id: int) -> HttpResponse:
    run = access_run(user=request.user, run_id=run_id)
    try:
        count = services.run_finalise(actor=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "The run was finalised: %(count)d households placed; "
                "the receiving organisations were told."
            )
            % {"count": count},
        )
    return redirect("placement:run_detail", run_id=run.pk)
