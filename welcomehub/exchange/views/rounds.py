"""Rounds and answers: coordinators open rounds, focal points answer."""

from __future__ import annotations

import tempfile
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from welcomehub.accounts.models import Organisation
from welcomehub.accounts.permissions import has_any, organisations_with
from welcomehub.core.forms import add_service_errors, call_service
from welcomehub.exchange import imports, matching, selectors, services
from welcomehub.exchange.access import (
    COORDINATE,
    RESPOND,
    access_answer,
    access_round,
    coordinates,
    may_use_exchange,
    responds_for,
    rounds_for,
)
from welcomehub.exchange.forms import (
    AnswerForm,
    AnswerSearchForm,
    ImportForm,
    NeedForm,
    OfferForm,
    RoundForm,
)
from welcomehub.exchange.io import ExchangeInputError, read_entries
from welcomehub.exchange.models import (
    Answer,
    AnswerStatus,
    RoundStatus,
)
from welcomehub.exchange.views._common import service_error

E = TypeVar("E", matching.Need, matching.Offer)
ANSWERS_PAGE_SIZE = 50


@login_required
@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    if not may_use_exchange(request.user):
        raise Http404
    return render(
        request,
        "exchange/round_list.html",
        {
            "rounds": selectors.round_list(rounds_for(request.user)),
            "may_create": has_any(request.user, COORDINATE),
        },
    )


@login_required
def round_create(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.filter(
        pk__in=organisations_with(request.user, COORDINATE)
    ).order_by("name")
    if not organisations.exists():
        raise Http404
    form = RoundForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            survey_round = services.round_open(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The round is open. Invited focal points can answer now."))
            return redirect("exchange:round_detail", round_id=survey_round.pk)
    return render(request, "exchange/round_form.html", {"form": form})


@login_required
@require_GET
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    """The round's figures, the answers a page at a time (searchable), the viewer's own
    organisations' answers apart, the introductions."""
    survey_round = access_round(user=request.user, round_id=round_id)
    is_coordinator = coordinates(request.user, survey_round)
    mine = organisations_with(request.user, RESPOND)
    form = AnswerSearchForm(request.GET or None)
    search = form.cleaned_data if form.is_valid() else {}
    answers = selectors.round_answers(  # the viewer's own organisations are listed apart
        survey_round,
        search=search.get("q", "").strip(),
        status=search.get("status", ""),
        excluding=mine,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "exchange/round_detail.html",
        {
            "round": survey_round,
            "summary": selectors.round_summary(survey_round),
            "form": form,
            "page": Paginator(answers, ANSWERS_PAGE_SIZE).get_page(request.GET.get("page")),
            "query": query.urlencode(),
            "own_answers": selectors.round_answers(survey_round, organisation_ids=mine)
            if mine
            else [],
            "is_coordinator": is_coordinator,
            "my_organisations": mine,
            "introductions": selectors.introduction_list(
                survey_round, organisation_ids=None if is_coordinator else mine
            ),
        },
    )


@login_required
@require_POST
def round_close(request: HttpRequest, round_id: int) -> HttpResponse:
    survey_round = access_round(user=request.user, round_id=round_id, coordinate=True)
    try:
        services.round_close(actor=request.user, survey_round=survey_round)
    except ValidationError as error:
        service_error(request, error)
    else:
        messages.success(request, _("The round is closed."))
    return redirect("exchange:round_detail", round_id=survey_round.pk)


@login_required
@require_POST
def round_remind(request: HttpRequest, round_id: int) -> HttpResponse:
    survey_round = access_round(user=request.user, round_id=round_id, coordinate=True)
    try:
        count = services.round_remind(actor=request.user, survey_round=survey_round)
    except ValidationError as error:
        service_error(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d organisation was reminded.",
                "%(count)d organisations were reminded.",
                count,
            )
            % {"count": count},
        )
    return redirect("exchange:round_detail", round_id=survey_round.pk)


def _answer_page(
    request: HttpRequest,
    answer: Answer,
    *,
    answer_form: AnswerForm | None = None,
    need_form: NeedForm | None = None,
    offer_form: OfferForm | None = None,
    import_form: ImportForm | None = None,
) -> HttpResponse:
    editable = (
        responds_for(request.user, answer.organisation_id)
        and answer.status == AnswerStatus.DRAFT
        and answer.round.status == RoundStatus.OPEN
    )
    initial = {"twinning": answer.twinning, "funding_sources": answer.funding_sources}
    return render(
        request,
        "exchange/answer_detail.html",
        {
            "answer": answer,
            "needs": answer.needs.order_by("id"),
            "offers": answer.offers.order_by("id"),
            "editable": editable,
            "answer_form": answer_form or AnswerForm(initial=initial),
            "need_form": need_form or NeedForm(),
            "offer_form": offer_form or OfferForm(),
            "import_form": import_form or ImportForm(),
        },
    )


@login_required
def answer_detail(request: HttpRequest, answer_id: int) -> HttpResponse:
    answer = access_answer(user=request.user, answer_id=answer_id, edit=request.method == "POST")
    if request.method != "POST":
        return _answer_page(request, answer)
    form = AnswerForm(request.POST)
    if call_service(
        form,
        lambda: services.answer_save_draft(actor=request.user, answer=answer, **form.cleaned_data),
    ):
        messages.success(request, _("The draft was saved."))
        return redirect("exchange:answer_detail", answer_id=answer.pk)
    return _answer_page(request, answer, answer_form=form)


@login_required
@require_POST
def need_add(request: HttpRequest, answer_id: int) -> HttpResponse:
    answer = access_answer(user=request.user, answer_id=answer_id, edit=True)
    form = NeedForm(request.POST)
    if call_service(
        form, lambda: services.need_add(actor=request.user, answer=answer, **form.cleaned_data)
    ):
        messages.success(request, _("The need was added."))
        return redirect("exchange:answer_detail", answer_id=answer.pk)
    return _answer_page(request, answer, need_form=form)


@login_required
@require_POST
def offer_add(request: HttpRequest, answer_id: int) -> HttpResponse:
    answer = access_answer(user=request.user, answer_id=answer_id, edit=True)
    form = OfferForm(request.POST)
    if call_service(
        form, lambda: services.offer_add(actor=request.user, answer=answer, **form.cleaned_data)
    ):
        messages.success(request, _("The offer was added."))
        return redirect("exchange:answer_detail", answer_id=answer.pk)
    return _answer_page(request, answer, offer_form=form)


@login_required
@require_POST
def need_remove(request: HttpRequest, answer_id: int, need_id: int) -> HttpResponse:
    answer = access_answer(user=request.user, answer_id=answer_id, edit=True)
    need = answer.needs.filter(pk=need_id).first()
    if need is None:
        raise Http404
    try:
        services.need_remove(actor=request.user, need=need)
    except ValidationError as error:
        service_error(request, error)
    else:
        messages.success(request, _("The need was removed."))
    return redirect("exchange:answer_detail", answer_id=answer.pk)


@login_required
@require_POST
def offer_remove(request: HttpRequest, answer_id: int, offer_id: int) -> HttpResponse:
    answer = access_answer(user=request.user, answer_id=answer_id, edit=True)
    offer = answer.offers.filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    try:
        services.offer_remove(actor=request.user, offer=offer)
    except ValidationError as error:
        service_error(request, error)
    else:
        messages.success(request, _("The offer was removed."))
    return redirect("exchange:answer_detail", answer_id=answer.pk)


@login_required
@require_POST
def answer_submit(request: HttpRequest, answer_id: int) -> HttpResponse:
    answer = access_answer(user=request.user, answer_id=answer_id, edit=True)
    try:
        services.answer_submit(actor=request.user, answer=answer)
    except ValidationError as error:
        service_error(request, error)
    else:
        messages.success(request, _("The answer was submitted. Thank you."))
    return redirect("exchange:answer_detail", answer_id=answer.pk)


def _read_upload(upload: Any, kind: type[E], problems: list[str]) -> list[E]:
    """Rows of an uploaded CSV file; its problems, each with file, line and column."""
    if upload is None:
        return []
    with tempfile.NamedTemporaryFile(suffix=".csv") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        try:
            return read_entries(handle.name, kind, name=upload.name)
        except ExchangeInputError as error:
            problems += [str(problem) for problem in error.problems]
            return []


@login_required
@require_POST
def answer_import(request: HttpRequest, answer_id: int) -> HttpResponse:
    answer = access_answer(user=request.user, answer_id=answer_id, edit=True)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        problems: list[str] = []
        needs = _read_upload(form.cleaned_data["needs"], matching.Need, problems)
        offers = _read_upload(form.cleaned_data["offers"], matching.Offer, problems)
        try:
            if problems:
                raise ValidationError(problems)
            imported = imports.answer_import(
                actor=request.user, answer=answer, needs=needs, offers=offers
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Imported %(needs)d needs and %(offers)d offers.")
                % {"needs": imported[0], "offers": imported[1]},
            )
            return redirect("exchange:answer_detail", answer_id=answer.pk)
    return _answer_page(request, answer, import_form=form)
