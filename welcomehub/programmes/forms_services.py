"""Forms of the services directory, referrals and orientation content."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from welcomehub.accounts.models import Organisation
from welcomehub.core import taxonomy
from welcomehub.core.forms import StyledForm
from welcomehub.people.models import Household, Person
from welcomehub.programmes.models import Place, ReferralStatus, Service

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _any(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", str(_("Any"))), *choices]


class DirectorySearchForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    domain = forms.ChoiceField(label=_("Integration domain"), required=False)
    place = forms.ModelChoiceField(
        label=_("Place"), required=False, queryset=Place.objects.none(), empty_label=_("Any")
    )
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    free = forms.BooleanField(label=_("Free of charge only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("domain", _any(taxonomy.choices("integration_domains")))
        self.set_queryset("place", Place.objects.filter(services__isnull=False).distinct())
        used = sorted(
            {
                code
                for langs in Service.objects.values_list("languages", flat=True)
                for code in langs
            }
        )
        self.set_choices("language", _any([(c, taxonomy.label("languages", c)) for c in used]))


class ServiceForm(StyledForm):
    organisation = forms.ModelChoiceField(
        label=_("Provider"), queryset=Organisation.objects.none(), empty_label=None
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    domain = forms.ChoiceField(label=_("Integration domain"))
    places = forms.ModelMultipleChoiceField(label=_("Places served"), queryset=Place.objects.all())
    languages = forms.MultipleChoiceField(label=_("Languages spoken"), required=False)
    interpretation = forms.CharField(label=_("Interpretation"), required=False, max_length=300)
    eligibility = forms.CharField(
        label=_("Who can use it"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    how_to_apply = forms.CharField(
        label=_("How to apply"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    documents_required = forms.CharField(
        label=_("Documents to bring"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    free_of_charge = forms.BooleanField(label=_("Free of charge"), required=False)
    fees = forms.CharField(label=_("Cost"), required=False, max_length=300)
    opening_hours = forms.CharField(label=_("Opening hours"), required=False, max_length=300)
    accessibility = forms.CharField(label=_("Accessibility"), required=False, max_length=300)
    funder = forms.ModelChoiceField(
        label=_("Funded by"), required=False, queryset=Organisation.objects.order_by("name")
    )
    funding_note = forms.CharField(label=_("Funded by (other)"), required=False, max_length=200)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    phone = forms.CharField(label=_("Phone of the service"), required=False, max_length=40)
    email = forms.EmailField(label=_("E-mail of the service"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    status = forms.ChoiceField(label=_("Status"))
    language = forms.ChoiceField(
        label=_("Language of the entry"),
        help_text=_("The language the texts above are written in; add translations after saving."),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("language", taxonomy.choices("languages"))
        self.set_queryset("organisation", organisations)
        self.set_choices("domain", taxonomy.choices("integration_domains"))
        self.set_choices("languages", taxonomy.choices("languages"))
        self.set_choices("status", taxonomy.choices("service_statuses"))
        self.fields["places"].widget.attrs["size"] = 8
        self.fields["languages"].widget.attrs["size"] = 8


class ServiceTranslationForm(StyledForm):
    language = forms.ChoiceField(label=_("Language"))
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    eligibility = forms.CharField(
        label=_("Who can use it"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    how_to_apply = forms.CharField(
        label=_("How to apply"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    documents_required = forms.CharField(
        label=_("Documents to bring"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("language", _language_choices())


class ReferralForm(StyledForm):
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.none())
    persons = forms.ModelMultipleChoiceField(
        label=_("People referred"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    shared_fields = forms.MultipleChoiceField(
        label=_("Information to share besides the household reference"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Share only what the service needs. Protection notes are never shared "
            "unless you tick them here."
        ),
    )
    barriers = forms.MultipleChoiceField(
        label=_("Practical barriers to remove"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    due_date = forms.DateField(label=_("Answer due by"), required=False, widget=DATE)
    note = forms.CharField(
        label=_("Note to the receiving organisation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    override_reason = forms.CharField(
        label=_("Reason to share without consent"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only where someone has not consented to sharing with the provider and "
            "the referral cannot wait; the reason is recorded in the audit trail."
        ),
    )

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_queryset(
            "service",
            Service.objects.filter(status="active")
            .select_related("organisation")
            .order_by("organisation__name", "name"),
        )
        self.fields["service"].label_from_instance = (  # type: ignore[attr-defined]
            lambda s: f"{s.name} — {s.organisation.name}"
        )
        self.set_queryset("persons", household.members.order_by("id"))
        for name in ("persons", "shared_fields", "barriers"):  # boxes, not text inputs
            self.fields[name].widget.attrs["class"] = "form-check-input"
        self.set_choices("shared_fields", taxonomy.choices("referral_shared_fields"))
        self.set_choices("barriers", taxonomy.choices("referral_barriers"))
        if not self.is_bound:
            self.initial.setdefault("due_date", datetime.date.today() + datetime.timedelta(7))


class ReferralMoveForm(StyledForm):
    status = forms.ChoiceField(label=_("New status"), choices=ReferralStatus.choices)
    reason = forms.CharField(label=_("Reason for declining"), required=False, max_length=300)
    outcome = forms.CharField(label=_("Outcome"), required=False, max_length=300)
    due_date = forms.DateField(label=_("Completion due by"), required=False, widget=DATE)


def _language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class ArticleForm(StyledForm):
    organisation = forms.ModelChoiceField(
        label=_("Published by"), queryset=Organisation.objects.none(), empty_label=None
    )
    slug = forms.SlugField(label=_("Short name in the address"), max_length=80)
    topic = forms.ChoiceField(label=_("Topic"))
    source_language = forms.ChoiceField(label=_("Source language"))
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_queryset("organisation", organisations)
        self.set_choices("topic", taxonomy.choices("orientation_topics"))
        self.set_choices("source_language", _language_choices())


class TextForm(StyledForm):
    language = forms.ChoiceField(label=_("Language"))
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("language", _language_choices())
