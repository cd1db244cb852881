"""Forms: parse input only; the services decide."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from welcomehub.community.models import Visibility
from welcomehub.core import taxonomy
from welcomehub.core.forms import StyledForm

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _languages() -> list[tuple[str, str]]:
    return taxonomy.choices("languages")


class ProposeForm(StyledForm):
    organisation = forms.ModelChoiceField[Any](label=_("Organisation"), queryset=None)
    programme = forms.ModelChoiceField[Any](label=_("Programme"), queryset=None)
    theme = forms.ChoiceField(label=_("Theme"))
    language = forms.ChoiceField(label=_("Language (optional)"), required=False)
    same_place = forms.BooleanField(label=_("Same place only"), required=False, initial=True)
    min_size = forms.IntegerField(label=_("Minimum size"), min_value=2, max_value=50, initial=4)
    max_size = forms.IntegerField(label=_("Maximum size"), min_value=2, max_value=50, initial=8)

    def __init__(self, *args: Any, organisations: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_queryset("organisation", organisations)
        self.set_queryset("programme", programmes)
        self.set_choices("theme", taxonomy.choices("support_group_themes"))
        self.set_choices("language", [("", str(_("Any shared language"))), *_languages()])

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("min_size") and data.get("max_size") and data["min_size"] > data["max_size"]:
            raise forms.ValidationError(_("The minimum size is larger than the maximum size."))
        return data


class GroupCreateForm(ProposeForm):
    name = forms.CharField(label=_("Group name"), max_length=120)
    place = forms.IntegerField(required=False, widget=forms.HiddenInput)
    person_ids = forms.CharField(widget=forms.HiddenInput)

    def clean_person_ids(self) -> list[int]:
        raw = self.cleaned_data["person_ids"]
        try:
            return [int(part) for part in raw.split(",") if part.strip()]
        except ValueError as error:
            raise forms.ValidationError(_("The proposal was changed; propose again.")) from error


class SessionForm(StyledForm):
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DATETIME)
    venue = forms.CharField(label=_("Place"), max_length=200)
    facilitator = forms.CharField(label=_("Facilitator"), max_length=120)


class InviteForm(StyledForm):
    """Whom to invite to an existing group: the choices are those the proposals' rules
    allow (selectors.invitable); the service checks again when the invitation is sent."""

    person = forms.IntegerField(label=_("Person to invite"), widget=forms.Select)

    def __init__(self, *args: Any, choices: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offered = len(choices)
        widget = self.fields["person"].widget
        assert isinstance(widget, forms.Select)
        widget.choices = [("", _("Choose someone")), *choices]
        widget.attrs["class"] = "form-select"


class NoticeForm(StyledForm):
    text = forms.CharField(
        label=_("Message to the group"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone in the group reads it. Do not share phone numbers or addresses."),
    )


class EventForm(StyledForm):
    organisation = forms.ModelChoiceField[Any](label=_("Organisation"), queryset=None)
    programme = forms.ModelChoiceField[Any](label=_("Programme"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=160)
    kind = forms.ChoiceField(label=_("Kind"))
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    venue = forms.CharField(label=_("Venue (address)"), max_length=200)
    languages = forms.MultipleChoiceField(label=_("Languages spoken"), required=False)
    support = forms.MultipleChoiceField(
        label=_("Practical support offered"), required=False, widget=forms.CheckboxSelectMultiple
    )
    accessibility = forms.CharField(label=_("Accessibility"), required=False, max_length=300)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=10000)
    visibility = forms.ChoiceField(label=_("Who sees it"), choices=Visibility.choices)

    def __init__(self, *args: Any, organisations: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_queryset("organisation", organisations)
        self.set_queryset("programme", programmes)
        self.set_choices("kind", taxonomy.choices("event_kinds"))
        self.set_choices("languages", _languages())
        self.set_choices("support", taxonomy.choices("event_support"))


class RegistrationForm(StyledForm):
    places = forms.IntegerField(label=_("Number of people"), min_value=1, max_value=12, initial=1)
    support = forms.MultipleChoiceField(
        label=_("Support you need"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, offered: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("support", [(c, taxonomy.label("event_support", c)) for c in offered])


class PublicRegistrationForm(RegistrationForm):
    name = forms.CharField(label=_("Your name"), max_length=120)
    contact = forms.CharField(
        label=_("Phone or e-mail (optional)"),
        required=False,
        max_length=120,
        help_text=_("Only to tell you about changes to this event."),
    )
    field_order = ["name", "contact", "places", "support"]


class HouseholdRegistrationForm(RegistrationForm):
    reference = forms.CharField(label=_("Household reference"), max_length=12)
    field_order = ["reference", "places", "support"]
