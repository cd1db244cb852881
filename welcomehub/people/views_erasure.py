"""A data subject's export and erasure, handled by the household's caseworker (issue 9,
docs/dpia.md). Views parse input, pass through an access gate, call one service.

The erasure pages show what will be blanked (the preview follows the same walk as the
erasure, core/retention.py) and ask for a reason and the household reference typed again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from welcomehub.core import retention
from welcomehub.core.forms import StyledForm, call_service
from welcomehub.people.access import access_household, access_person
from welcomehub.people.export import household_data_export
from welcomehub.people.models import Household

REASON_LABELS = {
    "data_subject_request": gettext_lazy("The person asked for their data to be erased"),
    "retention": gettext_lazy("The retention period has ended (the case is closed)"),
    "consent_withdrawn": gettext_lazy("Consent was withdrawn and nothing else allows keeping it"),
}
# Readable names of the kinds of record an erasure reaches; a kind added later by another
# app shows its model's own name until it is named here.
KINDS = {
    "people.household": gettext_lazy("Household record"),
    "people.person": gettext_lazy("Members"),
    "people.consent": gettext_lazy("Consents in force"),
    "people.portalinvitation": gettext_lazy("Family portal sign-in codes"),
    "accounts.user": gettext_lazy("Family portal accounts"),
    "people.householdpreferences": gettext_lazy("The family's preferences"),
    "people.goal": gettext_lazy("Plan goals"),
    "people.step": gettext_lazy("Plan steps"),
    "people.progressnote": gettext_lazy("Progress notes"),
    "programmes.referral": gettext_lazy("Referrals"),
    "placement.recommendation": gettext_lazy("Placement recommendations"),
    "placement.pairrule": gettext_lazy("Placement pair rules"),
    "community.eventregistration": gettext_lazy("Event registrations"),
    "sponsorship.checkin": gettext_lazy("Sponsorship check-ins"),
    "sponsorship.escalation": gettext_lazy("Sponsorship escalations"),
    "sponsorship.planitem": gettext_lazy("Sponsorship plan items"),
}
# Kinds an erasure does not blank field by field.
EFFECTS = {
    "people.consent": pgettext_lazy("what an erasure does to consents", "withdrawn"),
    "people.portalinvitation": gettext_lazy("deleted"),
    "accounts.user": gettext_lazy("disabled, name and e-mail removed"),
}


class ErasureForm(StyledForm):
    reason = forms.ChoiceField(
        label=gettext_lazy("Why the data is erased"),
        choices=[(code, REASON_LABELS[code]) for code in retention.REASONS],
        widget=forms.RadioSelect,
    )
    confirm = forms.CharField(
        label=gettext_lazy("Type the household reference to confirm"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, reference: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reference = reference
        self.fields["reason"].widget.attrs["class"] = "form-check-input"

    def clean_confirm(self) -> str:
        typed = str(self.cleaned_data["confirm"]).strip()
        if typed.upper() != self.reference.upper():
            raise forms.ValidationError(
                _("Type the household reference %(reference)s exactly: nothing was erased.")
                % {"reference": self.reference}
            )
        return typed


def _posted(request: HttpRequest) -> Any:
    """The form's data: an empty POST is bound too, so it is answered with errors."""
    return request.POST if request.method == "POST" else None


def _kinds(rows: dict[str, int]) -> list[dict[str, Any]]:
    """The preview as table rows: a readable kind, the count and what happens to it."""
    found = []
    for label, count in rows.items():
        model = apps.get_model(label)
        if label in EFFECTS:
            effect = str(EFFECTS[label])
        else:
            names = [
                str(model._meta.get_field(name).verbose_name)
                for name in retention.erased_fields(label)
            ]
            effect = _("blanked: %(fields)s") % {"fields": ", ".join(names)}
        found.append(
            {
                "label": label,
                "name": KINDS.get(label) or capfirst(model._meta.verbose_name_plural),
                "count": count,
                "effect": effect,
            }
        )
    return found


def _page(
    request: HttpRequest, household: Household, form: ErasureForm, target: Any, person: Any
) -> HttpResponse:
    return render(
        request,
        "people/erase.html",
        {
            "household": household,
            "person": person,
            "form": form,
            "kinds": _kinds(retention.erasure_preview(target)),
        },
    )


def _erase(
    request: HttpRequest,
    household: Household,
    target: Any,
    erase: Callable[[str], Any],
    done: str,
) -> HttpResponse:
    """The erasure page of a household or one member (`target`): the preview, then on a
    valid POST the service with the reason chosen, and back to the caseload."""
    form = ErasureForm(_posted(request), reference=household.reference)
    if request.method == "POST" and call_service(form, lambda: erase(form.cleaned_data["reason"])):
        messages.success(request, done)
        return redirect("people:household_list")
    person = None if target is household else target
    return _page(request, household, form, target, person)


@login_required
def household_erase(request: HttpRequest, erasure_reference: str) -> HttpResponse:
    household = access_household(
        user=request.user, reference=erasure_reference, permission=retention.ERASE_PERMISSION
    )
    return _erase(
        request,
        household,
        household,
        lambda reason: retention.household_erase(
            actor=request.user, household=household, reason=reason
        ),
        _("The personal data of household %(reference)s and its members was erased.")
        % {"reference": household.reference},
    )


@login_required
def person_erase(request: HttpRequest, erasure_person_id: int) -> HttpResponse:
    person = access_person(
        user=request.user, person_id=erasure_person_id, permission=retention.ERASE_PERMISSION
    )
    household = person.household
    return _erase(
        request,
        household,
        person,
        lambda reason: retention.person_erase(actor=request.user, person=person, reason=reason),
        _("The personal data of a member of household %(reference)s was erased.")
        % {"reference": household.reference},
    )


@login_required
def household_data(request: HttpRequest, reference: str) -> HttpResponse:
    """A subject access request handled by the caseworker: the same file the family
    downloads from the portal (my/data.json), audited as an export."""
    household = access_household(user=request.user, reference=reference)
    data = household_data_export(actor=request.user, household=household)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="household-{household.reference}.json"'
    response["Cache-Control"] = "no-store"
    return response
