"""The round's "report and recommendations" text: its coordinators write it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from welcomehub.core.forms import call_service
from welcomehub.exchange import services
from welcomehub.exchange.access import access_round
from welcomehub.exchange.forms import RecommendationsForm


@login_required
def round_recommendations(request: HttpRequest, round_id: int) -> HttpResponse:
    survey_round = access_round(user=request.user, round_id=round_id, coordinate=True)
    if request.method == "POST":
        form = RecommendationsForm(request.POST)
        if call_service(
            form,
            lambda: services.round_recommendations_set(
                actor=request.user, survey_round=survey_round, text=form.cleaned_data["text"]
            ),
        ):
            messages.success(request, _("The report and recommendations are saved."))
            return redirect("exchange:round_detail", round_id=survey_round.pk)
    else:
        form = RecommendationsForm(initial={"text": survey_round.recommendations})
    return render(
        request,
        "exchange/twinning_round_recommendations.html",
        {"round": survey_round, "form": form},
    )
