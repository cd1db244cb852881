"""The evaluation home page, the item banks and the import of a national template."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from welcomehub.accounts.models import Organisation
from welcomehub.accounts.permissions import has_any, organisations_with
from welcomehub.core.forms import call_service
from welcomehub.evaluation import imports, selectors, services
from welcomehub.evaluation.access import (
    MANAGE,
    may_compare,
    may_use_evaluation,
    readable_programmes,
)
from welcomehub.evaluation.forms import ImportForm
from welcomehub.evaluation.frameworks import localised


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    if not may_use_evaluation(request.user):
        raise Http404
    programmes = readable_programmes(request.user).select_related("lead").order_by("name")
    return render(
        request,
        "evaluation/index.html",
        {
            "programmes": programmes,
            "may_compare": may_compare(request.user),
            "may_import": has_any(request.user, MANAGE),
        },
    )


@login_required
@require_GET
def framework_list(request: HttpRequest) -> HttpResponse:
    """The item banks: reference data any signed-in user may read."""
    found = [
        {
            "framework": framework,
            "title": localised(framework.title),
            "areas": [
                {
                    "title": localised(area.title),
                    "weight": area.weight,
                    "items": [i for i in framework.items.all() if i.area_id == area.pk],
                }
                for area in framework.areas.all()
            ],
        }
        for framework in selectors.frameworks()
    ]
    return render(request, "evaluation/framework_list.html", {"frameworks": found})


@login_required
def framework_import(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.filter(
        pk__in=organisations_with(request.user, MANAGE)
    ).order_by("name")
    if not organisations.exists():
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None, organisations=organisations)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            document = imports.parse(
                imports.read_table(upload.read(imports.MAX_BYTES + 1), upload.name),
                code=form.cleaned_data["code"],
                version=form.cleaned_data["version"],
                title=form.cleaned_data["title"],
            )
        except imports.ImportProblems as error:
            problems = error.problems
        else:
            if call_service(
                form,
                lambda: services.framework_import(
                    actor=request.user,
                    organisation=form.cleaned_data["organisation"],
                    document=document,
                ),
            ):
                messages.success(request, _("The framework was imported."))
                return redirect("evaluation:framework_list")
    return render(request, "evaluation/framework_import.html", {"form": form, "problems": problems})
