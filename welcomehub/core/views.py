from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from welcomehub.accounts.permissions import has_any, permission_map
from welcomehub.accounts.selectors import memberships_of
from welcomehub.core import selectors
from welcomehub.core.forms import AuditSearchForm


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {"memberships": memberships_of(request.user), "held": permission_map(request.user)},
    )


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitors: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy, whatever its class
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "vendor": connection.vendor})


@login_required
def audit_search(request: HttpRequest) -> HttpResponse:
    if not has_any(request.user, "audit.view"):
        raise Http404
    form = AuditSearchForm(request.GET or None)
    events = selectors.audit_events_for(request.user)
    if form.is_valid():
        events = selectors.audit_search(events, **form.cleaned_data)
    elif form.is_bound:
        events = events.none()
    page = Paginator(events.select_related("organisation"), 50).get_page(request.GET.get("page"))
    return render(request, "core/audit.html", {"form": form, "page": page})
