"""Feedback pages: public forms and board, and the staff's inbox. Views parse input, pass
an access gate, call one service or selector and render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from welcomehub.accounts.models import Organisation
from welcomehub.accounts.permissions import has_any, organisations_with
from welcomehub.core import ratelimit
from welcomehub.core.audit import audit_reads
from welcomehub.core.forms import StyledForm, call_service
from welcomehub.core.models import AuditAction
from welcomehub.feedback import selectors, services
from welcomehub.feedback.access import (
    FIGURES,
    access_feedback,
    access_programme_for,
    programmes_for,
    public_programme,
)
from welcomehub.feedback.forms import (
    FeedbackForm,
    LogForm,
    ProgrammeChoiceForm,
    PublishForm,
    RespondForm,
    RouteForm,
    SessionForm,
    StatusForm,
    SurveyForm,
)
from welcomehub.feedback.models import BoardPost, Channel, Feedback, Status
from welcomehub.programmes.models import Programme
from welcomehub.reports import exports, pdf

PUBLIC_LIMIT = 20  # public submissions per client address and hour


def _limited(request: HttpRequest, scope: str) -> bool:
    if request.method != "POST" or ratelimit.hit(request, scope, limit=PUBLIC_LIMIT):
        return False
    messages.error(request, _("Too many submissions from this connection. Please try again later."))
    return True


def give(request: HttpRequest, programme_id: int) -> HttpResponse:
    """The public form, also reached from the QR code poster and the refugee portal."""
    programme = public_programme(programme_id)
    signed_in = request.user.is_authenticated
    via = request.GET.get("via", "")
    channel = {"poster": Channel.POSTER, "portal": Channel.PORTAL}.get(via, Channel.WEB)
    form = FeedbackForm(request.POST or None, programme=programme, signed_in=signed_in)
    status = 200
    if _limited(request, "feedback"):
        status = 429
    elif request.method == "POST" and call_service(
        form,
        lambda: services.feedback_submit(
            actor=request.user,
            programme=programme,
            category=form.cleaned_data["category"],
            text=form.cleaned_data["text"],
            language=form.cleaned_data["language"],
            channel=channel,
            anonymous=not form.cleaned_data.get("in_my_name"),
            contact=form.cleaned_data.get("contact", ""),
            place=form.cleaned_data.get("place"),
        ),
    ):
        messages.success(
            request,
            _(
                "Thank you. Your feedback reached the programme. "
                "Below is what was done about earlier feedback."
            ),
        )
        return redirect("feedback:board", programme_id=programme.pk)
    return render(
        request,
        "feedback/give.html",
        {"programme": programme, "form": form, "via": via, "signed_in": signed_in},
        status=status,
    )


def board(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = public_programme(programme_id)
    return render(
        request,
        "feedback/board.html",
        {"programme": programme, "entries": selectors.board(programme)},
    )


def survey(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = public_programme(programme_id)
    form = SurveyForm(request.POST or None)
    status = 200
    if _limited(request, "survey"):
        status = 429
    elif request.method == "POST" and call_service(
        form,
        lambda: services.satisfaction_submit(
            programme=programme,
            language=(request.LANGUAGE_CODE or "en").split("-")[0],
            answers=form.answers(),
            comment=form.cleaned_data.get("comment", ""),
        ),
    ):
        messages.success(request, _("Thank you for your answers."))
        return redirect("feedback:board", programme_id=programme.pk)
    return render(
        request, "feedback/survey.html", {"programme": programme, "form": form}, status=status
    )


def _poster(request: HttpRequest, programme_id: int) -> dict[str, Any]:
    programme = access_programme_for(
        user=request.user,
        programme_id=programme_id,
        permissions=(services.MANAGE, services.LOG),
    )
    link = request.build_absolute_uri(
        reverse("feedback:give", kwargs={"programme_id": programme.pk}) + "?via=poster"
    )
    qr = segno.make(link, error="m").svg_inline(scale=6, title=_("Feedback form"))
    return {"programme": programme, "link": link, "qr": qr}


@login_required
def poster(request: HttpRequest, programme_id: int) -> HttpResponse:
    return render(request, "feedback/poster.html", _poster(request, programme_id))


@login_required
def poster_pdf(request: HttpRequest, programme_id: int) -> HttpResponse:
    """The poster for places without staff, printable anywhere."""
    return pdf.pdf_response(
        "feedback/poster_print.html", _poster(request, programme_id), "feedback-poster.pdf", request
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    if not has_any(request.user, services.MANAGE):
        raise Http404
    status = request.GET.get("status", "")
    category = request.GET.get("category", "")
    items = list(
        selectors.inbox(
            request.user,
            status=status if status in Status.values else "",
            category=category,
        )[:200]
    )
    audit_reads(
        actor=request.user,
        objects=items,
        organisation_of=lambda f: f.routed_to_id,
        action=AuditAction.LIST,
    )
    return render(
        request,
        "feedback/inbox.html",
        {
            "items": items,
            "statuses": Status.choices,
            "status": status,
            "category": category,
            "programmes": programmes_for(request.user, services.MANAGE),
        },
    )


def _partner_choices(feedback: Feedback) -> list[tuple[str, str]]:
    partners = Organisation.objects.filter(pk__in=services.partner_ids(feedback.programme))
    return [(str(o.pk), o.name) for o in partners.order_by("name")]


def _detail_forms(feedback: Feedback) -> dict[str, Any]:
    route = RouteForm(initial={"organisation": feedback.routed_to_id})
    route.set_choices("organisation", _partner_choices(feedback))
    return {
        "respond_form": RespondForm(initial={"response": feedback.response}),
        "route_form": route,
        "status_form": StatusForm(initial={"status": feedback.status}),
        "publish_form": PublishForm(),
    }


@login_required
def detail(request: HttpRequest, feedback_ref: str) -> HttpResponse:
    feedback = access_feedback(user=request.user, reference=feedback_ref)
    audit_reads(actor=request.user, objects=[feedback], organisation_of=lambda f: f.routed_to_id)
    context = {
        "feedback": feedback,
        "named": hasattr(feedback, "author") and not feedback.author.logged,
        "post": BoardPost.objects.filter(feedback=feedback, withdrawn=False).first(),
        **_detail_forms(feedback),
    }
    return render(request, "feedback/detail.html", context)


Act = Callable[[HttpRequest, Feedback, Any], object]


def _act(
    request: HttpRequest, feedback_ref: str, form_class: type[StyledForm], act: Act
) -> HttpResponse:
    feedback = access_feedback(user=request.user, reference=feedback_ref)
    form = form_class(request.POST)
    if isinstance(form, RouteForm):
        form.set_choices("organisation", _partner_choices(feedback))
    if call_service(form, lambda: act(request, feedback, form)):
        messages.success(request, _("Saved."))
    else:
        for problem in form.errors.values():
            messages.error(request, " ".join(str(message) for message in problem))
    return redirect("feedback:detail", feedback_ref=feedback.reference)


@login_required
@require_POST
def respond(request: HttpRequest, feedback_ref: str) -> HttpResponse:
    return _act(
        request,
        feedback_ref,
        RespondForm,
        lambda r, f, form: services.feedback_respond(
            actor=r.user, feedback=f, response=form.cleaned_data["response"]
        ),
    )


@login_required
@require_POST
def route(request: HttpRequest, feedback_ref: str) -> HttpResponse:
    return _act(
        request,
        feedback_ref,
        RouteForm,
        lambda r, f, form: services.feedback_route(
            actor=r.user,
            feedback=f,
            organisation=Organisation.objects.get(pk=form.cleaned_data["organisation"]),
        ),
    )


@login_required
@require_POST
def status(request: HttpRequest, feedback_ref: str) -> HttpResponse:
    return _act(
        request,
        feedback_ref,
        StatusForm,
        lambda r, f, form: services.feedback_status_set(
            actor=r.user, feedback=f, status=form.cleaned_data["status"]
        ),
    )


@login_required
@require_POST
def publish(request: HttpRequest, feedback_ref: str) -> HttpResponse:
    return _act(
        request,
        feedback_ref,
        PublishForm,
        lambda r, f, form: services.board_publish(actor=r.user, feedback=f, texts=form.texts()),
    )


@login_required
@require_POST
def board_withdraw(request: HttpRequest, board_post_id: int) -> HttpResponse:
    post = (
        BoardPost.objects.select_related("programme", "feedback").filter(pk=board_post_id).first()
    )
    if post is None or not (
        services.can_manage(request.user, post.feedback) if post.feedback is not None else False
    ):
        raise Http404
    services.board_withdraw(actor=request.user, post=post)
    messages.success(request, _("The entry was taken off the board."))
    return redirect("feedback:board", programme_id=post.programme_id)


def _programme_choice(
    request: HttpRequest, *permissions: str
) -> tuple[ProgrammeChoiceForm, Programme | None]:
    choice = ProgrammeChoiceForm(request.GET or None)
    choice.set_queryset("programme", programmes_for(request.user, *permissions).order_by("name"))
    return choice, choice.cleaned_data["programme"] if choice.is_valid() else None


@login_required
def log(request: HttpRequest) -> HttpResponse:
    """A caseworker writes down feedback heard from refugees (without names)."""
    if not has_any(request.user, services.LOG):
        raise Http404
    choice, programme = _programme_choice(request, services.LOG)
    context: dict[str, Any] = {"choice": choice, "programme": programme, "form": None}
    if programme is not None:
        form = LogForm(request.POST or None, programme=programme)
        if request.method == "POST" and call_service(
            form, lambda: _log(request, programme, form.cleaned_data)
        ):
            messages.success(request, _("The feedback was logged and sent to the programme."))
            return redirect(f"{reverse('feedback:log')}?programme={programme.pk}")
        context["form"] = form
    return render(request, "feedback/log.html", context)


def _log(request: HttpRequest, programme: Programme, data: dict[str, Any]) -> None:
    services.feedback_log(
        actor=request.user,
        programme=programme,
        category=data["category"],
        text=data["text"],
        language=data["language"],
        place=data.get("place"),
    )


@login_required
def session_log(request: HttpRequest) -> HttpResponse:
    """Notes of a listening session: counts and themes, no names."""
    if not (has_any(request.user, services.LOG) or has_any(request.user, services.MANAGE)):
        raise Http404
    choice, programme = _programme_choice(request, services.LOG, services.MANAGE)
    context: dict[str, Any] = {"choice": choice, "programme": programme, "form": None}
    organisation = None if programme is None else _own_partner(request, programme)
    if programme is not None and organisation is not None:
        form = SessionForm(request.POST or None, programme=programme)
        if request.method == "POST" and call_service(
            form,
            lambda: services.listening_session_log(
                actor=request.user,
                programme=programme,
                organisation=organisation,
                **form.cleaned_data,
            ),
        ):
            messages.success(request, _("The listening session was logged."))
            return redirect(f"{reverse('feedback:session_log')}?programme={programme.pk}")
        context["form"] = form
        context["sessions"] = selectors.listening_sessions(programme).filter(
            organisation=organisation
        )[:50]
    return render(request, "feedback/sessions.html", context)


def _own_partner(request: HttpRequest, programme: Programme) -> Organisation | None:
    """The user's organisation among the programme's partners (logging or handling)."""
    mine = organisations_with(request.user, services.LOG) | organisations_with(
        request.user, services.MANAGE
    )
    return (
        Organisation.objects.filter(pk__in=mine & services.partner_ids(programme))
        .order_by("pk")
        .first()
    )


def _figures_programme(request: HttpRequest, programme_id: int) -> Programme:
    return access_programme_for(
        user=request.user, programme_id=programme_id, permissions=(FIGURES, services.MANAGE)
    )


@login_required
def figures(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = _figures_programme(request, programme_id)
    return render(
        request,
        "feedback/figures.html",
        {"programme": programme, "figures": selectors.figures(programme)},
    )


@login_required
def figures_export(request: HttpRequest, programme_id: int, fmt: str) -> HttpResponse:
    """The same protected figures as the page, as CSV (categories) or XLSX (all)."""
    programme = _figures_programme(request, programme_id)
    tables = selectors.figure_tables(selectors.figures(programme))
    if fmt == "csv":
        return exports.csv_response(tables[0], "feedback-figures.csv")
    return exports.xlsx_response(tables, "feedback-figures.xlsx")
