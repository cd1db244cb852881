from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_tasks import TaskResultStatus

from welcomehub.core.forms import add_service_errors, call_service
from welcomehub.placement import selectors, services
from welcomehub.placement.access import (
    access_location,
    access_programme,
    access_recommendation,
    access_run,
)
from welcomehub.placement.forms import LocationForm, OverrideForm, RunForm
from welcomehub.placement.models import PlacementRun, Recommendation
from welcomehub.placement.tasks import run_create_task
from welcomehub.programmes.models import Programme

# The engine's score components (domain/scoring.py and the given expected outcome).
BREAKDOWN_LABELS = {
    "expected_outcome": gettext_lazy("expected outcome"),
    "language": gettext_lazy("language"),
    "community": gettext_lazy("community"),
    "preference": gettext_lazy("preference"),
    "family": gettext_lazy("family"),
}


def _programme_page(
    request: HttpRequest,
    programme: Programme,
    location_form: LocationForm | None = None,
    run_form: RunForm | None = None,
) -> HttpResponse:
    context = {
        "programme": programme,
        "locations": selectors.programme_locations(programme),
        "runs": selectors.programme_runs(programme),
        "location_form": location_form or LocationForm(programme=programme),
        "run_form": run_form or RunForm(),
    }
    return render(request, "placement/programme.html", context)


@login_required
def programme_placement(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access_programme(user=request.user, programme_id=programme_id)
    return _programme_page(request, programme)


@login_required
@require_POST
def location_add(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access_programme(user=request.user, programme_id=programme_id)
    form = LocationForm(request.POST, programme=programme)
    if call_service(
        form,
        lambda: services.location_create(
            actor=request.user, programme=programme, **form.cleaned_data
        ),
    ):
        messages.success(request, _("The location was added."))
        return redirect("placement:programme", programme_id=programme.pk)
    return _programme_page(request, programme, location_form=form)


@login_required
def location_edit(request: HttpRequest, location_id: int) -> HttpResponse:
    location = access_location(user=request.user, location_id=location_id)
    programme = location.programme
    if request.method == "POST":
        form = LocationForm(request.POST, programme=programme)
        if form.is_valid():
            try:
                services.location_update(actor=request.user, location=location, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The location was saved."))
                return redirect("placement:programme", programme_id=programme.pk)
    else:
        form = LocationForm(
            programme=programme,
            initial={name: getattr(location, name) for name in services.LOCATION_FIELDS},
        )
    return render(request, "placement/location_edit.html", {"location": location, "form": form})


@login_required
@require_POST
def run_add(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access_programme(user=request.user, programme_id=programme_id)
    form = RunForm(request.POST)
    if call_service(form, lambda: services.run_check(programme=programme)):
        actor_id = request.user.pk
        assert actor_id is not None  # signed in: login_required
        result = run_create_task.enqueue(programme.pk, actor_id, form.cleaned_data["time_limit"])
        if result.status == TaskResultStatus.SUCCESSFUL and result.return_value:
            messages.success(request, _("The placement run has finished."))
            return redirect("placement:run_detail", run_id=result.return_value)
        if result.status == TaskResultStatus.FAILED:
            messages.error(request, _("The placement run failed."))
        else:
            messages.info(
                request, _("The placement run has started; it is listed here when it ends.")
            )
        return redirect("placement:programme", programme_id=programme.pk)
    return _programme_page(request, programme, run_form=form)


def _run_page(
    request: HttpRequest,
    run: PlacementRun,
    failed: Recommendation | None = None,
    failed_form: OverrideForm | None = None,
) -> HttpResponse:
    rows = [
        (
            recommendation,
            failed_form
            if failed is not None and recommendation.pk == failed.pk
            else OverrideForm(programme=run.programme, prefix=f"r{recommendation.pk}"),
        )
        for recommendation in selectors.run_recommendations(actor=request.user, run=run)
    ]
    return render(
        request,
        "placement/run.html",
        {
            "run": run,
            "rows": rows,
            "breakdown_labels": BREAKDOWN_LABELS,
            "uses": selectors.run_location_use(run),
        },
    )


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = access_run(user=request.user, run_id=run_id)
    return _run_page(request, run)


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
def run_finalise(request: HttpRequest, run_id: int) -> HttpResponse:
    run = access_run(user=request.user, run_id=run_id)
    try:
        count = services.run_finalise(actor=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The run was finalised: %(count)d households placed.") % {"count": count}
        )
    return redirect("placement:run_detail", run_id=run.pk)
