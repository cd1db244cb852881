from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from welcomehub.core.fields import EncryptedTextField
from welcomehub.core.models import BaseModel
from welcomehub.core.taxonomy import CodeListValidator, CodeValidator


def validate_interface_language(value: str) -> None:
    """One of the languages the interface is translated into (settings.LANGUAGES)."""
    if value not in dict(settings.LANGUAGES):
        raise ValidationError(
            _("%(value)s is not a language of the interface."), params={"value": value}
        )


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


class Service(BaseModel):
    """An entry of the services directory, after the Open Referral HSDS `service` with its
    eligibility, application process, required documents, fees, schedule, languages,
    interpretation, accessibility, funding and service area folded into one row.

    The contact is the organisation's (a desk, a switchboard), never a person's: the
    directory is public.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("provider"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    domain = models.CharField(
        _("integration domain"), max_length=30, validators=[CodeValidator("integration_domains")]
    )
    places = models.ManyToManyField(Place, related_name="services", verbose_name=_("places served"))
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, validators=[CodeListValidator("languages")]
    )
    interpretation = models.CharField(
        _("interpretation"),
        max_length=300,
        blank=True,
        help_text=_("Other languages an interpreter can be arranged for, and how."),
    )
    eligibility = models.TextField(_("who can use it"), blank=True)
    how_to_apply = models.TextField(_("how to apply"), blank=True)
    documents_required = models.TextField(_("documents to bring"), blank=True)
    free_of_charge = models.BooleanField(_("free of charge"), default=True)
    fees = models.CharField(_("cost"), max_length=300, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=300, blank=True)
    accessibility = models.CharField(_("accessibility"), max_length=300, blank=True)
    funder = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funded_services",
        verbose_name=_("funded by"),
    )
    funding_note = models.CharField(
        _("funded by (other)"),
        max_length=200,
        blank=True,
        help_text=_("A funder that is not an organisation on the platform."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        default="active",
        validators=[CodeValidator("service_statuses")],
    )
    language = models.CharField(
        _("language of the entry"),
        max_length=10,
        default="en",
        validators=[CodeValidator("languages")],
    )
    # When a text that translations follow (name, description, ...) last changed: a
    # translation saved before it is outdated.
    texts_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def funded_by(self) -> str:
        return self.funder.name if self.funder else self.funding_note


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Referral(BaseModel):
    """A caseworker's referral of people of their caseload to a service of another (or
    their own) organisation. Only `shared_fields` of `persons` reach the receiving side,
    and only while every one of them still consents (or the override still holds)."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals")
    household = models.ForeignKey(
        "people.Household", on_delete=models.CASCADE, related_name="referrals"
    )
    persons = models.ManyToManyField("people.Person", related_name="referrals")
    from_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="referrals_received"
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    shared_fields = models.JSONField(
        _("information shared"),
        default=list,
        blank=True,
        validators=[CodeListValidator("referral_shared_fields")],
    )
    barriers = models.JSONField(
        _("practical barriers to remove"),
        default=list,
        blank=True,
        validators=[CodeListValidator("referral_barriers")],
    )
    note = EncryptedTextField(_("note to the receiving organisation"), blank=True)
    override_reason = EncryptedTextField(_("reason for sharing without consent"), blank=True)
    due_date = models.DateField(_("answer due by"))
    decline_reason = models.CharField(_("reason for declining"), max_length=300, blank=True)
    outcome_note = models.CharField(_("outcome"), max_length=300, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.household_id} → {self.service_id} ({self.status})"


class OrientationArticle(BaseModel):
    """One orientation article; its text lives in versions, one series per language."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="orientation_articles",
        verbose_name=_("published by"),
    )
    slug = models.SlugField(_("short name in the address"), max_length=80, unique=True)
    topic = models.CharField(
        _("topic"), max_length=40, validators=[CodeValidator("orientation_topics")]
    )
    source_language = models.CharField(
        _("source language"), max_length=10, validators=[validate_interface_language]
    )
    published = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering = ["topic", "slug"]

    def __str__(self) -> str:
        return self.slug


class OrientationText(BaseModel):
    """One version of an article in one language; never changed, a new version is added.

    `source_version` is the version of the source-language text this one says; in the
    source language it is the version itself. A translation whose source_version is older
    than the newest source text is outdated."""

    article = models.ForeignKey(OrientationArticle, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(
        _("language"), max_length=10, validators=[validate_interface_language]
    )
    version = models.PositiveIntegerField()
    source_version = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["article", "language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language", "version"], name="unique_orientation_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id} {self.language} v{self.version}"


class ServiceTranslation(BaseModel):
    """A directory entry's texts in one interface language, written by its provider, so
    refugees read the entry in their own language; untranslated fields fall back to the
    entry's own text."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(
        _("language"), max_length=10, validators=[validate_interface_language]
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    eligibility = models.TextField(_("who can use it"), blank=True)
    how_to_apply = models.TextField(_("how to apply"), blank=True)
    documents_required = models.TextField(_("documents to bring"), blank=True)

    class Meta:
        ordering = ["service", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "language"], name="unique_service_translation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.language}"
