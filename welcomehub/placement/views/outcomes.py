"""Training an expected-employment model on the programme's placement history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from welcomehub.core.forms import call_service
from welcomehub.placement import training
from welcomehub.placement.access import access_programme
from welcomehub.placement.forms import TrainForm
from welcomehub.placement.models import OutcomeModel
from welcomehub.placement.tasks import model_train_task
from welcomehub.placement.views.programmes import programme_page


@login_required
@require_POST
def model_train(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access_programme(user=request.user, programme_id=programme_id)
    form = TrainForm(request.POST)
    queued: list[OutcomeModel] = []
    if call_service(
        form,
        lambda: queued.append(
            training.model_queue(
                actor=request.user, programme=programme, horizon=form.cleaned_data["horizon"]
            )
        ),
    ):
        model_train_task.enqueue(queued[0].pk)
        messages.info(request, _("The model is training; its calibration is shown here when done."))
        return redirect("placement:programme", programme_id=programme.pk)
    return programme_page(request, programme, train_form=form)
