from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from welcomehub.accounts.models import Organisation
from welcomehub.core import taxonomy
from welcomehub.core.forms import StyledForm
from welcomehub.programmes.models import Place, Programme


class ResponsibilityForm(StyledForm):
    domain = forms.ChoiceField(label=_("Integration domain"))
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none())
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=Organisation.objects.none())
    funder = forms.ModelChoiceField(
        label=_("Funder"), queryset=Organisation.objects.order_by("name"), required=False
    )
    service = forms.CharField(label=_("Service"), max_length=200)
    access = forms.CharField(label=_("How refugees access it"), max_length=300)

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("domain", taxonomy.choices("integration_domains"))
        self.set_queryset("place", programme.places.order_by("name"))
        partner_ids = programme.partners.values_list("organisation_id", flat=True)
        self.set_queryset("provider", Organisation.objects.filter(pk__in=partner_ids))


class PartnerForm(StyledForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all()
    )
    role = forms.ChoiceField(label=_("Role in the programme"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("role", taxonomy.choices("partner_roles"))
