from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from welcomehub.accounts.models import Organisation
from welcomehub.core import taxonomy
from welcomehub.core.forms import StyledForm
from welcomehub.placement.models import (
    MAX_TIME_LIMIT,
    OutcomeHorizon,
    OutcomeModel,
    PairRuleKind,
    PlacementLocation,
)
from welcomehub.programmes.models import Place, Programme


class LocationForm(StyledForm):
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none())
    period = forms.CharField(label=_("Period"), max_length=60, required=False)
    capacity_persons = forms.IntegerField(label=_("Capacity in persons"), min_value=0)
    capacity_school_places = forms.IntegerField(label=_("School places"), min_value=0, initial=0)
    capacity_medical_cases = forms.IntegerField(
        label=_("Households needing medical care"), min_value=0, initial=0
    )
    services = forms.MultipleChoiceField(label=_("Services"), required=False)
    languages = forms.MultipleChoiceField(label=_("Languages supported"), required=False)
    diaspora_nationalities = forms.MultipleChoiceField(
        label=_("Diaspora communities"), required=False
    )
    welcoming_note = forms.CharField(
        label=_("Welcoming tradition"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    receiving_organisation = forms.ModelChoiceField(
        label=_("Receiving organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("The programme lead"),
        help_text=_("Told when households are placed here."),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_queryset("place", programme.places.order_by("name"))
        self.set_queryset(
            "receiving_organisation",
            Organisation.objects.filter(
                pk__in=[
                    programme.lead_id,
                    *programme.partners.values_list("organisation", flat=True),
                ]
            ).order_by("name"),
        )
        self.set_choices("services", taxonomy.choices("placement_needs"))
        self.set_choices("languages", taxonomy.choices("languages"))
        self.set_choices("diaspora_nationalities", taxonomy.choices("countries"))


class RunForm(StyledForm):
    time_limit = forms.IntegerField(
        label=_("Time limit (seconds)"), min_value=1, max_value=MAX_TIME_LIMIT, initial=10
    )
    period = forms.ChoiceField(label=_("Period of the locations"), required=False)
    outcome_model = forms.ModelChoiceField(
        label=_("Scores"),
        required=False,
        queryset=OutcomeModel.objects.none(),
        empty_label=_("Rule-based (transparent, always available)"),
        help_text=_("A trained model scores each pair by the expected employment."),
    )
    min_top_preference_share = forms.IntegerField(
        label=_("Minimum share placed in a top preference (%)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("Of the households that stated preferences. Empty: no minimum."),
    )
    nationality_floor = forms.FloatField(
        label=_("Minimum average score of every nationality"),
        required=False,
        min_value=0,
        help_text=_("Empty: no minimum."),
    )
    gender_floor = forms.FloatField(
        label=_("Minimum average score by gender of the head of household"),
        required=False,
        min_value=0,
        help_text=_("Empty: no minimum."),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        from welcomehub.placement import selectors

        super().__init__(*args, **kwargs)
        periods = [period for period in selectors.programme_periods(programme) if period]
        self.set_choices("period", [("", str(_("All periods")))] + [(p, p) for p in periods])
        self.set_queryset("outcome_model", selectors.ready_models(programme))

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        share = data.pop("min_top_preference_share")
        data["min_top_preference_share"] = None if share is None else share / 100
        return data


class PairRuleForm(StyledForm):
    kind = forms.ChoiceField(label=_("Lock or bar"), choices=PairRuleKind.choices)
    location = forms.ModelChoiceField(
        label=_("Location"), queryset=PlacementLocation.objects.none()
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, programme: Programme, period: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        locations = PlacementLocation.objects.filter(programme=programme)
        if period:
            locations = locations.filter(period=period)
        self.set_queryset(
            "location", locations.select_related("place").order_by("place__name", "period")
        )


class TrainForm(StyledForm):
    horizon = forms.ChoiceField(label=_("Outcome"), choices=OutcomeHorizon.choices)


class OverrideForm(StyledForm):
    location = forms.ModelChoiceField(
        label=_("Location chosen instead"), queryset=PlacementLocation.objects.none()
    )
    reason = forms.CharField(
        label=_("Reason for the override"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_queryset(
            "location",
            PlacementLocation.objects.filter(programme=programme)
            .select_related("place")
            .order_by("place__name"),
        )
