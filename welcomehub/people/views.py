"""Caseload pages. Views parse input, pass through an access gate, call one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from welcomehub.accounts.models import Organisation
from welcomehub.accounts.permissions import has_any, has_perm, organisations_with
from welcomehub.core import taxonomy
from welcomehub.core.audit import audit_reads
from welcomehub.core.forms import add_service_errors, call_service
from welcomehub.core.models import AuditAction
from welcomehub.people import selectors, services
from welcomehub.people.access import (
    access_consent,
    access_household,
    access_own_consent,
    access_person,
    caseload,
)
from welcomehub.people.forms import ConsentForm, HouseholdCreateForm, HouseholdForm, PersonForm
from welcomehub.people.models import Household, Person
from welcomehub.programmes.access import programmes_for


@login_required
def household_list(request: HttpRequest) -> HttpResponse:
    if not has_any(request.user, "household.view"):
        raise Http404
    status = request.GET.get("status", "")
    if status and not taxonomy.is_code("household_statuses", status):
        status = ""
    households = selectors.household_list(
        caseload(request.user), status=status, reference=request.GET.get("q", "")[:20]
    )
    page = Paginator(households, 25).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    audit_reads(
        actor=request.user,
        objects=shown,
        organisation_of=lambda h: h.organisation_id,
        action=AuditAction.LIST,
    )
    # Each row names its head of household: that is a read of the head's personal data.
    audit_reads(
        actor=request.user,
        objects=_named_members(shown),
        organisation_of=lambda p: p.household.organisation_id,
        action=AuditAction.LIST,
    )
    return render(
        request,
        "people/household_list.html",
        {
            "page": page,
            "status": status,
            "statuses": taxonomy.choices("household_statuses"),
            "may_create": has_any(request.user, "household.edit"),
        },
    )


def _named_members(households: list[Household]) -> list[Person]:
    """The member each row of the list shows: the head, else the first member recorded."""
    return [members[0] for members in (list(h.members.all()) for h in households) if members]


@login_required
def household_create(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.filter(
        pk__in=organisations_with(request.user, "household.edit")
    )
    if not organisations.exists():
        raise Http404
    form = HouseholdCreateForm(
        request.POST or None, organisations=organisations, programmes=programmes_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            household = services.household_create(
                actor=request.user,
                organisation=data.pop("organisation"),
                programme=data.pop("programme"),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The household was registered. Add its members now."))
            return redirect("people:household_detail", reference=household.reference)
    return render(request, "people/household_form.html", {"form": form, "household": None})


@login_required
def household_detail(request: HttpRequest, reference: str) -> HttpResponse:
    household = access_household(user=request.user, reference=reference)
    members = list(selectors.household_members(household))
    audit_reads(
        actor=request.user, objects=members, organisation_of=lambda _p: household.organisation_id
    )
    org = household.organisation_id
    return render(
        request,
        "people/household_detail.html",
        {
            "household": household,
            "members": members,
            "may_edit": has_perm(request.user, "household.edit", org),
            "may_consent": has_perm(request.user, "consent.manage", org),
            "may_assess": has_perm(request.user, "assessment.record", org),
            "may_plan": has_perm(request.user, "plan.edit", org),
            "family_activity": selectors.family_activity(household),
            "preferences": selectors.household_preferences(household),
        },
    )


@login_required
def household_edit(request: HttpRequest, reference: str) -> HttpResponse:
    household = access_household(
        user=request.user, reference=reference, permission="household.edit"
    )
    places = household.programme.places.order_by("name")
    form = HouseholdForm(
        request.POST or None, places=places, initial=HouseholdForm.initial_from(household)
    )
    if request.method == "POST" and call_service(
        form,
        lambda: services.household_update(
            actor=request.user, household=household, **form.cleaned_data
        ),
    ):
        messages.success(request, _("The household was updated."))
        return redirect("people:household_detail", reference=household.reference)
    return render(request, "people/household_form.html", {"form": form, "household": household})


@login_required
def person_create(request: HttpRequest, reference: str) -> HttpResponse:
    household = access_household(
        user=request.user, reference=reference, permission="household.edit"
    )
    form = PersonForm(request.POST or None)
    if request.method == "POST" and call_service(
        form,
        lambda: services.person_create(
            actor=request.user, household=household, **form.cleaned_data
        ),
    ):
        messages.success(request, _("The member was added."))
        return redirect("people:household_detail", reference=household.reference)
    return render(
        request, "people/person_form.html", {"form": form, "household": household, "person": None}
    )


@login_required
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person(user=request.user, person_id=person_id, permission="household.edit")
    initial = {name: getattr(person, name) for name in services.PERSON_FIELDS}
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and call_service(
        form, lambda: services.person_update(actor=request.user, person=person, **form.cleaned_data)
    ):
        messages.success(request, _("The member was updated."))
        return redirect("people:household_detail", reference=person.household.reference)
    return render(
        request,
        "people/person_form.html",
        {"form": form, "household": person.household, "person": person},
    )


@login_required
def consent_create(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person(user=request.user, person_id=person_id, permission="consent.manage")
    form = ConsentForm(request.POST or None, household=person.household)
    if request.method == "POST" and call_service(
        form,
        lambda: services.consent_record(actor=request.user, person=person, **form.cleaned_data),
    ):
        messages.success(request, _("The consent was recorded."))
        return redirect("people:household_detail", reference=person.household.reference)
    return render(request, "people/consent_form.html", {"form": form, "person": person})


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, consent_id: int) -> HttpResponse:
    consent = access_consent(user=request.user, consent_id=consent_id)
    try:
        services.consent_withdraw(actor=request.user, consent=consent)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The consent was withdrawn. It no longer allows any use."))
    return redirect("people:household_detail", reference=consent.person.household.reference)


@login_required
@require_POST
def my_consent_withdraw(request: HttpRequest, consent_id: int) -> HttpResponse:
    consent = access_own_consent(user=request.user, consent_id=consent_id)
    try:
        services.consent_withdraw(actor=request.user, consent=consent)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your consent was withdrawn."))
    return redirect("people:my_household")
