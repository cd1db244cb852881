"""The placement index, a programme's placement page, its locations and its capacity
dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from welcomehub.core.forms import call_service
from welcomehub.placement import selectors, services
from welcomehub.placement.access import access_location, access_placement, access_programme
from welcomehub.placement.forms import LocationForm, RunForm, TrainForm
from welcomehub.programmes.models import Programme
from welcomehub.reports import exports
from welcomehub.reports.tables import Table


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Programmes the user places for, and notices to the user's organisations."""
    access_placement(user=request.user)
    return render(
        request,
        "placement/index.html",
        {
            "programmes": selectors.placement_programmes(request.user).order_by("name"),
            "notices": selectors.notices_for(request.user)[:200],
        },
    )


def programme_page(
    request: HttpRequest,
    programme: Programme,
    location_form: LocationForm | None = None,
    run_form: RunForm | None = None,
    train_form: TrainForm | None = None,
) -> HttpResponse:
    context = {
        "programme": programme,
        "locations": selectors.programme_locations(programme),
        "runs": selectors.programme_runs(programme).select_related("parent"),
        "models": selectors.outcome_models(programme)[:10],
        "location_form": location_form or LocationForm(programme=programme),
        "run_form": run_form or RunForm(programme=programme),
        "train_form": train_form or TrainForm(),
    }
    return render(request, "placement/programme.html", context)


@login_required
def programme_placement(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access_programme(user=request.user, programme_id=programme_id)
    return programme_page(request, programme)


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
    return programme_page(request, programme, location_form=form)


@login_required
def location_edit(request: HttpRequest, location_id: int) -> HttpResponse:
    location = access_location(user=request.user, location_id=location_id)
    programme = location.programme
    if request.method == "POST":
        form = LocationForm(request.POST, programme=programme)
        if call_service(
            form,
            lambda: services.location_update(
                actor=request.user, location=location, **form.cleaned_data
            ),
        ):
            messages.success(request, _("The location was saved."))
            return redirect("placement:programme", programme_id=programme.pk)
    else:
        form = LocationForm(
            programme=programme,
            initial={name: getattr(location, name) for name in services.LOCATION_FIELDS},
        )
    return render(request, "placement/location_edit.html", {"location": location, "form": form})


@login_required
def capacity(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Capacities, what finalised placements used and what is left, per location."""
    programme = access_programme(user=request.user, programme_id=programme_id)
    periods = selectors.programme_periods(programme)
    period = request.GET.get("period")
    if period not in periods:
        period = None
    rows = selectors.capacity_use(programme, period)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        table = _capacity_table(programme, period, rows)
        name = f"capacity-{programme.pk}-{period or 'all'}"
        if export == "csv":
            return exports.csv_response(table, f"{name}.csv")
        return exports.xlsx_response([table], f"{name}.xlsx")
    totals = [
        tuple(sum(cell[i] for cell in cells) for i in range(3))
        for cells in zip(*(row.cells for row in rows), strict=True)
    ]
    return render(
        request,
        "placement/capacity.html",
        {
            "programme": programme,
            "periods": periods,
            "period": period,
            "rows": rows,
            "totals": totals,
            "over": [row for row in rows if row.over],
        },
    )


def _capacity_table(
    programme: Programme, period: str | None, rows: list[selectors.CapacityRow]
) -> Table:
    dimensions = (_("persons"), _("school places"), _("medical cases"))
    columns = [_("Location"), _("Period")]
    for dimension in dimensions:
        columns += [
            _("Capacity: %(dimension)s") % {"dimension": dimension},
            _("Used: %(dimension)s") % {"dimension": dimension},
            _("Left: %(dimension)s") % {"dimension": dimension},
        ]
    return Table(
        title=_("Capacity · %(name)s") % {"name": programme.name},
        columns=columns,
        rows=[
            [row.location.place.name, row.location.period]
            + [value for cap, used, left, _over in row.cells for value in (cap, used, left)]
            for row in rows
        ],
        note=_(
            "Used: persons, school-age children and households needing medical care placed "
            "by finalised runs. Period: %(period)s."
        )
        % {"period": period if period is not None else _("all")},
    )
