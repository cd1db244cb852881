"""Volunteers (application, screening, clearances, training, supervision, hours,
insurance) and household-volunteer matches.

Contact details, names, motivation, notes and clearance numbers are encrypted; screening
facts (dates, who verified what) are plain so the coordinator's lists can filter on them.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from welcomehub.core.fields import EncryptedTextField
from welcomehub.core.models import BaseModel
from welcomehub.core.taxonomy import CodeListValidator, CodeValidator

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    return "V" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(9))


class VolunteerStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SCREENING = "screening", _("In screening")
    CLEARED = "cleared", _("Cleared")
    SUSPENDED = "suspended", _("Suspended")
    REJECTED = "rejected", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Volunteer(BaseModel):
    """A person who applied to volunteer with an organisation, and, once cleared, its
    volunteer (with an account of role `volunteer` there)."""

    reference = models.CharField(max_length=10, unique=True, default=new_reference, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="volunteers"
    )
    given_name = EncryptedTextField(_("given name"))
    family_name = EncryptedTextField(_("family name"), blank=True)
    email = EncryptedTextField(_("e-mail"))
    phone = EncryptedTextField(_("phone"), blank=True)
    sex = models.CharField(_("sex"), max_length=20, blank=True, validators=[CodeValidator("sexes")])
    place = models.ForeignKey(
        "programmes.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("where you live"),
    )
    languages = models.JSONField(
        _("languages"), default=list, validators=[CodeListValidator("languages")]
    )
    availability = models.JSONField(
        _("availability"), default=list, validators=[CodeListValidator("volunteer_availability")]
    )
    interests = models.JSONField(
        _("interests"), default=list, blank=True, validators=[CodeListValidator("interests")]
    )
    role_wanted = models.CharField(
        _("role wanted"), max_length=20, validators=[CodeValidator("volunteer_roles")]
    )
    motivation = EncryptedTextField(_("motivation"), blank=True)
    from_refugee_community = models.BooleanField(
        _("from a refugee community (offered extra debriefing)"), default=False
    )
    capacity = models.PositiveSmallIntegerField(
        _("households at a time"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=VolunteerStatus.choices, default=VolunteerStatus.APPLIED
    )
    status_reason = models.CharField(_("reason"), max_length=200, blank=True)
    code_of_conduct_signed_on = models.DateField(
        _("code of conduct signed on"), null=True, blank=True
    )
    role_boundaries_signed_on = models.DateField(
        _("role boundaries signed on"), null=True, blank=True
    )
    cleared_on = models.DateField(_("cleared on"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer_record",
    )

    class Meta:
        ordering = ["-created_at", "reference"]

    def __str__(self) -> str:
        return self.reference


class Interview(BaseModel):
    RECOMMENDATIONS = [("proceed", _("Proceed")), ("do_not_proceed", _("Do not proceed"))]
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="interviews")
    held_on = models.DateField(_("date"))
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recommendation = models.CharField(_("recommendation"), max_length=20, choices=RECOMMENDATIONS)
    notes = EncryptedTextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]


class VolunteerReference(BaseModel):
    """A referee; checked when the coordinator spoke to them."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="references")
    referee_name = EncryptedTextField(_("referee's name"))
    referee_contact = EncryptedTextField(_("referee's phone or e-mail"))
    relationship = models.CharField(_("how they know the applicant"), max_length=100, blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    satisfactory = models.BooleanField(_("satisfactory"), null=True, blank=True)

    class Meta:
        ordering = ["id"]


class Clearance(BaseModel):
    """A police clearance (criminal record check), seen and verified by the coordinator."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="clearances")
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    number = EncryptedTextField(_("certificate number"))
    issued_on = models.DateField(_("issue date"))
    expires_on = models.DateField(_("expiry date"))
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"))
    alerted_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-expires_on", "-id"]


class TrainingRecord(BaseModel):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="trainings")
    module = models.CharField(
        _("module"), max_length=40, validators=[CodeValidator("volunteer_training_modules")]
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(200)],
    )
    completed_on = models.DateField(_("completed on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["completed_on", "id"]


class SessionKind(models.TextChoices):
    SUPERVISION = "supervision", _("Supervision")
    DEBRIEFING = "debriefing", _("Debriefing")
    EXTRA_DEBRIEFING = "extra_debriefing", _("Extra debriefing (peer volunteer)")


class SupervisionSession(BaseModel):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    held_on = models.DateField(_("date"))
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]


class HoursEntry(BaseModel):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="hours")
    worked_on = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(24)],
    )
    activity = models.CharField(_("what you did"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-worked_on", "-id"]


class Insurance(BaseModel):
    """Public liability insurance: of the organisation (volunteer empty) or of one
    volunteer."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="volunteer_insurances"
    )
    volunteer = models.ForeignKey(
        Volunteer, null=True, blank=True, on_delete=models.CASCADE, related_name="insurances"
    )
    insurer = models.CharField(_("insurer"), max_length=200)
    policy_number = models.CharField(_("policy number"), max_length=100)
    expires_on = models.DateField(_("expiry date"))

    class Meta:
        ordering = ["-expires_on", "-id"]


class MatchStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    APPROVED = "approved", _("Approved")
    INTRODUCED = "introduced", _("Introduced")
    DECLINED = "declined", _("Declined")
    ENDED = "ended", _("Ended")


ACTIVE_MATCH_STATUSES = (MatchStatus.APPROVED, MatchStatus.INTRODUCED)


class Match(BaseModel):
    """A household and a volunteer buddy or mentor: suggested by the engine with a score
    and reasons, approved by the coordinator, then introduced."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="matches")
    household = models.ForeignKey(
        "people.Household", on_delete=models.CASCADE, related_name="volunteer_matches"
    )
    status = models.CharField(
        max_length=20, choices=MatchStatus.choices, default=MatchStatus.SUGGESTED
    )
    score = models.FloatField(default=0)
    reasons = models.JSONField(default=list, blank=True)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    introduced_at = models.DateTimeField(null=True, blank=True)
    meeting_place = models.CharField(_("first meeting place"), max_length=200, blank=True)
    share_first_name = models.BooleanField(
        _("the family agreed that the volunteer learns the head's first name"), default=False
    )
    household_told_how = models.CharField(_("how the family was told"), max_length=200, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "household"],
                condition=models.Q(status__in=["suggested", "approved", "introduced"]),
                name="one_open_match_per_pair",
            )
        ]
