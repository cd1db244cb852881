"""The refugee portal: sign in with a code, then the family's own plan, questions,
preferences, data and consents, on a phone screen. Every page reaches only the
household of the signed-in person (access_own_* gates)."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from welcomehub.accounts.permissions import has_any
from welcomehub.core.audit import audit_reads
from welcomehub.core.forms import call_service
from welcomehub.outcomes import selectors as outcomes_selectors
from welcomehub.outcomes import services as outcomes_services
from welcomehub.outcomes.forms import SelfAssessmentForm, active_language
from welcomehub.people import plans, preferences, selectors
from welcomehub.people.access import (
    access_own_goal,
    access_own_household,
    access_own_plan,
    access_own_step,
)
from welcomehub.people.acting import own_person
from welcomehub.people.export import household_data_export
from welcomehub.people.forms_plans import CodeSignInForm, PreferencesForm, ProgressForm
from welcomehub.people.models import Household, Person
from welcomehub.people.portal import AXES_USERNAME
from welcomehub.people.summary import summary_context, summary_pdf

BACKEND = "welcomehub.people.backends.PortalCodeBackend"
EDIT = "own_plan.edit"


def _with_language(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def code_login(request: HttpRequest) -> HttpResponse:
    """Sign in with the code from the caseworker; the link carries the family's language."""
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        language = ""
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language
    initial = {"password": request.GET.get("code", "")[:20]}
    form = CodeSignInForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=AXES_USERNAME, portal_code=form.cleaned_data["password"]
        )
        if user is not None:
            login(request, user, backend=BACKEND)
            chosen = getattr(user, "portal_language", "") or translation.get_language()
            return _with_language(redirect("people:my_household"), chosen)
        form.add_error(
            "password",
            _("This code does not work. It may be mistyped, used or expired: ask your caseworker."),
        )
    response = render(request, "people/code_login.html", {"form": form})
    return _with_language(response, language) if language else response


def _own(request: HttpRequest, permission: str = "own_household.view") -> tuple[Household, Person]:
    household = access_own_household(user=request.user)
    person = own_person(request.user)
    if person is None or not has_any(request.user, permission):
        raise Http404
    return household, person


@login_required
def my_household(request: HttpRequest) -> HttpResponse:
    household, _person = _own(request)
    members = list(selectors.household_members(household))
    audit_reads(
        actor=request.user, objects=members, organisation_of=lambda _p: household.organisation_id
    )
    return render(
        request,
        "people/my_household.html",
        {
            "household": household,
            "members": members,
            "next_steps": selectors.next_steps(household),
            "plans": selectors.household_plans(household),
            "may_edit": has_any(request.user, EDIT),
        },
    )


@login_required
def my_plan(request: HttpRequest) -> HttpResponse:
    household, _person = _own(request)
    found = selectors.household_plans(household)
    audit_reads(
        actor=request.user, objects=found, organisation_of=lambda _p: household.organisation_id
    )
    return render(
        request,
        "people/my_plan.html",
        {"household": household, "plans": found, "may_edit": has_any(request.user, EDIT)},
    )


def _progress_page(request: HttpRequest, goal: object, step: object | None) -> HttpResponse:
    form = ProgressForm(request.POST or None)
    if request.method == "POST" and call_service(
        form,
        lambda: plans.progress_record(
            actor=request.user,
            goal=goal,  # type: ignore[arg-type]
            step=step,  # type: ignore[arg-type]
            **form.cleaned_data,
        ),
    ):
        messages.success(request, _("Thank you. Your caseworker will see this update."))
        return redirect("people:my_plan")
    return render(request, "people/my_update.html", {"form": form, "goal": goal, "step": step})


@login_required
def my_goal_update(request: HttpRequest, plan_goal_id: int) -> HttpResponse:
    goal = access_own_goal(user=request.user, goal_id=plan_goal_id)
    return _progress_page(request, goal, None)


@login_required
def my_step_update(request: HttpRequest, plan_step_id: int) -> HttpResponse:
    step = access_own_step(user=request.user, step_id=plan_step_id)
    return _progress_page(request, step.goal, step)


@login_required
@require_POST
def my_plan_confirm(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access_own_plan(user=request.user, plan_id=plan_id)
    try:
        plans.plan_confirm(actor=request.user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: you confirmed that you made this plan together."))
    return redirect("people:my_plan")


@login_required
def my_preferences(request: HttpRequest) -> HttpResponse:
    household, _person = _own(request, EDIT)
    current = selectors.household_preferences(household)
    form = PreferencesForm(
        request.POST or None, household=household, initial=PreferencesForm.initial_from(current)
    )
    if request.method == "POST" and call_service(
        form,
        lambda: preferences.preferences_set(
            actor=request.user, household=household, **form.service_arguments()
        ),
    ):
        messages.success(request, _("Your preferences were saved. Your caseworker will see them."))
        return redirect("people:my_household")
    return render(request, "people/my_preferences.html", {"form": form, "household": household})


@login_required
def my_assessment(request: HttpRequest) -> HttpResponse:
    _household, person = _own(request, EDIT)
    form = SelfAssessmentForm(
        request.POST or None,
        questions=outcomes_selectors.questions(),
        question_language=active_language(),
    )
    if request.method == "POST" and call_service(
        form,
        lambda: outcomes_services.assessment_self_record(
            actor=request.user,
            person=person,
            language=form.question_language,
            answers=form.answers(),
        ),
    ):
        messages.success(request, _("Thank you. Your answers were saved."))
        return redirect("people:my_household")
    return render(request, "people/my_assessment.html", {"form": form, "person": person})


@login_required
def my_summary(request: HttpRequest) -> HttpResponse:
    household, _person = _own(request)
    context = summary_context(request.user, household)
    return render(request, "people/summary.html", {**context, "own": True})


@login_required
def my_summary_download(request: HttpRequest) -> HttpResponse:
    household, _person = _own(request)
    return summary_pdf(request, household)


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything recorded about the family, as a JSON file to keep."""
    household, _person = _own(request)
    data = household_data_export(actor=request.user, household=household)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="my-data-{household.reference}.json"'
    response["Cache-Control"] = "no-store"
    return response
