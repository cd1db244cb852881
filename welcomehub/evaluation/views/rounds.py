"""A programme's evaluation: rounds, answers, evidence, participation, sign-off, actions
and lessons for the exchange."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from welcomehub.accounts.models import Organisation
from welcomehub.core.forms import call_service
from welcomehub.evaluation import charts, evidence_store, panels, selectors, services
from welcomehub.evaluation.access import (
    access_action,
    access_answer,
    access_evidence,
    access_programme,
    access_round,
    manages,
    reviews,
)
from welcomehub.evaluation.forms import (
    ActionForm,
    ActionStatusForm,
    AreaAnswersForm,
    EvidenceForm,
    LessonsForm,
    ParticipationForm,
    RoundForm,
    SignOffForm,
)
from welcomehub.evaluation.models import Area, Framework, Item, Round, RoundStatus
from welcomehub.reports.pdf import pdf_response


def _refugee_led() -> Any:
    return Organisation.objects.filter(org_type="refugee_led").order_by("name")


def _messages(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _programme_page(
    request: HttpRequest, programme: Any, form: RoundForm | None = None
) -> HttpResponse:
    may_manage = manages(request.user, programme)
    rounds = list(selectors.programme_rounds(programme))
    signed = selectors.history(programme)
    series = [(programme.name, [(r.assessed_on, r.scores.get("overall")) for r in signed])]
    return render(
        request,
        "evaluation/programme.html",
        {
            "programme": programme,
            "rounds": rounds,
            "may_manage": may_manage,
            "form": form
            or (
                RoundForm(frameworks=Framework.objects.filter(active=True)) if may_manage else None
            ),
            "history": signed,
            "history_chart": charts.history_svg(_("Overall score over time"), series)
            if signed
            else None,
            "actions": selectors.actions_to_track(programme),
            "panel": panels.outcome_panel(programme),
            "feedback": panels.feedback_rows(programme),
        },
    )


@login_required
@require_GET
def programme(request: HttpRequest, programme_id: int) -> HttpResponse:
    found = access_programme(user=request.user, programme_id=programme_id)
    return _programme_page(request, found)


@login_required
@require_POST
def round_open(request: HttpRequest, programme_id: int) -> HttpResponse:
    found = access_programme(user=request.user, programme_id=programme_id, manage=True)
    form = RoundForm(request.POST, frameworks=Framework.objects.filter(active=True))
    created: list[Round] = []
    if call_service(
        form,
        lambda: created.append(
            services.round_open(actor=request.user, programme=found, **form.cleaned_data)
        ),
    ):
        messages.success(request, _("The round is open."))
        return redirect("evaluation:round_detail", evaluation_round_id=created[0].pk)
    return _programme_page(request, found, form)


def _round_context(request: HttpRequest, evaluation_round: Round) -> dict[str, Any]:
    scores = selectors.round_scores(evaluation_round)
    programme = evaluation_round.programme
    may_manage = manages(request.user, programme)
    is_open = evaluation_round.status == RoundStatus.OPEN
    answerers = selectors.answerers(evaluation_round)
    areas = selectors.round_areas(evaluation_round, scores)
    participation = getattr(evaluation_round, "participation", None)
    owners = Organisation.objects.filter(
        pk__in=selectors.programme_organisation_ids(programme)
    ).order_by("name")
    return {
        "round": evaluation_round,
        "programme": programme,
        "scores": scores,
        "areas": areas,
        "chart": charts.bars_svg(
            _("Score per area"),
            [(a.title, [a.score]) for a in areas],
            [evaluation_round.title],
        ),
        "may_manage": may_manage,
        "is_open": is_open,
        "may_sign_off": reviews(request.user, programme)
        and evaluation_round.status == RoundStatus.SUBMITTED
        and request.user.pk not in answerers,
        "answered_it": request.user.pk in answerers,
        "is_reviewer": reviews(request.user, programme),
        "participation": participation,
        "participation_form": ParticipationForm(
            initial={
                "methods": participation.methods,
                "sessions": participation.sessions,
                "representatives": participation.representatives,
                "organisations": list(participation.organisations.all()),
                "summary": participation.summary,
            }
            if participation
            else None,
            organisations=_refugee_led(),
        )
        if may_manage and is_open
        else None,
        "sign_off_form": SignOffForm(),
        "action_form": ActionForm(
            items=Item.objects.filter(framework=evaluation_round.framework, active=True),
            owners=owners,
        )
        if may_manage
        else None,
        "actions": selectors.actions_to_track(programme),
        "status_form": ActionStatusForm(),
        "lessons": selectors.lessons(evaluation_round),
        "panel": panels.outcome_panel(programme),
        "feedback": panels.feedback_rows(programme),
    }


@login_required
@require_GET
def round_detail(request: HttpRequest, evaluation_round_id: int) -> HttpResponse:
    evaluation_round = access_round(user=request.user, round_id=evaluation_round_id)
    return render(
        request, "evaluation/round_detail.html", _round_context(request, evaluation_round)
    )


@login_required
def round_area(
    request: HttpRequest, evaluation_round_id: int, evaluation_area: str
) -> HttpResponse:
    evaluation_round = access_round(
        user=request.user, round_id=evaluation_round_id, manage=request.method == "POST"
    )
    area = Area.objects.filter(framework=evaluation_round.framework, code=evaluation_area).first()
    if area is None:
        raise Http404
    answers = list(
        evaluation_round.answers.filter(item__area=area)
        .select_related("item", "answered_by")
        .prefetch_related("files")
        .order_by("item__position")
    )
    editable = manages(request.user, evaluation_round.programme) and (
        evaluation_round.status == RoundStatus.OPEN
    )
    form = AreaAnswersForm(request.POST or None, answers=answers)
    if request.method == "POST" and call_service(
        form,
        lambda: services.answers_save(
            actor=request.user,
            evaluation_round=evaluation_round,
            answers={code: services.AnswerInput(*values) for code, values in form.values().items()},
        ),
    ):
        messages.success(request, _("The answers were saved."))
        return redirect("evaluation:round_detail", evaluation_round_id=evaluation_round.pk)
    return render(
        request,
        "evaluation/round_area.html",
        {
            "round": evaluation_round,
            "area": area,
            "form": form,
            "editable": editable,
            "evidence_form": EvidenceForm(),
        },
    )


@login_required
@require_POST
def evidence_add(request: HttpRequest, evaluation_answer_id: int) -> HttpResponse:
    answer = access_answer(user=request.user, answer_id=evaluation_answer_id)
    form = EvidenceForm(request.POST, request.FILES)
    if call_service(
        form,
        lambda: services.evidence_add(
            actor=request.user,
            answer=answer,
            filename=form.cleaned_data["file"].name,
            content=form.cleaned_data["file"].read(evidence_store.MAX_BYTES + 1),
        ),
    ):
        messages.success(request, _("The evidence was added."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(
        "evaluation:round_area",
        evaluation_round_id=answer.round_id,
        evaluation_area=answer.item.area.code,
    )


@login_required
@require_GET
def evidence_download(request: HttpRequest, evaluation_evidence_id: int) -> HttpResponse:
    evidence = access_evidence(user=request.user, evidence_id=evaluation_evidence_id)
    path = evidence_store.path_of(evidence.stored_name)
    if not path.is_file():
        raise Http404
    # Files are at most evidence_store.MAX_BYTES, so they are read whole.
    response = HttpResponse(path.read_bytes(), content_type=evidence.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=evidence.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def participation(request: HttpRequest, evaluation_round_id: int) -> HttpResponse:
    evaluation_round = access_round(user=request.user, round_id=evaluation_round_id, manage=True)
    form = ParticipationForm(request.POST, organisations=_refugee_led())
    if call_service(
        form,
        lambda: services.participation_save(
            actor=request.user, evaluation_round=evaluation_round, **form.cleaned_data
        ),
    ):
        messages.success(request, _("The participation section was saved."))
    else:
        messages.error(request, _("The participation section was not saved: check the figures."))
    return redirect("evaluation:round_detail", evaluation_round_id=evaluation_round.pk)


def _round_step(
    request: HttpRequest, evaluation_round: Round, step: Any, done: str
) -> HttpResponse:
    try:
        step()
    except ValidationError as error:
        _messages(request, error)
    else:
        messages.success(request, done)
    return redirect("evaluation:round_detail", evaluation_round_id=evaluation_round.pk)


@login_required
@require_POST
def round_submit(request: HttpRequest, evaluation_round_id: int) -> HttpResponse:
    evaluation_round = access_round(user=request.user, round_id=evaluation_round_id, manage=True)
    return _round_step(
        request,
        evaluation_round,
        lambda: services.round_submit(actor=request.user, evaluation_round=evaluation_round),
        _("The round was handed to a reviewer."),
    )


@login_required
@require_POST
def round_sign_off(request: HttpRequest, evaluation_round_id: int) -> HttpResponse:
    evaluation_round = access_round(user=request.user, round_id=evaluation_round_id, review=True)
    form = SignOffForm(request.POST)
    shared = form.is_valid() and form.cleaned_data["shared"]
    return _round_step(
        request,
        evaluation_round,
        lambda: services.round_sign_off(
            actor=request.user, evaluation_round=evaluation_round, shared=shared
        ),
        _("The round is signed off and locked."),
    )


@login_required
@require_POST
def round_return(request: HttpRequest, evaluation_round_id: int) -> HttpResponse:
    evaluation_round = access_round(user=request.user, round_id=evaluation_round_id, review=True)
    return _round_step(
        request,
        evaluation_round,
        lambda: services.round_return(actor=request.user, evaluation_round=evaluation_round),
        _("The round was returned to the coordinator."),
    )


@login_required
@require_POST
def action_add(request: HttpRequest, evaluation_round_id: int) -> HttpResponse:
    evaluation_round = access_round(user=request.user, round_id=evaluation_round_id, manage=True)
    owners = Organisation.objects.filter(
        pk__in=selectors.programme_organisation_ids(evaluation_round.programme)
    )
    form = ActionForm(
        request.POST,
        items=Item.objects.filter(framework=evaluation_round.framework, active=True),
        owners=owners,
    )
    if call_service(
        form,
        lambda: services.action_add(
            actor=request.user, evaluation_round=evaluation_round, **form.cleaned_data
        ),
    ):
        messages.success(request, _("The action was added to the plan."))
        return redirect("evaluation:round_detail", evaluation_round_id=evaluation_round.pk)
    context = _round_context(request, evaluation_round)
    context["action_form"] = form
    return render(request, "evaluation/round_detail.html", context)


@login_required
@require_POST
def action_status(request: HttpRequest, evaluation_action_id: int) -> HttpResponse:
    action = access_action(user=request.user, action_id=evaluation_action_id)
    form = ActionStatusForm(request.POST)
    if call_service(
        form,
        lambda: services.action_update(
            actor=request.user, action=action, status=form.cleaned_data["status"]
        ),
    ):
        messages.success(request, _("The action was updated."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect("evaluation:round_detail", evaluation_round_id=action.round_id)


@login_required
def lessons(request: HttpRequest, evaluation_round_id: int) -> HttpResponse:
    """Gaps become draft needs and strengths draft offers, as the coordinator confirms."""
    evaluation_round = access_round(user=request.user, round_id=evaluation_round_id, manage=True)
    proposals = selectors.lesson_proposals(evaluation_round)
    drafts = selectors.exchange_drafts(evaluation_round.programme)
    form = LessonsForm(request.POST or None, drafts=drafts, proposals=proposals)
    areas = {a.code: a for a in evaluation_round.framework.areas.all()}
    if request.method == "POST" and call_service(
        form,
        lambda: services.lessons_send(
            actor=request.user,
            evaluation_round=evaluation_round,
            exchange_answer=form.cleaned_data["exchange_answer"],
            need_areas=[areas[c] for c in form.cleaned_data["needs"]],
            offer_areas=[areas[c] for c in form.cleaned_data["offers"]],
        ),
    ):
        messages.success(request, _("Draft needs and offers were added to the exchange."))
        return redirect("evaluation:round_detail", evaluation_round_id=evaluation_round.pk)
    return render(
        request,
        "evaluation/lessons.html",
        {
            "round": evaluation_round,
            "proposals": proposals,
            "form": form,
            "has_drafts": drafts.exists(),
            "signed_off": evaluation_round.status == RoundStatus.SIGNED_OFF,
        },
    )


@login_required
@require_GET
def round_pdf(request: HttpRequest, evaluation_round_id: int) -> HttpResponse:
    evaluation_round = access_round(user=request.user, round_id=evaluation_round_id)
    context = _round_context(request, evaluation_round)
    return pdf_response(
        "evaluation/round_print.html",
        {
            k: context[k]
            for k in ("round", "programme", "scores", "areas", "chart", "panel", "participation")
        },
        f"evaluation-{evaluation_round.pk}.pdf",
        request,
    )
