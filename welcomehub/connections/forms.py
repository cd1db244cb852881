"""Forms of the volunteer programme."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from welcomehub.connections.models import Interview, SessionKind, VolunteerStatus
from welcomehub.core.forms import StyledForm
from welcomehub.core.taxonomy import choices
from welcomehub.programmes.models import Place

DATE = forms.DateInput(attrs={"type": "date"})


def _checkboxes() -> forms.CheckboxSelectMultiple:
    return forms.CheckboxSelectMultiple(attrs={"class": "me-2"})


class ApplicationForm(StyledForm):
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    sex = forms.ChoiceField(label=_("Sex"), required=False)
    place = forms.ModelChoiceField(
        label=_("Where you live"), queryset=Place.objects.none(), required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    availability = forms.MultipleChoiceField(
        label=_("When you are available"), widget=_checkboxes()
    )
    interests = forms.MultipleChoiceField(
        label=_("Interests"), required=False, widget=_checkboxes()
    )
    role_wanted = forms.ChoiceField(label=_("How you would like to help"))
    motivation = forms.CharField(
        label=_("Why you would like to volunteer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
    )
    from_refugee_community = forms.BooleanField(
        label=_("I came to this country as a refugee myself"), required=False
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the organisation keeps these details to screen my application "
            "and contact me."
        )
    )

    def __init__(self, *args: Any, places: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("sex", [("", "—"), *choices("sexes")])
        self.set_choices("languages", choices("languages"))
        self.set_choices("availability", choices("volunteer_availability"))
        self.set_choices("interests", choices("interests"))
        self.set_choices("role_wanted", choices("volunteer_roles"))
        if places is not None:
            self.set_queryset("place", places)


class InterviewForm(StyledForm):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Interview.RECOMMENDATIONS)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReferenceForm(StyledForm):
    referee_name = forms.CharField(label=_("Referee's name"), max_length=200)
    referee_contact = forms.CharField(label=_("Referee's phone or e-mail"), max_length=200)
    relationship = forms.CharField(
        label=_("How they know the applicant"), max_length=100, required=False
    )


class ReferenceCheckForm(StyledForm):
    reference_id = forms.IntegerField(widget=forms.HiddenInput)
    satisfactory = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=[("yes", _("Satisfactory")), ("no", _("Not satisfactory"))],
        coerce=lambda value: value == "yes",
    )


class ClearanceForm(StyledForm):
    issuing_body = forms.CharField(label=_("Issuing body"), max_length=200)
    number = forms.CharField(label=_("Certificate number"), max_length=100)
    issued_on = forms.DateField(label=_("Issue date"), widget=DATE)
    expires_on = forms.DateField(label=_("Expiry date"), widget=DATE)


class TrainingForm(StyledForm):
    module = forms.ChoiceField(label=_("Module"))
    hours = forms.DecimalField(label=_("Hours"), min_value=0.5, max_value=200, decimal_places=1)
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("module", choices("volunteer_training_modules"))


class AgreementsForm(StyledForm):
    code_of_conduct_on = forms.DateField(label=_("Code of conduct signed on"), widget=DATE)
    role_boundaries_on = forms.DateField(label=_("Role boundaries signed on"), widget=DATE)


class SessionForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class HoursForm(StyledForm):
    worked_on = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.DecimalField(label=_("Hours"), min_value=0.5, max_value=24, decimal_places=1)
    activity = forms.CharField(label=_("What you did"), max_length=200, required=False)


class StatusForm(StyledForm):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (VolunteerStatus.REJECTED, VolunteerStatus.REJECTED.label),
            (VolunteerStatus.WITHDRAWN, VolunteerStatus.WITHDRAWN.label),
            (VolunteerStatus.SUSPENDED, VolunteerStatus.SUSPENDED.label),
            (VolunteerStatus.CLEARED, _("Reinstated (cleared)")),
        ],
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class InsuranceForm(StyledForm):
    insurer = forms.CharField(label=_("Insurer"), max_length=200)
    policy_number = forms.CharField(label=_("Policy number"), max_length=100)
    expires_on = forms.DateField(label=_("Expiry date"), widget=DATE)
    volunteer = forms.CharField(
        label=_("Volunteer reference (empty: the whole organisation)"),
        max_length=10,
        required=False,
    )


class ApproveForm(StyledForm):
    meeting_place = forms.CharField(label=_("First meeting place"), max_length=200)
    share_first_name = forms.BooleanField(
        label=_("The family agreed that the volunteer learns the head's first name"),
        required=False,
    )


class IntroduceForm(StyledForm):
    household_told_how = forms.CharField(label=_("How the family was told"), max_length=200)
