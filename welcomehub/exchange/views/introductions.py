"""Introductions, double opt-in: propose, accept, decline, record the steps; the
follow-up survey of each side once the exchange was held."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from welcomehub.core import taxonomy
from welcomehub.core.forms import call_service
from welcomehub.exchange import introductions, selectors
from welcomehub.exchange.access import (
    access_introduction,
    access_suggestion,
    responds_for,
)
from welcomehub.exchange.forms import (
    DeclineForm,
    FollowUpForm,
    OutcomeForm,
)
from welcomehub.exchange.models import (
    FollowUp,
    Introduction,
    IntroductionStatus,
)
from welcomehub.exchange.views._common import service_error


@login_required
@require_POST
def introduction_propose(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    suggestion = access_suggestion(user=request.user, suggestion_id=suggestion_id)
    try:
        introduction = introductions.introduction_propose(
            actor=request.user, need=suggestion.need, offer=suggestion.offer, suggestion=suggestion
        )
    except ValidationError as error:
        service_error(request, error)
        return redirect("exchange:suggestion_list", round_id=suggestion.round_id)
    messages.success(request, _("The introduction was proposed. Both sides must accept."))
    return redirect("exchange:introduction_detail", introduction_id=introduction.pk)


def _introduction_page(
    request: HttpRequest, introduction: Introduction, **forms: Any
) -> HttpResponse:
    need_org = introduction.need.answer.organisation
    offer_org = introduction.offer.answer.organisation
    contacts = None
    if introduction.both_accepted:  # double opt-in: nothing before both sides said yes
        contacts = [
            (need_org, selectors.focal_point_contacts(need_org)),
            (offer_org, selectors.focal_point_contacts(offer_org)),
        ]
    side = introductions.followup_side(request.user, introduction)
    followup_open = side is not None and introduction.status in introductions.FOLLOWUP_OPEN
    my_followup = (
        FollowUp.objects.filter(introduction=introduction, organisation=side).first()
        if followup_open
        else None
    )
    followup_form = forms.get("followup_form")
    if followup_form is None and followup_open:
        initial: dict[str, Any] = {"exchange_held": True}
        if my_followup is not None and my_followup.is_answered:
            initial = {
                "rating": my_followup.rating,
                "exchange_held": my_followup.exchange_held,
                "exchanged": my_followup.exchanged,
                "comment": my_followup.comment,
            }
        followup_form = FollowUpForm(initial=initial)
    return render(
        request,
        "exchange/introduction_detail.html",
        {
            "introduction": introduction,
            "declined_reason_label": taxonomy.label(
                "exchange_decline_reasons", introduction.declined_reason_code
            )
            if introduction.declined_reason_code
            else "",
            "followup_side": side if followup_open else None,
            "my_followup": my_followup,
            "followup_form": followup_form,
            "followups": selectors.introduction_followups(introduction),
            "need_org": need_org,
            "offer_org": offer_org,
            "contacts": contacts,
            "may_accept": introduction.status in introductions.OPEN_FOR_ANSWER
            and (
                (responds_for(request.user, need_org.pk) and not introduction.need_accepted_at)
                or (responds_for(request.user, offer_org.pk) and not introduction.offer_accepted_at)
            ),
            "next_step": introductions.NEXT_STEP.get(IntroductionStatus(introduction.status)),
            "decline_form": forms.get("decline_form") or DeclineForm(),
            "outcome_form": forms.get("outcome_form") or OutcomeForm(),
        },
    )


@login_required
@require_GET
def introduction_detail(request: HttpRequest, introduction_id: int) -> HttpResponse:
    introduction = access_introduction(user=request.user, introduction_id=introduction_id)
    return _introduction_page(request, introduction)


@login_required
@require_POST
def introduction_accept(request: HttpRequest, introduction_id: int) -> HttpResponse:
    introduction = access_introduction(
        user=request.user, introduction_id=introduction_id, side_only=True
    )
    try:
        introductions.introduction_accept(actor=request.user, introduction=introduction)
    except ValidationError as error:
        service_error(request, error)
    else:
        messages.success(request, _("You accepted the introduction."))
    return redirect("exchange:introduction_detail", introduction_id=introduction.pk)


@login_required
@require_POST
def introduction_decline(request: HttpRequest, introduction_id: int) -> HttpResponse:
    introduction = access_introduction(user=request.user, introduction_id=introduction_id)
    form = DeclineForm(request.POST)
    if call_service(
        form,
        lambda: introductions.introduction_decline(
            actor=request.user,
            introduction=introduction,
            reason_code=form.cleaned_data["reason_code"],
            reason=form.cleaned_data["reason"],
        ),
    ):
        messages.success(request, _("The introduction was declined."))
        return redirect("exchange:introduction_detail", introduction_id=introduction.pk)
    return _introduction_page(request, introduction, decline_form=form)


@login_required
@require_POST
def introduction_advance(request: HttpRequest, introduction_id: int) -> HttpResponse:
    introduction = access_introduction(user=request.user, introduction_id=introduction_id)
    form = OutcomeForm(request.POST)
    if call_service(
        form,
        lambda: introductions.introduction_advance(
            actor=request.user, introduction=introduction, outcome=form.cleaned_data["outcome"]
        ),
    ):
        messages.success(request, _("The introduction was updated."))
        return redirect("exchange:introduction_detail", introduction_id=introduction.pk)
    return _introduction_page(request, introduction, outcome_form=form)


@login_required
@require_POST
def followup_answer(request: HttpRequest, introduction_id: int) -> HttpResponse:
    introduction = access_introduction(
        user=request.user, introduction_id=introduction_id, side_only=True
    )
    form = FollowUpForm(request.POST)
    if call_service(
        form,
        lambda: introductions.followup_answer(
            actor=request.user, introduction=introduction, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Thank you: your answer to the follow-up survey is saved."))
        return redirect("exchange:introduction_detail", introduction_id=introduction.pk)
    return _introduction_page(request, introduction, followup_form=form)
