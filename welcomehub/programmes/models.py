from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from welcomehub.core.models import BaseModel
from welcomehub.core.taxonomy import CodeValidator


class Place(BaseModel):
    """A country, region or municipality where services are provided and people live."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, validators=[CodeValidator("place_kinds")])
    country = models.CharField(_("country"), max_length=2, validators=[CodeValidator("countries")])
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["country", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="unique_place_name")
        ]

    def __str__(self) -> str:
        return self.name


class Programme(BaseModel):
    """A national or local resettlement / integration programme."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, validators=[CodeValidator("programme_kinds")])
    country = models.CharField(_("country"), max_length=2, validators=[CodeValidator("countries")])
    area = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("area")
    )
    lead = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="led_programmes",
        verbose_name=_("lead organisation"),
    )
    description = models.TextField(_("description"), blank=True)
    places = models.ManyToManyField(Place, related_name="served_by", verbose_name=_("places"))

    class Meta:
        ordering = ["country", "name"]

    def __str__(self) -> str:
        return self.name


class ProgrammePartner(BaseModel):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="partnerships"
    )
    role = models.CharField(_("role"), max_length=30, validators=[CodeValidator("partner_roles")])

    class Meta:
        ordering = ["programme", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation", "role"], name="unique_programme_partner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.role})"


class Responsibility(BaseModel):
    """Who provides the service of one integration domain in one place, who funds it,
    and how refugees reach it: a cell of the who-does-what-where matrix."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="responsibilities"
    )
    domain = models.CharField(
        _("integration domain"), max_length=30, validators=[CodeValidator("integration_domains")]
    )
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="responsibilities")
    provider = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="provided_responsibilities",
        verbose_name=_("provider"),
    )
    funder = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funded_responsibilities",
        verbose_name=_("funder"),
    )
    service = models.CharField(_("service"), max_length=200)
    access = models.CharField(_("how refugees access it"), max_length=300)

    class Meta:
        ordering = ["programme", "domain", "place__name"]
        verbose_name_plural = "responsibilities"

    def __str__(self) -> str:
        return f"{self.domain} · {self.place} · {self.provider}"
