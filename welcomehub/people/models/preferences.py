"""What a family itself wants: where to live, and what kind of buddy or sponsor."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from welcomehub.core.fields import EncryptedTextField
from welcomehub.core.models import BaseModel
from welcomehub.core.taxonomy import CodeListValidator, CodeValidator


class HouseholdPreferences(BaseModel):
    """One row per household, stated by the family (in the portal) or with its caseworker.

    The preferred places are ranked (first is most wanted). The place where relatives
    live is used by placement only while `family_place_for_placement` is true: the
    family decides whether that tie may steer where they are sent.
    """

    household = models.OneToOneField(
        "people.Household", on_delete=models.CASCADE, related_name="preferences"
    )
    first_place = models.ForeignKey(
        "programmes.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("first choice of place"),
    )
    second_place = models.ForeignKey(
        "programmes.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("second choice of place"),
    )
    third_place = models.ForeignKey(
        "programmes.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("third choice of place"),
    )
    family_place = models.ForeignKey(
        "programmes.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("place where relatives live"),
    )
    family_place_for_placement = models.BooleanField(
        _("the family agrees that this tie is used for placement"), default=False
    )
    wants_buddy = models.BooleanField(_("would like a volunteer buddy or mentor"), default=False)
    wants_sponsor = models.BooleanField(_("would like a sponsor group"), default=False)
    mentor_sex = models.CharField(
        _("preferred gender of a mentor"),
        max_length=20,
        blank=True,
        validators=[CodeValidator("sexes")],
    )
    buddy_languages = models.JSONField(
        _("languages a buddy should speak"),
        default=list,
        blank=True,
        validators=[CodeListValidator("languages")],
    )
    interests = models.JSONField(
        _("interests"), default=list, blank=True, validators=[CodeListValidator("interests")]
    )
    notes = EncryptedTextField(_("anything else the family wants to say"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("household preferences")
        verbose_name_plural = _("household preferences")

    def __str__(self) -> str:
        return f"preferences of {self.household_id}"

    @property
    def ranked_places(self) -> list[object]:
        return [p for p in (self.first_place, self.second_place, self.third_place) if p]

    @property
    def ranked_place_ids(self) -> tuple[int, ...]:
        ids = (self.first_place_id, self.second_place_id, self.third_place_id)
        return tuple(i for i in ids if i is not None)
