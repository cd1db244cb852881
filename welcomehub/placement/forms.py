from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from welcomehub.core import taxonomy
from welcomehub.core.forms import StyledForm
from welcomehub.placement.models import MAX_TIME_LIMIT, PlacementLocation
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

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_queryset("place", programme.places.order_by("name"))
        self.set_choices("services", taxonomy.choices("placement_needs"))
        self.set_choices("languages", taxonomy.choices("languages"))
        self.set_choices("diaspora_nationalities", taxonomy.choices("countries"))


class RunForm(StyledForm):
    time_limit = forms.IntegerField(
        label=_("Time limit (seconds)"), min_value=1, max_value=MAX_TIME_LIMIT, initial=10
    )


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
