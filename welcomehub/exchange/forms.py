from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from welcomehub.accounts.models import Organisation
from welcomehub.core import taxonomy
from welcomehub.core.forms import StyledForm
from welcomehub.exchange.models import AnswerStatus, OfferKind, Twinning, TwinningRole

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    organisation = forms.ModelChoiceField(
        label=_("Coordinated by"), queryset=Organisation.objects.none()
    )
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)
    questionnaire_version = forms.CharField(
        label=_("Questionnaire version"), max_length=20, initial="1"
    )
    invited = forms.ModelMultipleChoiceField(
        label=_("Invited organisations"),
        queryset=Organisation.objects.order_by("name"),
        help_text=_("Their focal points answer for them."),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_queryset("organisation", organisations)


class AnswerForm(StyledForm):
    twinning = forms.ChoiceField(label=_("Willing to be twinned"), choices=Twinning.choices)
    funding_sources = forms.CharField(
        label=_("Suggested funding sources for exchanges"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example foundations or travel grants for conferences and placements."),
    )


class EntryForm(StyledForm):
    topics = forms.MultipleChoiceField(label=_("Topics"))
    modalities = forms.MultipleChoiceField(label=_("Modalities"), required=False)
    languages = forms.MultipleChoiceField(label=_("Languages"), required=False)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("About the organisation's work only: never a person's details."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("topics", taxonomy.choices("exchange_topics"))
        self.set_choices("modalities", taxonomy.choices("exchange_modalities"))
        self.set_choices("languages", taxonomy.choices("languages"))


class NeedForm(EntryForm):
    pass


class OfferForm(EntryForm):
    kind = forms.ChoiceField(label=_("What is offered"), choices=OfferKind.choices)
    field_order = ["kind"]


class DeclineForm(StyledForm):
    reason_code = forms.ChoiceField(label=_("Reason for declining"), required=False)
    reason = forms.CharField(
        label=_("In your words"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the reason is “Other reason”."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("reason_code", [("", "—"), *taxonomy.choices("exchange_decline_reasons")])


RATINGS = [(str(n), str(n)) for n in range(5, 0, -1)]


class FollowUpForm(StyledForm):
    rating = forms.TypedChoiceField(
        label=_("How useful was the exchange? (5 = very useful)"),
        choices=RATINGS,
        coerce=int,
    )
    exchange_held = forms.BooleanField(label=_("The exchange took place"), required=False)
    exchanged = forms.CharField(
        label=_("What was exchanged"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example a training, a manual, a study visit."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("About the organisation's work only: never a person's details."),
    )


class RecommendationsForm(StyledForm):
    text = forms.CharField(
        label=_("Report and recommendations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Organisation-level findings of the round; never a person's details."),
    )


class OutcomeForm(StyledForm):
    outcome = forms.CharField(
        label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ChartFilterForm(StyledForm):
    org_type = forms.ChoiceField(label=_("Organisation type"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    modality = forms.ChoiceField(label=_("Modality"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", str(_("Any")))]
        self.set_choices("org_type", anything + taxonomy.choices("organisation_types"))
        self.set_choices("country", anything + taxonomy.choices("countries"))
        self.set_choices("modality", anything + taxonomy.choices("exchange_modalities"))
        self.set_choices("language", anything + taxonomy.choices("languages"))


class AnswerSearchForm(StyledForm):
    """The round page's search among its answers."""

    q = forms.CharField(label=_("Organisation name contains"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Answer"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices(
            "status", [("", str(_("Any")))] + [(c, str(n)) for c, n in AnswerStatus.choices]
        )


MAX_UPLOAD = 2 * 1024 * 1024


class ImportForm(StyledForm):
    needs = forms.FileField(
        label=_("Needs (CSV)"),
        required=False,
        help_text=_(
            "Columns: id, organisation, organisation_type, country, topics, modalities, "
            "languages, description; codes separated by semicolons."
        ),
    )
    offers = forms.FileField(label=_("Offers (CSV)"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        files = [data.get("needs"), data.get("offers")]
        if not any(files):
            raise forms.ValidationError(_("Choose a file of needs, of offers, or both."))
        if any(f is not None and f.size > MAX_UPLOAD for f in files):
            raise forms.ValidationError(_("A file is larger than 2 MB."))
        return data


# --- twinning ---------------------------------------------------------------------------


class TwinningSignupForm(StyledForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    role = forms.ChoiceField(label=_("Twinned as"), choices=TwinningRole.choices)
    pair_kinds = forms.MultipleChoiceField(
        label=_("Acceptable kinds of pair"),
        help_text=_(
            "A state is a state or municipal body; every other organisation counts as an NGO."
        ),
    )
    topics = forms.MultipleChoiceField(label=_("Topics"), required=False)
    languages = forms.MultipleChoiceField(label=_("Working languages"), required=False)
    statement = forms.CharField(
        label=_("What the organisation hopes for"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("About the organisation's work only: never a person's details."),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_queryset("organisation", organisations)
        self.set_choices("pair_kinds", taxonomy.choices("twinning_pair_kinds"))
        self.set_choices("topics", taxonomy.choices("exchange_topics"))
        self.set_choices("languages", taxonomy.choices("languages"))


class TwinningProposeForm(StyledForm):
    first = forms.IntegerField(required=False, widget=forms.HiddenInput)
    second = forms.IntegerField(required=False, widget=forms.HiddenInput)
    all = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("all") and not (data.get("first") and data.get("second")):
            raise forms.ValidationError(_("Choose a pair to propose."))
        return data


class TwinningAgreementForm(StyledForm):
    goals = forms.CharField(
        label=_("Goals"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("About the organisation's work only: never a person's details."),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)
    activities = forms.MultipleChoiceField(label=_("Forms of exchange"), required=False)
    topics = forms.MultipleChoiceField(label=_("Topics"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("activities", taxonomy.choices("exchange_modalities"))
        self.set_choices("topics", taxonomy.choices("exchange_topics"))


class TwinningCheckInForm(StyledForm):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("About the organisation's work only: never a person's details."),
    )
    on_track = forms.BooleanField(label=_("On track"), required=False, initial=True)


class TwinningReviewForm(StyledForm):
    what_worked = forms.CharField(label=_("What worked"), widget=forms.Textarea(attrs={"rows": 3}))
    what_did_not = forms.CharField(
        label=_("What did not work"), widget=forms.Textarea(attrs={"rows": 3})
    )
    lessons = forms.CharField(
        label=_("Lessons for other organisations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The review enters the library of twinning models and lessons."),
    )
    rating = forms.TypedChoiceField(
        label=_("Overall rating (5 = very useful)"), choices=RATINGS, coerce=int
    )


class TwinningLibraryForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    pair_kind = forms.ChoiceField(label=_("Kind of pair"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", str(_("Any")))]
        self.set_choices("pair_kind", anything + taxonomy.choices("twinning_pair_kinds"))
        self.set_choices("topic", anything + taxonomy.choices("exchange_topics"))
