"""The dashboard's filters: which breakdown, which arrival year, which pathway."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from welcomehub.core import taxonomy
from welcomehub.core.forms import StyledForm
from welcomehub.outcomes.dashboards.figures import DIMENSIONS, Filters


class DashboardFilterForm(StyledForm):
    by = forms.ChoiceField(label=_("Break down by"), required=False, initial=Filters.dimension)
    cohort = forms.TypedChoiceField(
        label=_("Arrival year"), required=False, coerce=int, empty_value=None
    )
    pathway = forms.ChoiceField(label=_("Pathway"), required=False)

    def __init__(self, *args: Any, cohorts: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("by", [(code, str(label)) for code, label in DIMENSIONS.items()])
        self.set_choices(
            "cohort", [("", str(_("All years"))), *[(str(y), str(y)) for y in cohorts]]
        )
        self.set_choices("pathway", [("", str(_("All pathways"))), *taxonomy.choices("pathways")])

    def filters(self) -> Filters:
        """The chosen filters; the defaults while the form has errors."""
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            dimension=data["by"] or Filters.dimension,
            cohort=data["cohort"],
            pathway=data["pathway"] or "",
        )
