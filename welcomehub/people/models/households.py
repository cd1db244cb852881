from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from welcomehub.core.fields import EncryptedDateField, EncryptedTextField
from welcomehub.core.models import BaseModel
from welcomehub.core.taxonomy import CodeListValidator, CodeValidator

ADULT_AGE = 18


# A caseload's order: newest arrivals first, households without a date last. The index
# `household_caseload_order` (migration people 0004, written per database because SQLite
# takes no NULLS LAST in an index) serves it per organisation, so a list page is read from
# the index, not sorted.
CASELOAD_ORDER = (models.F("arrival_date").desc(nulls_last=True), models.F("reference").asc())


class Household(BaseModel):
    """A family arriving or arrived through a programme; the caseload unit.

    `reference` is a random code safe to show in URLs and exports; names live on the
    members, encrypted.
    """

    reference = models.CharField(max_length=12, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="caseload",
        verbose_name=_("caseload of"),
    )
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="households"
    )
    pathway = models.CharField(_("pathway"), max_length=40, validators=[CodeValidator("pathways")])
    status = models.CharField(
        _("status"), max_length=20, validators=[CodeValidator("household_statuses")]
    )
    arrival_date = models.DateField(_("arrival date"), null=True, blank=True)
    location = models.ForeignKey(
        "programmes.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("location"),
    )
    nationality = models.CharField(
        _("nationality"), max_length=2, validators=[CodeValidator("countries")]
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[CodeListValidator("languages")]
    )
    needs = models.JSONField(
        _("needs"), default=list, blank=True, validators=[CodeListValidator("placement_needs")]
    )
    protection_notes = EncryptedTextField(_("protection notes"), blank=True)

    class Meta:
        ordering = ["-arrival_date", "reference"]

    def __str__(self) -> str:
        return self.reference


class Person(BaseModel):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    given_name = EncryptedTextField(_("given name"))
    family_name = EncryptedTextField(_("family name"), blank=True)
    date_of_birth = EncryptedDateField(_("date of birth"), null=True, blank=True)
    # Kept in clear, alone, so aggregates can use age bands without decrypting anything.
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=20, validators=[CodeValidator("sexes")])
    relationship = models.CharField(
        _("relationship to the head of household"),
        max_length=20,
        validators=[CodeValidator("relationships")],
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[CodeListValidator("languages")]
    )
    phone = EncryptedTextField(_("phone"), blank=True)
    email = EncryptedTextField(_("e-mail"), blank=True)
    health_notes = EncryptedTextField(_("health notes"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        ordering = ["household", "id"]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def age_on(self, day: datetime.date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def is_minor(self, day: datetime.date | None = None) -> bool:
        age = self.age_on(day or datetime.date.today())
        return age is not None and age < ADULT_AGE


class Consent(BaseModel):
    """Consent of one person to one purpose (DESIGN §6); withdrawn, never deleted.

    For a minor, a guardian gives consent and the child's own assent is recorded.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(
        _("purpose"), max_length=30, validators=[CodeValidator("consent_purposes")]
    )
    partner = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner it may be shared with"),
    )
    method = models.CharField(
        _("how it was given"), max_length=20, validators=[CodeValidator("consent_methods")]
    )
    guardian = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents_given_as_guardian",
        verbose_name=_("guardian"),
    )
    child_assent = models.CharField(
        _("the child's own assent"),
        max_length=20,
        blank=True,
        validators=[CodeValidator("assent_answers")],
    )
    text_version = models.CharField(_("consent text version"), max_length=20, default="1")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["person", "purpose", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True, partner__isnull=True),
                name="one_active_consent_per_purpose",
            ),
            models.UniqueConstraint(
                fields=["person", "purpose", "partner"],
                condition=models.Q(withdrawn_at__isnull=True, partner__isnull=False),
                name="one_active_consent_per_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} ({'withdrawn' if self.withdrawn_at else 'active'})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
