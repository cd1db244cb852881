"""Forms of the sponsorship pages: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from welcomehub.core import taxonomy
from welcomehub.core.forms import StyledForm
from welcomehub.sponsorship.models import (
    BreakdownReason,
    CheckKind,
    ClosingTheme,
    Flag,
    GroupKind,
    Outcome,
    PlanArea,
    TrainingModule,
)

DATE = forms.DateInput(attrs={"type": "date"})


class GroupForm(StyledForm):
    name = forms.CharField(label=_("Name of the group"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of group"), choices=GroupKind.choices)
    model = forms.ChoiceField(label=_("Sponsorship model"))
    programme: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Programme"), queryset=None)
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Overseen by"), queryset=None
    )
    place: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Place"), queryset=None)
    languages = forms.MultipleChoiceField(label=_("Languages the group speaks"), required=False)
    supports = forms.MultipleChoiceField(label=_("Needs the group can support"), required=False)
    housing_persons = forms.IntegerField(label=_("People the housing can take"), min_value=1)
    households_capacity = forms.IntegerField(
        label=_("Households the group can sponsor at once"), min_value=1, initial=1
    )
    funds_available = forms.DecimalField(
        label=_("Funds available"), min_value=0, decimal_places=2, initial=0
    )

    def __init__(self, *args: Any, programmes: Any, organisations: Any, places: Any, **kw: Any):
        super().__init__(*args, **kw)
        self.set_choices("model", taxonomy.choices("sponsorship_models"))
        self.set_choices("languages", taxonomy.choices("languages"))
        self.set_choices("supports", taxonomy.choices("placement_needs"))
        self.set_queryset("programme", programmes)
        self.set_queryset("organisation", organisations)
        self.set_queryset("place", places)


class ConfirmForm(StyledForm):
    """A button without input (e.g. sign-off): the service decides and explains."""


class FundsForm(StyledForm):
    funds_available = forms.DecimalField(label=_("Funds available"), min_value=0, decimal_places=2)


class MemberForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    contact = forms.CharField(label=_("Phone or e-mail"), max_length=200, required=False)


class CheckForm(StyledForm):
    kind = forms.ChoiceField(label=_("Check"), choices=CheckKind.choices)
    issued_by = forms.CharField(label=_("Issued by"), max_length=200, required=False)
    reference = forms.CharField(label=_("Certificate number"), max_length=100, required=False)
    checked_on = forms.DateField(label=_("Checked on"), widget=DATE)
    expires_on = forms.DateField(label=_("Expires on"), widget=DATE, required=False)


class TrainingForm(StyledForm):
    module = forms.ChoiceField(label=_("Module"), choices=TrainingModule.choices)
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE)
    hours = forms.DecimalField(label=_("Hours"), min_value=0, decimal_places=1, initial=0)


class LinkForm(StyledForm):
    username = forms.CharField(label=_("User name of the sponsor account"), max_length=150)


class NamedRequestForm(StyledForm):
    names = forms.CharField(label=_("Names of the people named"), widget=forms.Textarea)
    case_number = forms.CharField(label=_("UNHCR or case number"), max_length=60, required=False)
    relationship = forms.CharField(label=_("Relationship to the group"), max_length=200)
    current_location = forms.CharField(label=_("Where they are now"), max_length=200)
    persons = forms.IntegerField(label=_("Number of people"), min_value=1)


class DecisionForm(StyledForm):
    additional = forms.BooleanField(
        label=_("Additional: the place adds to government resettlement, it does not replace one"),
        required=False,
    )
    protection_need = forms.BooleanField(
        label=_("Protection focus: the people named have a protection need"), required=False
    )
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("refuse", _("Refuse"))]
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea)


class ApproveForm(StyledForm):
    group = forms.IntegerField(widget=forms.HiddenInput)
    household = forms.CharField(widget=forms.HiddenInput, max_length=12)
    named_request = forms.IntegerField(widget=forms.HiddenInput, required=False)


class IntroduceForm(StyledForm):
    introduced_on = forms.DateField(label=_("Introduced on"), widget=DATE)
    arrival_date = forms.DateField(
        label=_("Arrival date (if not recorded on the household)"), widget=DATE, required=False
    )


class PlanItemForm(StyledForm):
    area = forms.ChoiceField(label=_("Area"), choices=PlanArea.choices)
    responsible = forms.CharField(label=_("Who"), max_length=200)
    actions = forms.CharField(label=_("What they do"), widget=forms.Textarea(attrs={"rows": 2}))
    monthly_amount = forms.DecimalField(
        label=_("Amount per month"), min_value=0, decimal_places=2, initial=0
    )
    months = forms.IntegerField(label=_("Months"), min_value=0, initial=0)


class CheckInForm(StyledForm):
    done_on = forms.DateField(label=_("Held on"), widget=DATE)
    notes = forms.CharField(
        label=_("Notes (no more personal detail than needed)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    flags = forms.MultipleChoiceField(
        label=_("Flags"), choices=Flag.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class EscalationForm(StyledForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=BreakdownReason.choices)
    occurred_on = forms.DateField(label=_("Broke down on"), widget=DATE)
    details = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    safety_net = forms.CharField(
        label=_("What the programme's safety net provides"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = areas
        for code, label in areas:
            self.fields[f"who_{code}"] = forms.CharField(
                label=_("%(area)s: taken over by") % {"area": label}, max_length=200
            )
            self.fields[f"from_{code}"] = forms.DateField(
                label=_("%(area)s: from") % {"area": label}, widget=DATE
            )
            for name in (f"who_{code}", f"from_{code}"):
                self.fields[name].widget.attrs.setdefault("class", "form-control")


class ClosingForm(StyledForm):
    """The closing review: an outcome per area of the plan, codes, an optional note."""

    closed_on = forms.DateField(label=_("Closed on"), widget=DATE)
    went_well = forms.MultipleChoiceField(
        label=_("What went well"),
        choices=ClosingTheme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    was_hard = forms.MultipleChoiceField(
        label=_("What was hard"),
        choices=ClosingTheme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    stay_in_touch = forms.TypedChoiceField(
        label=_("Does the family want to stay in touch with the group?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note (optional; no more personal detail than needed)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = areas
        for code, label in areas:
            self.fields[f"outcome_{code}"] = forms.ChoiceField(
                label=_("%(area)s: outcome") % {"area": label}, choices=Outcome.choices
            )
            self.fields[f"outcome_{code}"].widget.attrs.setdefault("class", "form-select")
        self.order_fields(["closed_on", *(f"outcome_{code}" for code, _label in areas)])

    def outcomes(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"outcome_{code}"] for code, _label in self.areas}
