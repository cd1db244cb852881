from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from welcomehub.accounts.permissions import has_any, has_perm
from welcomehub.core.forms import call_service
from welcomehub.programmes import selectors, services
from welcomehub.programmes.access import access_programme, programmes_for
from welcomehub.programmes.forms import PartnerForm, ResponsibilityForm


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    if not has_any(request.user, "programme.view"):
        raise Http404
    programmes = programmes_for(request.user).select_related("area", "lead").order_by("name")
    return render(request, "programmes/list.html", {"programmes": programmes})


def _detail(request: HttpRequest, programme_id: int, **forms: object) -> HttpResponse:
    programme = access_programme(user=request.user, programme_id=programme_id)
    may_manage = has_perm(request.user, "programme.manage", programme.lead_id)
    context = {
        "programme": programme,
        "partners": selectors.programme_partners(programme),
        "matrix": selectors.responsibility_matrix(programme),
        "may_manage": may_manage,
        "may_place": has_perm(request.user, "placement.manage", programme.lead_id),
        "responsibility_form": forms.get("responsibility_form")
        or (ResponsibilityForm(programme=programme) if may_manage else None),
        "partner_form": forms.get("partner_form") or (PartnerForm() if may_manage else None),
    }
    return render(request, "programmes/detail.html", context)


@login_required
def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    return _detail(request, programme_id)


@login_required
@require_POST
def responsibility_add(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access_programme(
        user=request.user, programme_id=programme_id, permission="programme.manage"
    )
    form = ResponsibilityForm(request.POST, programme=programme)
    if call_service(
        form,
        lambda: services.responsibility_create(
            actor=request.user, programme=programme, **form.cleaned_data
        ),
    ):
        messages.success(request, _("The responsibility was added."))
        return redirect("programmes:detail", programme_id=programme.pk)
    return _detail(request, programme_id, responsibility_form=form)


@login_required
@require_POST
def responsibility_delete(
    request: HttpRequest, programme_id: int, responsibility_id: int
) -> HttpResponse:
    programme = access_programme(
        user=request.user, programme_id=programme_id, permission="programme.manage"
    )
    responsibility = programme.responsibilities.filter(pk=responsibility_id).first()
    if responsibility is None:
        raise Http404
    services.responsibility_delete(actor=request.user, responsibility=responsibility)
    messages.success(request, _("The responsibility was removed."))
    return redirect("programmes:detail", programme_id=programme.pk)


@login_required
@require_POST
def partner_add(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access_programme(
        user=request.user, programme_id=programme_id, permission="programme.manage"
    )
    form = PartnerForm(request.POST)
    if call_service(
        form,
        lambda: services.partner_add(actor=request.user, programme=programme, **form.cleaned_data),
    ):
        messages.success(request, _("The partner was added."))
        return redirect("programmes:detail", programme_id=programme.pk)
    return _detail(request, programme_id, partner_form=form)
