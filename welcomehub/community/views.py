"""Staff pages: propose and run mutual-support groups, run events, see the figures.
Views parse input, pass an access gate, call one service or selector and render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from welcomehub.accounts.models import Organisation
from welcomehub.community import events, selectors, services
from welcomehub.community.access import (
    access_event,
    access_group,
    access_invitee,
    access_registration,
    access_session,
    managed_organisations,
)
from welcomehub.community.forms import (
    EventForm,
    GroupCreateForm,
    HouseholdRegistrationForm,
    InviteForm,
    NoticeForm,
    ProposeForm,
    SessionForm,
)
from welcomehub.core.audit import audit_record
from welcomehub.core.forms import add_service_errors, call_service
from welcomehub.core.models import AuditAction
from welcomehub.people.models import Household
from welcomehub.programmes.models import Place, Programme
from welcomehub.reports import exports


def _managed(request: HttpRequest) -> set[int]:
    org_ids = managed_organisations(request.user)
    if not org_ids:
        raise Http404
    return org_ids


def _choices(org_ids: set[int]) -> dict[str, Any]:
    return {
        "organisations": Organisation.objects.filter(pk__in=org_ids),
        "programmes": Programme.objects.filter(
            Q(lead_id__in=org_ids) | Q(partners__organisation_id__in=org_ids)
        ).distinct(),
    }


@login_required
def index(request: HttpRequest) -> HttpResponse:
    org_ids = _managed(request)
    return render(
        request,
        "community/index.html",
        {
            "groups": selectors.managed_groups(org_ids),
            "events": selectors.managed_events(org_ids)[:50],
        },
    )


@login_required
def propose(request: HttpRequest) -> HttpResponse:
    """Proposals for the chosen theme; nothing is stored until the coordinator creates
    a group from one of them."""
    org_ids = _managed(request)
    form = ProposeForm(request.GET or None, **_choices(org_ids))
    proposal = None
    briefs: dict[int, tuple[str, str, str]] = {}
    if request.GET and form.is_valid():
        data = form.cleaned_data
        proposal = selectors.propose(
            organisation_id=data["organisation"].pk,
            programme_id=data["programme"].pk,
            theme=data["theme"],
            min_size=data["min_size"],
            max_size=data["max_size"],
            language=data["language"],
            same_place=data["same_place"],
        )
        shown = [p for g in proposal.groups for p in g.person_ids]
        briefs = selectors.persons_brief(shown)
        if shown:  # a read of people's (pseudonymous) data leaves an audit row
            audit_record(
                actor=request.user,
                action=AuditAction.LIST,
                object_type="people.person",
                organisation_id=data["organisation"].pk,
                detail={"person_ids": shown, "theme": data["theme"]},
            )
    places = {p.pk: p.name for p in Place.objects.filter(served_by__isnull=False).distinct()}
    return render(
        request,
        "community/propose.html",
        {"form": form, "proposal": proposal, "briefs": briefs, "places": places},
    )


@login_required
@require_POST
def group_create(request: HttpRequest) -> HttpResponse:
    org_ids = _managed(request)
    form = GroupCreateForm(request.POST, **_choices(org_ids))
    created: list[Any] = []

    def create() -> None:
        data = form.cleaned_data
        place_id = data.get("place")
        place = Place.objects.filter(pk=place_id).first() if place_id else None
        created.append(
            services.group_create(
                actor=request.user,
                organisation=data["organisation"],
                programme=data["programme"],
                name=data["name"],
                theme=data["theme"],
                language=data["language"],
                place=place,
                min_size=data["min_size"],
                max_size=data["max_size"],
                person_ids=data["person_ids"],
            )
        )

    if call_service(form, create):
        messages.success(request, _("Group created; its members are invited."))
        return redirect("community:group", support_group_id=created[0].pk)
    for errors in form.errors.values():
        messages.error(request, " ".join(str(e) for e in errors))
    return redirect("community:propose")


def _invite_form(request: HttpRequest, group: Any) -> InviteForm | None:
    """The invitation form of an open group with room, offering whom the proposals'
    rules allow; showing them (pseudonymously) is a read of people, so it is audited."""
    if group.closed_at is not None or selectors.places_taken(group) >= group.max_size:
        return None
    person_ids = selectors.invitable(group)
    if person_ids:
        audit_record(
            actor=request.user,
            action=AuditAction.LIST,
            object_type="people.person",
            organisation_id=group.organisation_id,
            detail={"person_ids": person_ids, "invitable_to": group.pk},
        )
    briefs = selectors.persons_brief(person_ids)
    return InviteForm(choices=[(pk, " · ".join(briefs[pk])) for pk in person_ids if pk in briefs])


@login_required
def group_detail(request: HttpRequest, support_group_id: int) -> HttpResponse:
    group = access_group(user=request.user, group_id=support_group_id)
    return render(
        request,
        "community/group.html",
        {
            "group": group,
            "members": selectors.member_rows(group),
            "taken": selectors.places_taken(group),
            "invite_form": _invite_form(request, group),
            "sessions": group.sessions.prefetch_related("attendance"),
            "notices": group.notices.all()[:50],
            "session_form": SessionForm(),
            "notice_form": NoticeForm(),
        },
    )


@login_required
@require_POST
def member_invite(request: HttpRequest, support_group_id: int) -> HttpResponse:
    """Invite someone of the caseload to an existing group; refusals (full, no consent,
    already invited, closed) come back as a message and change nothing."""
    group = access_group(user=request.user, group_id=support_group_id)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose someone to invite."))
        return redirect("community:group", support_group_id=group.pk)
    person = access_invitee(user=request.user, group=group, person_id=form.cleaned_data["person"])
    if call_service(
        form, lambda: services.member_invite(actor=request.user, group=group, person=person)
    ):
        messages.success(request, _("Invitation sent."))
    else:
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
    return redirect("community:group", support_group_id=group.pk)


@login_required
@require_POST
def session_add(request: HttpRequest, support_group_id: int) -> HttpResponse:
    group = access_group(user=request.user, group_id=support_group_id)
    form = SessionForm(request.POST)
    if call_service(
        form,
        lambda: services.session_create(
            actor=request.user,
            group=group,
            starts_at=form.cleaned_data["starts_at"],
            venue=form.cleaned_data["venue"],
            facilitator=form.cleaned_data["facilitator"],
        ),
    ):
        messages.success(request, _("Session planned."))
    else:
        messages.error(
            request, _("The session was not saved: check the date, place and facilitator.")
        )
    return redirect("community:group", support_group_id=group.pk)


@login_required
@require_POST
def attendance(request: HttpRequest, group_session_id: int) -> HttpResponse:
    session = access_session(user=request.user, session_id=group_session_id)
    try:
        ids = [int(v) for v in request.POST.getlist("present")]
        count = services.attendance_record(
            actor=request.user, session=session, present_member_ids=ids
        )
    except (ValueError, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [_("Invalid input.")])))
    else:
        messages.success(request, _("Attendance recorded: %(n)d present.") % {"n": count})
    return redirect("community:group", support_group_id=session.group_id)


@login_required
@require_POST
def notice_add(request: HttpRequest, support_group_id: int) -> HttpResponse:
    group = access_group(user=request.user, group_id=support_group_id)
    form = NoticeForm(request.POST)
    if call_service(
        form,
        lambda: services.notice_post(
            actor=request.user, group=group, text=form.cleaned_data["text"]
        ),
    ):
        messages.success(request, _("Message posted to the group."))
    else:
        messages.error(request, _("The message was not posted."))
    return redirect("community:group", support_group_id=group.pk)


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    org_ids = _managed(request)
    form = EventForm(request.POST or None, **_choices(org_ids))
    created: list[Any] = []
    if request.method == "POST" and call_service(
        form, lambda: created.append(events.event_create(actor=request.user, **form.cleaned_data))
    ):
        messages.success(request, _("Event published."))
        return redirect("community:event", community_event_id=created[0].pk)
    return render(request, "community/event_form.html", {"form": form})


@login_required
def event_detail(request: HttpRequest, community_event_id: int) -> HttpResponse:
    event = access_event(user=request.user, event_id=community_event_id)
    form = HouseholdRegistrationForm(request.POST or None, offered=event.support)
    if request.method == "POST" and form.is_valid():
        household = Household.objects.filter(
            reference=form.cleaned_data["reference"].strip().upper(),
            organisation_id=event.organisation_id,
        ).first()
        if household is None:
            form.add_error("reference", _("No household with this reference in your caseload."))
        else:
            try:
                events.event_register(
                    actor=request.user,
                    event=event,
                    household=household,
                    places=form.cleaned_data["places"],
                    support=form.cleaned_data["support"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Household registered."))
                return redirect("community:event", community_event_id=event.pk)
    return render(
        request,
        "community/event.html",
        {
            "event": event,
            "form": form,
            "registrations": event.registrations.select_related("household").order_by(
                "created_at", "id"
            ),
            "taken": events.seats_taken(event),
        },
    )


@login_required
@require_POST
def event_cancel(request: HttpRequest, community_event_id: int) -> HttpResponse:
    event = access_event(user=request.user, event_id=community_event_id)
    try:
        events.event_cancel(actor=request.user, event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("community:event", community_event_id=event.pk)


@login_required
@require_POST
def registration_cancel(request: HttpRequest, event_registration_id: int) -> HttpResponse:
    registration = access_registration(user=request.user, registration_id=event_registration_id)
    try:
        events.registration_cancel(actor=request.user, registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Registration cancelled; the waiting list moved up."))
    return redirect("community:event", community_event_id=registration.event_id)


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    org_ids = _managed(request)
    plain, tables = selectors.figures(org_ids)
    return render(request, "community/figures.html", {"plain": plain, "tables": tables})


@login_required
@require_POST
def group_close(request: HttpRequest, support_group_id: int) -> HttpResponse:
    group = access_group(user=request.user, group_id=support_group_id)
    try:
        services.group_close(actor=request.user, group=group)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The group is closed."))
    return redirect("community:group", support_group_id=group.pk)


@login_required
def figures_xlsx(request: HttpRequest) -> HttpResponse:
    org_ids = _managed(request)
    _plain, tables = selectors.figures(org_ids)
    return exports.xlsx_response(selectors.figure_tables(tables), "community-figures.xlsx")
