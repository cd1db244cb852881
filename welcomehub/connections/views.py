"""Pages of the volunteer programme: the public application form, the coordinator's
pipeline, oversight and matching, and the volunteer's own page. Views parse input, pass
an access gate, call one service or selector and render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from welcomehub.accounts.models import Organisation
from welcomehub.connections import forms as f
from welcomehub.connections import selectors, services
from welcomehub.connections.access import (
    access_match,
    access_volunteer,
    own_volunteer,
    require_manager,
)
from welcomehub.connections.models import (
    Insurance,
    Match,
    MatchStatus,
    Volunteer,
    VolunteerReference,
)
from welcomehub.core import ratelimit
from welcomehub.core.audit import audit_reads, audit_record
from welcomehub.core.forms import add_service_errors, call_service
from welcomehub.core.models import AuditAction
from welcomehub.core.taxonomy import label, labels
from welcomehub.programmes.models import Place
from welcomehub.reports import pdf

PUBLIC_LIMIT = 10  # applications per client address and hour


def _today() -> Any:
    return timezone.localdate()


# Public application -------------------------------------------------------------------


def apply(request: HttpRequest, volunteer_org_id: int) -> HttpResponse:
    organisation = Organisation.objects.filter(pk=volunteer_org_id).first()
    if organisation is None:
        raise Http404
    places = Place.objects.filter(country=organisation.country).order_by("name")
    form = f.ApplicationForm(request.POST or None, places=places)
    status = 200
    if request.method == "POST" and not ratelimit.hit(
        request, "volunteer-apply", limit=PUBLIC_LIMIT
    ):
        messages.error(
            request, _("Too many applications from this connection. Please try again later.")
        )
        status = 429
    elif request.method == "POST" and call_service(
        form,
        lambda: services.volunteer_apply(
            actor=request.user,
            organisation=organisation,
            **{k: v for k, v in form.cleaned_data.items() if k != "consent"},
        ),
    ):
        return redirect("connections:apply_done", volunteer_org_id=organisation.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "connections/apply.html",
        {"organisation": organisation, "form": form},
        status=status,
    )


def apply_done(request: HttpRequest, volunteer_org_id: int) -> HttpResponse:
    organisation = Organisation.objects.filter(pk=volunteer_org_id).first()
    if organisation is None:
        raise Http404
    return render(request, "connections/apply_done.html", {"organisation": organisation})


# Coordinator --------------------------------------------------------------------------


@login_required
def volunteer_list(request: HttpRequest) -> HttpResponse:
    orgs = require_manager(request.user)
    status = request.GET.get("status", "")
    volunteers = selectors.volunteers_of(orgs)
    if status:
        volunteers = volunteers.filter(status=status)
    rows = list(volunteers[:500])
    audit_reads(
        actor=request.user,
        objects=rows,
        organisation_of=lambda v: v.organisation_id,
        action=AuditAction.LIST,
    )
    return render(
        request,
        "connections/volunteer_list.html",
        {
            "volunteers": rows,
            "status": status,
            "statuses": Volunteer._meta.get_field("status").choices,
            "expiring": selectors.expiring_clearances(orgs, _today()),
            "organisations": Organisation.objects.filter(pk__in=orgs).order_by("name"),
        },
    )


def _detail_context(volunteer: Volunteer, **forms: Any) -> dict[str, Any]:
    today = _today()
    base = {
        "interview": f.InterviewForm(initial={"held_on": today}),
        "reference": f.ReferenceForm(),
        "clearance": f.ClearanceForm(),
        "training": f.TrainingForm(initial={"completed_on": today, "module": "safeguarding"}),
        "agreements": f.AgreementsForm(
            initial={
                "code_of_conduct_on": volunteer.code_of_conduct_signed_on or today,
                "role_boundaries_on": volunteer.role_boundaries_signed_on or today,
            }
        ),
        "session": f.SessionForm(initial={"held_on": today}),
        "hours": f.HoursForm(initial={"worked_on": today}),
        "status": f.StatusForm(),
    }
    base.update(forms)
    return {
        "volunteer": volunteer,
        "forms": base,
        "gaps": selectors.screening_gaps(volunteer, today),
        "blockers": selectors.matching_blockers(volunteer, today),
        "clearance": selectors.current_clearance(volunteer, today),
        "references": list(volunteer.references.all()),
        "check_forms": [
            (ref, f.ReferenceCheckForm(initial={"reference_id": ref.pk}))
            for ref in volunteer.references.all()
        ],
        "languages": labels("languages", volunteer.languages),
        "availability": labels("volunteer_availability", volunteer.availability),
        "interests": labels("interests", volunteer.interests),
        "role_label": label("volunteer_roles", volunteer.role_wanted),
        "training_hours": selectors.training_hours(volunteer),
        "hours_total": selectors.volunteer_hours(volunteer),
        "matches": volunteer.matches.select_related("household").order_by("-created_at"),
    }


@login_required
def volunteer_detail(request: HttpRequest, volunteer_ref: str) -> HttpResponse:
    volunteer = access_volunteer(user=request.user, reference=volunteer_ref)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=volunteer,
        organisation_id=volunteer.organisation_id,
    )
    return render(request, "connections/volunteer_detail.html", _detail_context(volunteer))


def _reference_of(volunteer: Volunteer, form: f.ReferenceCheckForm) -> VolunteerReference:
    ref = volunteer.references.filter(pk=form.cleaned_data["reference_id"]).first()
    if ref is None:
        raise ValidationError(_("Unknown reference."))
    return ref


STEPS: dict[str, tuple[type[Any], Callable[..., Any]]] = {
    "interview": (f.InterviewForm, services.interview_record),
    "reference": (f.ReferenceForm, services.reference_add),
    "clearance": (f.ClearanceForm, services.clearance_record),
    "training": (f.TrainingForm, services.training_record),
    "agreements": (f.AgreementsForm, services.agreements_sign),
    "session": (f.SessionForm, services.session_record),
    "hours": (f.HoursForm, services.hours_log),
    "status": (f.StatusForm, services.volunteer_set_status),
}


@login_required
@require_POST
def volunteer_step(request: HttpRequest, volunteer_ref: str, volunteer_step: str) -> HttpResponse:
    """One screening, training, supervision, hours or status form of the pipeline."""
    volunteer = access_volunteer(user=request.user, reference=volunteer_ref)
    if volunteer_step == "reference_check":
        check = f.ReferenceCheckForm(request.POST)
        done = call_service(
            check,
            lambda: services.reference_check(
                actor=request.user,
                reference=_reference_of(volunteer, check),
                satisfactory=check.cleaned_data["satisfactory"],
            ),
        )
        if done:
            messages.success(request, _("Saved."))
            return redirect("connections:volunteer_detail", volunteer_ref=volunteer.reference)
        messages.error(
            request, "; ".join(str(e) for e in check.non_field_errors()) or _("Check the form.")
        )
        return redirect("connections:volunteer_detail", volunteer_ref=volunteer.reference)
    if volunteer_step not in STEPS:
        raise Http404
    form_class, call = STEPS[volunteer_step]
    form = form_class(request.POST)
    if call_service(
        form, lambda: call(actor=request.user, volunteer=volunteer, **form.cleaned_data)
    ):
        messages.success(request, _("Saved."))
        return redirect("connections:volunteer_detail", volunteer_ref=volunteer.reference)
    volunteer.refresh_from_db()
    return render(
        request,
        "connections/volunteer_detail.html",
        _detail_context(volunteer, **{volunteer_step: form}),
    )


@login_required
@require_POST
def volunteer_clear(request: HttpRequest, volunteer_ref: str) -> HttpResponse:
    """Clear the volunteer and create their account; the one-time password is shown on
    this response only."""
    volunteer = access_volunteer(user=request.user, reference=volunteer_ref)
    try:
        volunteer, username, password = services.volunteer_clear(
            actor=request.user, volunteer=volunteer
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("connections:volunteer_detail", volunteer_ref=volunteer.reference)
    response = render(
        request,
        "connections/cleared.html",
        {"volunteer": volunteer, "username": username, "password": password},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def certificate(request: HttpRequest, volunteer_ref: str) -> HttpResponse:
    volunteer = access_volunteer(user=request.user, reference=volunteer_ref)
    return _certificate(request, volunteer)


def _certificate(request: HttpRequest, volunteer: Volunteer) -> HttpResponse:
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=volunteer,
        organisation_id=volunteer.organisation_id,
        detail={"document": "certificate"},
    )
    trainings = [
        (label("volunteer_training_modules", t.module), t.hours, t.completed_on)
        for t in volunteer.trainings.all()
    ]
    return pdf.pdf_response(
        "connections/certificate_print.html",
        {
            "volunteer": volunteer,
            "trainings": trainings,
            "training_hours": selectors.training_hours(volunteer),
            "hours_total": selectors.volunteer_hours(volunteer),
            "role_label": label("volunteer_roles", volunteer.role_wanted),
            "today": _today(),
        },
        f"certificate-{volunteer.reference}.pdf",
        request,
    )


@login_required
def oversight(request: HttpRequest) -> HttpResponse:
    orgs = require_manager(request.user)
    return render(
        request,
        "connections/oversight.html",
        {
            "loads": selectors.loads(orgs, _today()),
            "limit": selectors.weekly_hour_limit(),
            "expiring": selectors.expiring_clearances(orgs, _today()),
        },
    )


@login_required
def insurance(request: HttpRequest) -> HttpResponse:
    orgs = require_manager(request.user)
    organisation = Organisation.objects.filter(pk__in=orgs).order_by("name").first()
    assert organisation is not None
    form = f.InsuranceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        ref = data.pop("volunteer", "").strip()
        volunteer = None
        if ref:
            volunteer = Volunteer.objects.filter(reference=ref, organisation_id__in=orgs).first()
            if volunteer is None:
                form.add_error("volunteer", _("No volunteer with this reference."))
        if not form.errors:
            org = volunteer.organisation if volunteer else organisation
            if call_service(
                form,
                lambda: services.insurance_record(
                    actor=request.user, organisation=org, volunteer=volunteer, **data
                ),
            ):
                messages.success(request, _("Saved."))
                return redirect("connections:insurance")
    return render(
        request,
        "connections/insurance.html",
        {
            "form": form,
            "policies": Insurance.objects.filter(organisation_id__in=orgs).select_related(
                "volunteer", "organisation"
            ),
            "today": _today(),
        },
    )


REASONS = {
    "language": lambda v: _("Common language: %s") % ", ".join(labels("languages", v.split(","))),
    "wished_language": lambda v: (
        _("Speaks the language the family asked for: %s")
        % ", ".join(labels("languages", v.split(",")))
    ),
    "same_place": lambda v: _("Lives in the same place: %s") % _place_name(v),
    "same_area": lambda v: _("Lives in the same area: %s") % _place_name(v),
    "interests": lambda v: _("Shared interests: %s") % ", ".join(labels("interests", v.split(","))),
    "children": lambda v: _("Likes children's activities; the family has %s children") % v,
    "availability": lambda v: _("Available evenings or weekends"),
    "interpreter": lambda v: _("Can help with the language the family needs"),
    "wants_buddy": lambda v: _("The family asked for a buddy"),
    "mentor_sex": lambda v: (
        _("The family's wish for the mentor's sex is met: %s") % label("sexes", v)
    ),
}


def _place_name(value: str) -> str:
    place = Place.objects.filter(pk=int(value)).first() if value.isdigit() else None
    return place.name if place else "?"


def reason_texts(match: Match) -> list[str]:
    return [REASONS[code](value) for code, value in match.reasons if code in REASONS]


@login_required
def matches(request: HttpRequest) -> HttpResponse:
    orgs = require_manager(request.user)
    rows = list(selectors.matches_of(orgs).exclude(status=MatchStatus.DECLINED)[:300])
    return render(
        request,
        "connections/matches.html",
        {
            "rows": [
                (
                    m,
                    reason_texts(m),
                    labels("languages", m.household.languages),
                    f.ApproveForm(),
                    f.IntroduceForm(),
                )
                for m in rows
            ],
            "organisations": Organisation.objects.filter(pk__in=orgs).order_by("name"),
        },
    )


@login_required
@require_POST
def matches_suggest(request: HttpRequest) -> HttpResponse:
    orgs = require_manager(request.user)
    count = 0
    for organisation in Organisation.objects.filter(pk__in=orgs):
        count += len(services.matches_suggest(actor=request.user, organisation=organisation))
    messages.success(request, _("%(count)d suggestions.") % {"count": count})
    return redirect("connections:matches")


@login_required
@require_POST
def match_action(request: HttpRequest, match_id: int, match_action: str) -> HttpResponse:
    match = access_match(user=request.user, match_id=match_id)
    actions: dict[str, tuple[type[Any] | None, Callable[..., Any]]] = {
        "approve": (f.ApproveForm, services.match_approve),
        "introduce": (f.IntroduceForm, services.match_introduce),
        "decline": (None, services.match_decline),
        "end": (None, services.match_end),
    }
    if match_action not in actions:
        raise Http404
    form_class, service = actions[match_action]
    form: Any = form_class(request.POST) if form_class else None

    def call() -> object:
        data = form.cleaned_data if form is not None else {}
        return service(actor=request.user, match=match, **data)

    if form is not None:
        done = call_service(form, call)
        problems = [str(e) for errors in form.errors.values() for e in errors]
    else:
        try:
            call()
            done, problems = True, []
        except (ValidationError, PermissionDenied) as error:
            done = False
            problems = list(getattr(error, "messages", [str(error)]))
    if done:
        messages.success(request, _("Saved."))
        return redirect("connections:matches")
    messages.error(request, " ".join(problems) or _("Check the form."))
    return redirect("connections:matches")


# The volunteer's own pages -----------------------------------------------------------


@login_required
def my_volunteering(request: HttpRequest) -> HttpResponse:
    volunteer = own_volunteer(request.user)
    form = f.HoursForm(request.POST or None, initial={"worked_on": _today()})
    if request.method == "POST" and call_service(
        form,
        lambda: services.hours_log(actor=request.user, volunteer=volunteer, **form.cleaned_data),
    ):
        messages.success(request, _("Your hours are logged. Thank you."))
        return redirect("connections:my_volunteering")
    return render(
        request,
        "connections/my_volunteering.html",
        {
            "volunteer": volunteer,
            "form": form,
            "trainings": [
                (label("volunteer_training_modules", t.module), t.hours, t.completed_on)
                for t in volunteer.trainings.all()
            ],
            "hours": volunteer.hours.all()[:20],
            "hours_total": selectors.volunteer_hours(volunteer),
            "matches": selectors.own_matches(volunteer),
            "blockers": selectors.matching_blockers(volunteer, _today()),
        },
    )


@login_required
def my_certificate(request: HttpRequest) -> HttpResponse:
    return _certificate(request, own_volunteer(request.user))


def add_errors(form: Any, error: ValidationError) -> None:  # re-export for templates' tests
    add_service_errors(form, error)
