"""Feedback and accountability (sources 000 and 003): what refugees tell a programme,
where it goes, what was answered, and what the programme published it did about it.

Anonymity is structural, not a flag on a row that could be read next to a name:
a `Feedback` row never points at a person, a household, an account, an address or a
time of day. When someone chooses to give feedback in their own name, the link to
their account lives in the separate `FeedbackAuthor` table; anonymous feedback simply
has no such row, so no staff role — and no query — can join it to anyone.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from welcomehub.core.fields import EncryptedTextField
from welcomehub.core.models import BaseModel
from welcomehub.core.taxonomy import CodeListValidator, CodeValidator

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    """A random reference that says nothing about the order or time of arrival."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    POSTER = "poster", _("QR code poster")
    PORTAL = "portal", _("Refugee portal")
    CASEWORKER = "caseworker", _("Heard by a caseworker")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Feedback(models.Model):
    """One piece of feedback. Deliberately not a BaseModel: it keeps the day it was
    received, never the time, so it cannot be lined up with sign-ins or page views."""

    reference = models.CharField(max_length=10, unique=True, default=new_reference)
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="feedback"
    )
    place = models.ForeignKey(
        "programmes.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("place"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    category = models.CharField(
        _("category"), max_length=30, validators=[CodeValidator("feedback_categories")]
    )
    language = models.CharField(
        _("language"), max_length=10, validators=[CodeValidator("languages")]
    )
    # What people write can name them or others: encrypted at rest.
    text = EncryptedTextField(_("feedback"))
    contact = EncryptedTextField(_("how to reach you (optional)"), blank=True)
    received_on = models.DateField(_("received on"), db_index=True)
    routed_to = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="feedback_received",
        verbose_name=_("responsible organisation"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    response = models.TextField(_("response"), blank=True)
    responded_on = models.DateField(_("answered on"), null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "reference"]
        indexes = [models.Index(fields=["programme", "status"])]

    def __str__(self) -> str:
        return self.reference


class FeedbackAuthor(BaseModel):
    """Who gave a piece of feedback, for feedback given in one's own name only.

    A caseworker who logs what they heard is recorded as the one who logged it, which is
    not the person who said it."""

    feedback = models.OneToOneField(Feedback, on_delete=models.CASCADE, related_name="author")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_given"
    )
    logged = models.BooleanField(default=False)  # True: a caseworker logged it

    def __str__(self) -> str:
        return f"{self.feedback_id}"


class ListeningSession(BaseModel):
    """Notes of a listening session or community meeting: counts and themes, no names."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="listening_sessions"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="listening_sessions"
    )
    held_on = models.DateField(_("held on"))
    place = models.ForeignKey(
        "programmes.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("place"),
    )
    participants = models.PositiveIntegerField(_("number of participants"))
    themes = models.JSONField(
        _("themes"), default=list, validators=[CodeListValidator("feedback_categories")]
    )
    notes = EncryptedTextField(_("what was said"))
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.held_on}"


class BoardPost(BaseModel):
    """A "you said, we did" entry: a summary written for publication, never the
    original text of the feedback."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="board_posts"
    )
    feedback = models.OneToOneField(
        Feedback, null=True, blank=True, on_delete=models.SET_NULL, related_name="board_post"
    )
    category = models.CharField(
        _("category"), max_length=30, validators=[CodeValidator("feedback_categories")]
    )
    # {language: {"you_said": "...", "we_did": "..."}}; the publisher's language first
    texts = models.JSONField(_("texts"), default=dict)
    published_on = models.DateField(_("published on"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn = models.BooleanField(default=False)

    class Meta:
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.published_on}"


class SatisfactionResponse(models.Model):
    """One answer to the short satisfaction survey; always anonymous, day only."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="satisfaction"
    )
    survey_version = models.CharField(max_length=20)
    language = models.CharField(max_length=10, validators=[CodeValidator("languages")])
    answers = models.JSONField()  # {question code: 1..5}; skipped questions are absent
    comment = EncryptedTextField(blank=True)
    received_on = models.DateField(db_index=True)

    class Meta:
        ordering = ["-received_on"]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.received_on}"
