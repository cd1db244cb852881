"""Forms of plans, preferences and the refugee portal."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from welcomehub.core import taxonomy
from welcomehub.core.forms import StyledForm
from welcomehub.people.models import Household, HouseholdPreferences, Person
from welcomehub.programmes.models import Place

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class PlanOpenForm(StyledForm):
    person = forms.ModelChoiceField(
        label=_("Plan of"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("The whole household"),
    )

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_queryset("person", household.members.order_by("id"))


class GoalForm(StyledForm):
    domain = forms.ChoiceField(label=_("Integration domain"))
    description = forms.CharField(label=_("Goal"), max_length=2000, widget=TEXT)
    status = forms.ChoiceField(label=_("Status"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("domain", taxonomy.choices("integration_domains"))
        self.set_choices("status", taxonomy.choices("plan_statuses"))


class StepForm(StyledForm):
    description = forms.CharField(label=_("Step"), max_length=2000, widget=TEXT)
    owner = forms.ChoiceField(label=_("Who does it"))
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("Status"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("owner", taxonomy.choices("plan_step_owners"))
        self.set_choices("status", taxonomy.choices("plan_statuses"))


class ProgressForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), required=False)
    text = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices(
            "status", [("", str(_("— no change —"))), *taxonomy.choices("plan_statuses")]
        )


class ConfirmForm(StyledForm):
    person = forms.ModelChoiceField(
        label=_("Who confirmed the plan with you"), queryset=Person.objects.none()
    )

    def __init__(self, *args: Any, adults: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_queryset("person", Person.objects.filter(pk__in=[p.pk for p in adults]))


class PreferencesForm(StyledForm):
    first_place = forms.ModelChoiceField(
        label=_("First choice of place"), queryset=Place.objects.none(), required=False
    )
    second_place = forms.ModelChoiceField(
        label=_("Second choice"), queryset=Place.objects.none(), required=False
    )
    third_place = forms.ModelChoiceField(
        label=_("Third choice"), queryset=Place.objects.none(), required=False
    )
    family_place = forms.ModelChoiceField(
        label=_("Place where relatives live"), queryset=Place.objects.none(), required=False
    )
    family_place_for_placement = forms.BooleanField(
        label=_("We agree that this is used to decide where we will live"), required=False
    )
    wants_buddy = forms.BooleanField(
        label=_("We would like a volunteer buddy or mentor"), required=False
    )
    wants_sponsor = forms.BooleanField(label=_("We would like a sponsor group"), required=False)
    mentor_sex = forms.ChoiceField(label=_("A mentor who is"), required=False)
    buddy_languages = forms.MultipleChoiceField(
        label=_("Languages a buddy should speak"), required=False
    )
    interests = forms.MultipleChoiceField(
        label=_("Interests"), required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label=_("Anything else you want to tell us"), max_length=2000, required=False, widget=TEXT
    )

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        served = household.programme.places.order_by("name")
        for name in ("first_place", "second_place", "third_place"):
            self.set_queryset(name, served)
        self.set_queryset("family_place", Place.objects.order_by("name"))
        self.set_choices("mentor_sex", [("", str(_("No preference"))), *_mentor_choices()])
        self.set_choices("buddy_languages", taxonomy.choices("languages"))
        self.set_choices("interests", taxonomy.choices("interests"))
        self.fields["interests"].widget.attrs["class"] = "form-check-input"
        for name in ("family_place_for_placement", "wants_buddy", "wants_sponsor"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    @staticmethod
    def initial_from(preferences: HouseholdPreferences | None) -> dict[str, Any]:
        if preferences is None:
            return {}
        names = [
            "first_place",
            "second_place",
            "third_place",
            "family_place",
            "family_place_for_placement",
            "wants_buddy",
            "wants_sponsor",
            "mentor_sex",
            "buddy_languages",
            "interests",
            "notes",
        ]
        return {name: getattr(preferences, name) for name in names}

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        places = [data.pop("first_place"), data.pop("second_place"), data.pop("third_place")]
        return {"places": places, **data}


def _mentor_choices() -> list[tuple[str, str]]:
    return [(code, name) for code, name in taxonomy.choices("sexes") if code in ("female", "male")]


def interface_languages() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class InviteForm(StyledForm):
    person = forms.ModelChoiceField(label=_("Adult to invite"), queryset=Person.objects.none())
    language = forms.ChoiceField(label=_("Language of the invitation"))

    def __init__(self, *args: Any, adults: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_queryset("person", Person.objects.filter(pk__in=[p.pk for p in adults]))
        self.set_choices("language", interface_languages())


class CodeSignInForm(StyledForm):
    # Named "password" so that django-axes masks it in its records of failed attempts.
    password = forms.CharField(
        label=_("Your sign-in code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "inputmode": "text",
                "dir": "ltr",  # a code reads left to right in every language
                "class": "form-control form-control-lg wh-code-input",
            }
        ),
        help_text=_("8 letters and numbers, for example ABCD-2345. Capitals do not matter."),
    )


def adults_of(household: Household) -> list[Person]:
    today = timezone.localdate()
    return [p for p in household.members.order_by("id") if not p.is_minor(today)]
