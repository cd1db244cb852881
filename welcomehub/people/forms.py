from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from welcomehub.accounts.models import Organisation
from welcomehub.core import taxonomy
from welcomehub.core.forms import StyledForm
from welcomehub.people.models import Household, Person
from welcomehub.programmes.models import Place, Programme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HouseholdForm(StyledForm):
    pathway = forms.ChoiceField(label=_("Pathway"))
    status = forms.ChoiceField(label=_("Status"))
    arrival_date = forms.DateField(label=_("Arrival date"), required=False, widget=DATE)
    location = forms.ModelChoiceField(
        label=_("Location"), queryset=Place.objects.none(), required=False
    )
    nationality = forms.ChoiceField(label=_("Nationality"))
    languages = forms.MultipleChoiceField(label=_("Languages"), required=False)
    needs = forms.MultipleChoiceField(
        label=_("Needs"), required=False, widget=forms.CheckboxSelectMultiple
    )
    protection_notes = forms.CharField(
        label=_("Protection notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Encrypted. Write only what the caseload team needs to protect the family."),
    )

    def __init__(self, *args: Any, places: QuerySet[Place], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("pathway", taxonomy.choices("pathways"))
        self.set_choices("status", taxonomy.choices("household_statuses"))
        self.set_choices("nationality", taxonomy.choices("countries"))
        self.set_choices("languages", taxonomy.choices("languages"))
        self.set_choices("needs", taxonomy.choices("placement_needs"))
        self.set_queryset("location", places)
        self.fields["needs"].widget.attrs["class"] = "form-check-input"

    @classmethod
    def initial_from(cls, household: Household) -> dict[str, Any]:
        return {
            "pathway": household.pathway,
            "status": household.status,
            "arrival_date": household.arrival_date,
            "location": household.location_id,
            "nationality": household.nationality,
            "languages": household.languages,
            "needs": household.needs,
            "protection_notes": household.protection_notes,
        }


class HouseholdCreateForm(HouseholdForm):
    organisation = forms.ModelChoiceField(
        label=_("Caseload of"), queryset=Organisation.objects.none()
    )
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    field_order = ["organisation", "programme"]

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        programmes: QuerySet[Programme],
        **kwargs: Any,
    ) -> None:
        places = Place.objects.filter(served_by__in=programmes).distinct().order_by("name")
        super().__init__(*args, places=places, **kwargs)
        self.set_queryset("organisation", organisations)
        self.set_queryset("programme", programmes)
        self.order_fields(["organisation", "programme"])


class PersonForm(StyledForm):
    given_name = forms.CharField(label=_("Given name"), max_length=200)
    family_name = forms.CharField(label=_("Family name"), max_length=200, required=False)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE)
    sex = forms.ChoiceField(label=_("Sex"))
    relationship = forms.ChoiceField(label=_("Relationship to the head of household"))
    languages = forms.MultipleChoiceField(label=_("Languages"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    health_notes = forms.CharField(
        label=_("Health notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Encrypted. Only what care and placement need."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("sex", taxonomy.choices("sexes"))
        self.set_choices("relationship", taxonomy.choices("relationships"))
        self.set_choices("languages", taxonomy.choices("languages"))


class ConsentForm(StyledForm):
    purpose = forms.ChoiceField(label=_("Purpose"))
    partner = forms.ModelChoiceField(
        label=_("Partner it may be shared with"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("Only for sharing with a named partner."),
    )
    method = forms.ChoiceField(label=_("How it was given"))
    guardian = forms.ModelChoiceField(
        label=_("Guardian giving consent"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("For a child: the adult of the household who gives consent."),
    )
    child_assent = forms.ChoiceField(label=_("The child's own assent"), required=False)

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("purpose", taxonomy.choices("consent_purposes"))
        self.set_choices("method", taxonomy.choices("consent_methods"))
        self.set_choices("child_assent", [("", "—"), *taxonomy.choices("assent_answers")])
        self.set_queryset("guardian", household.members.order_by("id"))
