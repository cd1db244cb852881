"""The public services directory (no sign-in) and its upkeep by coordinators."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from welcomehub.accounts.models import Organisation
from welcomehub.accounts.permissions import has_any, organisations_with
from welcomehub.core.forms import call_service
from welcomehub.programmes import directory
from welcomehub.programmes.directory_access import MANAGE, access_service
from welcomehub.programmes.forms_services import (
    DirectorySearchForm,
    ServiceForm,
    ServiceTranslationForm,
)
from welcomehub.programmes.models import Service
from welcomehub.programmes.orientation import orientation_for
from welcomehub.reports.exports import csv_response, hxl_response

PAGE_SIZE = 20


def _search(request: HttpRequest) -> tuple[DirectorySearchForm, QuerySet[Service]]:
    form = DirectorySearchForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        found = directory.directory_search(
            query=data["q"],
            domain=data["domain"],
            place=data["place"],
            language=data["language"],
            free_only=data["free"],
        )
    else:
        found = directory.directory_search()
    return form, found


def directory_home(request: HttpRequest) -> HttpResponse:
    form, found = _search(request)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = directory.with_localised(page.object_list, get_language() or "en")
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "orientation": orientation_for(get_language() or "en")[:8],
        "may_manage": has_any(request.user, MANAGE),
    }
    return render(request, "programmes/directory.html", context)


def service_detail(request: HttpRequest, service_id: int) -> HttpResponse:
    service = (
        Service.objects.select_related("organisation", "funder")
        .prefetch_related("places", "translations")
        .filter(pk=service_id)
        .first()
    )
    if service is None:
        raise Http404
    service.shown = directory.localised(service, get_language() or "en")  # type: ignore[attr-defined]
    return render(request, "programmes/service_detail.html", {"service": service})


def directory_csv(request: HttpRequest) -> HttpResponse:
    _form, found = _search(request)
    return csv_response(directory.directory_table(found), "services.csv")


def directory_hxl(request: HttpRequest) -> HttpResponse:
    _form, found = _search(request)
    return hxl_response(directory.directory_table(found), "services-hxl.csv")


def _managed(request: HttpRequest) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=organisations_with(request.user, MANAGE))


@login_required
def service_manage(request: HttpRequest) -> HttpResponse:
    if not has_any(request.user, MANAGE):
        raise Http404
    services = directory.services_of(organisations_with(request.user, MANAGE))
    return render(request, "programmes/service_manage.html", {"services": services})


def _service_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in ("organisation", "places")}


@login_required
def service_add(request: HttpRequest) -> HttpResponse:
    if not has_any(request.user, MANAGE):
        raise Http404
    form = ServiceForm(
        request.POST or None,
        organisations=_managed(request),
        initial={"status": "active", "free_of_charge": True, "language": "en"},
    )
    if request.method == "POST" and call_service(
        form,
        lambda: directory.service_create(
            actor=request.user,
            organisation=form.cleaned_data["organisation"],
            places=list(form.cleaned_data["places"]),
            **_service_fields(form.cleaned_data),
        ),
    ):
        messages.success(request, _("The service was added to the directory."))
        return redirect("services:manage")
    return render(request, "programmes/service_form.html", {"form": form, "service": None})


@login_required
def service_translate(request: HttpRequest, service_id: int) -> HttpResponse:
    """The entry's texts in one interface language, chosen with ?language=."""
    service = access_service(user=request.user, service_id=service_id)
    language = request.POST.get("language") or request.GET.get("language") or "en"
    existing = service.translations.filter(language=language).first()
    initial = {"language": language}
    if existing is not None:
        initial |= {name: getattr(existing, name) for name in directory.TRANSLATED}
    form = ServiceTranslationForm(request.POST or None, initial=initial)
    if request.method == "POST" and call_service(
        form,
        lambda: directory.service_translation_save(
            actor=request.user, service=service, **form.cleaned_data
        ),
    ):
        messages.success(request, _("The translation was saved."))
        return redirect("services:edit", service_id=service.pk)
    changed = service.texts_changed_at
    done = {
        t.language: "outdated" if changed and t.updated_at < changed else "current"
        for t in service.translations.all()
    }
    context = {
        "form": form,
        "service": service,
        "translation_languages": [
            (code, name, done.get(code, "")) for code, name in settings.LANGUAGES
        ],
    }
    return render(request, "programmes/service_translate.html", context)


@login_required
def service_edit(request: HttpRequest, service_id: int) -> HttpResponse:
    service = access_service(user=request.user, service_id=service_id)
    initial = {name: getattr(service, name) for name in directory.SERVICE_FIELDS}
    initial |= {"organisation": service.organisation, "places": list(service.places.all())}
    form = ServiceForm(request.POST or None, organisations=_managed(request), initial=initial)
    form.fields["organisation"].disabled = True
    if request.method == "POST" and call_service(
        form,
        lambda: directory.service_update(
            actor=request.user,
            service=service,
            places=list(form.cleaned_data["places"]),
            **_service_fields(form.cleaned_data),
        ),
    ):
        messages.success(request, _("The service was updated."))
        return redirect("services:manage")
    return render(request, "programmes/service_form.html", {"form": form, "service": service})
