"""Assessment pages. Views parse input, pass through an access gate, call one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.accounts.permissions import has_any
from welcomehub.core.audit import audit_reads
from welcomehub.core.forms import call_service
from welcomehub.core.models import AuditAction
from welcomehub.outcomes import selectors, services
from welcomehub.outcomes.charts import progress_svg
from welcomehub.outcomes.forms import (
    AssessmentForm,
    LifeEventForm,
    language_choices,
    question_language,
)
from welcomehub.people.access import access_person, caseload
from welcomehub.people.selectors import consent_is_active

PERMISSION = "assessment.record"


@login_required
def assessment_record(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person(user=request.user, person_id=person_id, permission=PERMISSION)
    language = question_language(request.POST.get("language"), request.GET.get("language"))
    form = AssessmentForm(
        request.POST or None, questions=selectors.questions(), question_language=language
    )
    if request.method == "POST" and call_service(
        form,
        lambda: services.assessment_record(
            actor=request.user, person=person, answers=form.answers(), **form.details()
        ),
    ):
        messages.success(request, _("The assessment was recorded."))
        return redirect("outcomes:person_progress", person_id=person.pk)
    return render(
        request,
        "outcomes/assessment_form.html",
        {
            "person": person,
            "form": form,
            "has_consent": consent_is_active(person=person, purpose=services.CONSENT_PURPOSE),
            "question_languages": language_choices(),
        },
    )


@login_required
def person_progress(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person(user=request.user, person_id=person_id, permission=PERMISSION)
    rows = selectors.person_progress(person)
    assessments = list(selectors.person_assessments(person))
    audit_reads(
        actor=request.user,
        objects=assessments,
        organisation_of=lambda _a: person.household.organisation_id,
    )
    return render(
        request,
        "outcomes/person_progress.html",
        {
            "person": person,
            "rows": rows,
            "chart": progress_svg(rows),
            "assessments": assessments,
        },
    )


@login_required
def missing_baselines(request: HttpRequest) -> HttpResponse:
    if not has_any(request.user, PERMISSION):
        raise Http404
    alerts = selectors.missing_baselines(
        caseload(request.user, PERMISSION), today=timezone.localdate()
    )
    audit_reads(
        actor=request.user,
        objects=[alert.household for alert in alerts],
        organisation_of=lambda h: h.organisation_id,
        action=AuditAction.LIST,
    )
    return render(request, "outcomes/missing_baselines.html", {"alerts": alerts})


@login_required
def life_event_record(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person(user=request.user, person_id=person_id, permission=PERMISSION)
    form = LifeEventForm(request.POST or None)
    if request.method == "POST" and call_service(
        form,
        lambda: services.life_event_record(actor=request.user, person=person, **form.cleaned_data),
    ):
        messages.success(request, _("The event was noted: an assessment at this event is due."))
        return redirect("outcomes:person_progress", person_id=person.pk)
    return render(request, "outcomes/life_event_form.html", {"person": person, "form": form})


@login_required
def followups_due(request: HttpRequest) -> HttpResponse:
    if not has_any(request.user, PERMISSION):
        raise Http404
    due = selectors.followups_due(caseload(request.user, PERMISSION), today=timezone.localdate())
    audit_reads(
        actor=request.user,
        objects=[item.person for item in due],
        organisation_of=lambda p: p.household.organisation_id,
        action=AuditAction.LIST,
    )
    return render(request, "outcomes/followups_due.html", {"due": due})
