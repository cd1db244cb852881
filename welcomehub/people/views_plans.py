"""Caseworker pages of integration plans, preferences, the printable summary and the
portal invitation. Views parse input, pass through an access gate, call one service."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_POST

from welcomehub.core.forms import call_service
from welcomehub.people import plans, portal, preferences, selectors
from welcomehub.people.access import (
    access_goal,
    access_household,
    access_invitation,
    access_person,
    access_plan,
    access_step,
)
from welcomehub.people.forms_plans import (
    ConfirmForm,
    GoalForm,
    InviteForm,
    PlanOpenForm,
    PreferencesForm,
    ProgressForm,
    StepForm,
    adults_of,
)
from welcomehub.people.models import Goal, IntegrationPlan
from welcomehub.people.summary import summary_context, summary_pdf

EDIT = "plan.edit"


def _to_plan(plan: IntegrationPlan) -> HttpResponse:
    return redirect("people:plan_detail", plan_id=plan.pk)


@login_required
def plan_overview(request: HttpRequest, reference: str) -> HttpResponse:
    household = access_household(user=request.user, reference=reference, permission=EDIT)
    form = PlanOpenForm(request.POST or None, household=household)
    opened: list[IntegrationPlan] = []
    if request.method == "POST" and call_service(
        form,
        lambda: opened.append(
            plans.plan_open(
                actor=request.user, household=household, person=form.cleaned_data["person"]
            )
        ),
    ):
        return _to_plan(opened[0])
    return render(
        request,
        "people/plan_overview.html",
        {"household": household, "plans": selectors.household_plans(household), "form": form},
    )


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access_plan(user=request.user, plan_id=plan_id)
    [full] = [p for p in selectors.household_plans(plan.household) if p.pk == plan.pk]
    return render(
        request,
        "people/plan_detail.html",
        {"plan": full, "household": plan.household, "progress_form": ProgressForm()},
    )


@login_required
def goal_create(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access_plan(user=request.user, plan_id=plan_id)
    form = GoalForm(request.POST or None, initial={"status": "planned"})
    if request.method == "POST" and call_service(
        form, lambda: plans.goal_add(actor=request.user, plan=plan, **form.cleaned_data)
    ):
        messages.success(request, _("The goal was added. Confirm the plan with the family."))
        return _to_plan(plan)
    return render(request, "people/plan_form.html", {"form": form, "plan": plan, "what": "goal"})


@login_required
def goal_edit(request: HttpRequest, plan_goal_id: int) -> HttpResponse:
    goal = access_goal(user=request.user, goal_id=plan_goal_id)
    initial = {"domain": goal.domain, "description": goal.description, "status": goal.status}
    form = GoalForm(request.POST or None, initial=initial)
    if request.method == "POST" and call_service(
        form, lambda: plans.goal_update(actor=request.user, goal=goal, **form.cleaned_data)
    ):
        messages.success(request, _("The goal was updated."))
        return _to_plan(goal.plan)
    return render(
        request, "people/plan_form.html", {"form": form, "plan": goal.plan, "what": "goal"}
    )


@login_required
def step_create(request: HttpRequest, plan_goal_id: int) -> HttpResponse:
    goal = access_goal(user=request.user, goal_id=plan_goal_id)
    form = StepForm(request.POST or None, initial={"status": "planned", "owner": "refugee"})
    if request.method == "POST" and call_service(
        form, lambda: plans.step_add(actor=request.user, goal=goal, **form.cleaned_data)
    ):
        messages.success(request, _("The step was added."))
        return _to_plan(goal.plan)
    return render(
        request,
        "people/plan_form.html",
        {"form": form, "plan": goal.plan, "goal": goal, "what": "step"},
    )


@login_required
def step_edit(request: HttpRequest, plan_step_id: int) -> HttpResponse:
    step = access_step(user=request.user, step_id=plan_step_id)
    initial = {
        "description": step.description,
        "owner": step.owner,
        "due_date": step.due_date,
        "status": step.status,
    }
    form = StepForm(request.POST or None, initial=initial)
    if request.method == "POST" and call_service(
        form, lambda: plans.step_update(actor=request.user, step=step, **form.cleaned_data)
    ):
        messages.success(request, _("The step was updated."))
        return _to_plan(step.goal.plan)
    return render(
        request,
        "people/plan_form.html",
        {"form": form, "plan": step.goal.plan, "goal": step.goal, "what": "step"},
    )


@login_required
@require_POST
def progress_add(request: HttpRequest, plan_goal_id: int) -> HttpResponse:
    goal: Goal = access_goal(user=request.user, goal_id=plan_goal_id)
    form = ProgressForm(request.POST)
    if call_service(
        form, lambda: plans.progress_record(actor=request.user, goal=goal, **form.cleaned_data)
    ):
        messages.success(request, _("The progress note was saved."))
    else:
        messages.error(
            request, " ".join(str(e) for e in form.non_field_errors()) or _("Check the note.")
        )
    return _to_plan(goal.plan)


@login_required
def plan_confirm(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = access_plan(user=request.user, plan_id=plan_id)
    form = ConfirmForm(request.POST or None, adults=adults_of(plan.household))
    if request.method == "POST" and call_service(
        form,
        lambda: plans.plan_confirm(
            actor=request.user, plan=plan, person=form.cleaned_data["person"]
        ),
    ):
        messages.success(request, _("The plan is confirmed: you made it together."))
        return _to_plan(plan)
    return render(request, "people/plan_confirm.html", {"form": form, "plan": plan})


@login_required
def preferences_edit(request: HttpRequest, reference: str) -> HttpResponse:
    household = access_household(
        user=request.user, reference=reference, permission="household.edit"
    )
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
        messages.success(request, _("The family's preferences were saved."))
        return redirect("people:household_detail", reference=household.reference)
    return render(request, "people/preferences_form.html", {"form": form, "household": household})


@login_required
def summary(request: HttpRequest, reference: str) -> HttpResponse:
    household = access_household(user=request.user, reference=reference, permission=EDIT)
    context = summary_context(request.user, household)
    return render(request, "people/summary.html", context)


@login_required
def summary_download(request: HttpRequest, reference: str) -> HttpResponse:
    household = access_household(user=request.user, reference=reference, permission=EDIT)
    return summary_pdf(request, household)


@login_required
def person_summary(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person(user=request.user, person_id=person_id, permission=EDIT)
    context = summary_context(request.user, person.household, person)
    return render(request, "people/summary.html", context)


@login_required
def person_summary_download(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person(user=request.user, person_id=person_id, permission=EDIT)
    return summary_pdf(request, person.household, person)


@login_required
def portal_invite(request: HttpRequest, reference: str) -> HttpResponse:
    household = access_household(user=request.user, reference=reference, permission=EDIT)
    adults = adults_of(household)
    initial = {"language": getattr(request, "LANGUAGE_CODE", "en")}
    form = InviteForm(request.POST or None, adults=adults, initial=initial)
    made: list[tuple[object, str]] = []
    if request.method == "POST" and call_service(
        form,
        lambda: made.append(
            portal.portal_invite(
                actor=request.user,
                person=form.cleaned_data["person"],
                language=form.cleaned_data["language"],
            )
        ),
    ):
        invitation, code = made[0]
        return _invitation_page(request, household, invitation, code)
    return render(
        request,
        "people/portal_invite.html",
        {
            "form": form,
            "household": household,
            "has_adults": bool(adults),
            "invitations": selectors.open_invitations(household),
        },
    )


@login_required
@require_POST
def portal_revoke(request: HttpRequest, portal_invitation_id: int) -> HttpResponse:
    invitation = access_invitation(user=request.user, invitation_id=portal_invitation_id)
    try:
        portal.portal_revoke(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The code was withdrawn. It no longer opens the portal."))
    return redirect("people:portal_invite", reference=invitation.person.household.reference)


def _invitation_page(
    request: HttpRequest, household: object, invitation: object, code: str
) -> HttpResponse:
    """The code, its link and QR code, shown once: the page is not cached anywhere."""
    language = invitation.language  # type: ignore[attr-defined]
    query = urlencode({"code": portal.display_code(code), "lang": language})
    link = request.build_absolute_uri(reverse("people:code_login") + "?" + query)
    with override(language):
        message = _(
            "Welcome Hub: your sign-in code is %(code)s. Open %(link)s on your phone. "
            "The code works once, within %(days)s days."
        ) % {"code": portal.display_code(code), "link": link, "days": portal.CODE_VALID_DAYS}
    response = render(
        request,
        "people/portal_invitation.html",
        {
            "household": household,
            "invitation": invitation,
            "code": portal.display_code(code),
            "link": link,
            "qr": segno.make(link, error="m").svg_data_uri(scale=5),
            "sms": "sms:?" + urlencode({"body": message}),
            "whatsapp": "https://wa.me/?" + urlencode({"text": message}),
            "message": message,
            "message_dir": "rtl" if language in settings.LANGUAGES_BIDI else "ltr",
        },
    )
    response["Cache-Control"] = "no-store"
    return response
