"""The public calendar (no sign-in, no personal data shown) and the refugee portal:
invitations, the group board, events and registrations of one's own household."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from welcomehub.community import events, ical, selectors, services
from welcomehub.community.access import (
    access_own_event,
    access_own_group,
    access_own_member,
    access_own_registration,
    own_household,
    public_event,
)
from welcomehub.community.forms import NoticeForm, PublicRegistrationForm, RegistrationForm
from welcomehub.core import ratelimit
from welcomehub.core.forms import call_service

PUBLIC_LIMIT = 20  # public registrations per client address and hour


def calendar(request: HttpRequest) -> HttpResponse:
    return render(request, "community/calendar.html", {"events": selectors.public_calendar()})


def calendar_ics(request: HttpRequest) -> HttpResponse:
    body = ical.calendar(selectors.public_calendar(), host=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="community-events.ics"'
    return response


def public_event_page(request: HttpRequest, public_event_id: int) -> HttpResponse:
    event = public_event(public_event_id)
    form = PublicRegistrationForm(request.POST or None, offered=event.support)
    status = 200
    done: list[str] = []
    if request.method == "POST" and not ratelimit.hit(request, "community", limit=PUBLIC_LIMIT):
        messages.error(
            request, _("Too many submissions from this connection. Please try again later.")
        )
        status = 429
    elif request.method == "POST" and call_service(
        form,
        lambda: done.append(
            events.event_register(
                actor=request.user,
                event=event,
                places=form.cleaned_data["places"],
                name=form.cleaned_data["name"],
                contact=form.cleaned_data["contact"],
                support=form.cleaned_data["support"],
            ).status
        ),
    ):
        if done[0] == "registered":
            messages.success(request, _("You are registered. See you there!"))
        else:
            messages.info(request, _("The event is full: you are on the waiting list."))
        return redirect("community:public_event", public_event_id=event.pk)
    return render(
        request,
        "community/public_event.html",
        {"event": event, "form": form, "taken": events.seats_taken(event)},
        status=status,
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    household = own_household(request.user)
    return render(
        request,
        "community/mine.html",
        {
            "memberships": selectors.own_memberships(household),
            "registrations": selectors.own_registrations(household),
            "events": selectors.portal_events(household),
        },
    )


@login_required
@require_POST
def my_answer(request: HttpRequest, own_group_member_id: int) -> HttpResponse:
    member = access_own_member(user=request.user, member_id=own_group_member_id)
    try:
        services.member_respond(
            actor=request.user, member=member, join=request.POST.get("join") == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("community:mine")


@login_required
def my_group(request: HttpRequest, own_support_group_id: int) -> HttpResponse:
    group = access_own_group(user=request.user, group_id=own_support_group_id)
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and call_service(
        form,
        lambda: services.notice_post(
            actor=request.user, group=group, text=form.cleaned_data["text"]
        ),
    ):
        return redirect("community:my_group", own_support_group_id=group.pk)
    return render(
        request,
        "community/my_group.html",
        {
            "group": group,
            "form": form,
            "notices": group.notices.all()[:50],
            "sessions": group.sessions.all(),
        },
    )


@login_required
def my_event(request: HttpRequest, own_event_id: int) -> HttpResponse:
    household, event = access_own_event(user=request.user, event_id=own_event_id)
    form = RegistrationForm(request.POST or None, offered=event.support)
    if request.method == "POST" and call_service(
        form,
        lambda: events.event_register(
            actor=request.user,
            event=event,
            household=household,
            places=form.cleaned_data["places"],
            support=form.cleaned_data["support"],
        ),
    ):
        messages.success(request, _("Your registration is recorded."))
        return redirect("community:mine")
    return render(
        request,
        "community/my_event.html",
        {"event": event, "form": form, "taken": events.seats_taken(event)},
    )


@login_required
@require_POST
def my_registration_cancel(request: HttpRequest, own_registration_id: int) -> HttpResponse:
    registration = access_own_registration(user=request.user, registration_id=own_registration_id)
    try:
        events.registration_cancel(actor=request.user, registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("community:mine")
