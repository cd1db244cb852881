"""Referrals: the caseworker refers, the receiving organisation answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from welcomehub.accounts.permissions import has_any
from welcomehub.core.audit import audit_reads
from welcomehub.core.forms import call_service
from welcomehub.people.access import access_household
from welcomehub.people.models import Household
from welcomehub.programmes import referral_rules, referral_selectors, referrals
from welcomehub.programmes.directory_access import access_referral
from welcomehub.programmes.forms_services import ReferralForm, ReferralMoveForm
from welcomehub.programmes.models import Referral
from welcomehub.programmes.referral_rules import Side


@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    if not has_any(request.user, referrals.PERMISSION):
        raise Http404
    sent = list(referral_selectors.referrals_sent(request.user)[:200])
    received = referral_selectors.referrals_received(request.user)[:200]
    # Household references of both lists are read: one audit row per referral shown.
    audit_reads(
        actor=request.user,
        objects=[*sent, *received],
        organisation_of=lambda r: r.from_organisation_id,
    )
    return render(request, "programmes/referral_list.html", {"sent": sent, "received": received})


def _create_page(request: HttpRequest, household: Household, form: ReferralForm) -> HttpResponse:
    return render(request, "programmes/referral_form.html", {"household": household, "form": form})


@login_required
def referral_create(request: HttpRequest, reference: str) -> HttpResponse:
    household = access_household(
        user=request.user, reference=reference, permission=referrals.PERMISSION
    )
    form = ReferralForm(request.POST or None, household=household)
    if request.method != "POST":
        return _create_page(request, household, form)
    created: list[Referral] = []
    if call_service(
        form,
        lambda: created.append(
            referrals.referral_create(
                actor=request.user,
                household=household,
                service=form.cleaned_data["service"],
                persons=list(form.cleaned_data["persons"]),
                shared_fields=form.cleaned_data["shared_fields"],
                barriers=form.cleaned_data["barriers"],
                due_date=form.cleaned_data["due_date"],
                note=form.cleaned_data["note"],
                override_reason=form.cleaned_data["override_reason"],
            )
        ),
    ):
        messages.success(request, _("The referral was sent."))
        return redirect("referrals:detail", referral_id=created[0].pk)
    return _create_page(request, household, form)


def _detail(
    request: HttpRequest,
    referral: Referral,
    sides: frozenset[Side],
    form: ReferralMoveForm | None = None,
) -> HttpResponse:
    holds = referrals.sharing_holds(referral)
    context = {
        "referral": referral,
        "is_sender": Side.SENDER in sides,
        "is_receiver": Side.RECEIVER in sides,
        "sharing_holds": holds,
        "shared": referral_selectors.shared_fields(referral) if holds else [],
        "moves": sorted(referral_rules.allowed_moves(referral.status, sides)),
        "form": form or ReferralMoveForm(),
    }
    return render(request, "programmes/referral_detail.html", context)


@login_required
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral, sides = access_referral(user=request.user, referral_id=referral_id)
    if request.method != "POST":
        return _detail(request, referral, sides)
    form = ReferralMoveForm(request.POST)
    if call_service(
        form,
        lambda: referrals.referral_move(actor=request.user, referral=referral, **form.cleaned_data),
    ):
        messages.success(request, _("The referral's status was changed."))
        return redirect("referrals:detail", referral_id=referral.pk)
    return _detail(request, referral, sides, form)
