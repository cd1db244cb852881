"""Mutual-support groups and community events (issue 5, sources 001 and 003).

Groups and events belong to the organisation that runs them, inside one programme.
Members are persons of that organisation's caseload; staff pages show them by household
reference and age band, never by name or contact (docs/decisions/0031).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from welcomehub.core.fields import EncryptedTextField
from welcomehub.core.models import BaseModel
from welcomehub.core.taxonomy import CodeListValidator, CodeValidator


def new_reference() -> str:
    return secrets.token_hex(5).upper()


class SupportGroup(BaseModel):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="support_groups"
    )
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="support_groups"
    )
    name = models.CharField(_("name"), max_length=120)
    theme = models.CharField(
        _("theme"), max_length=40, validators=[CodeValidator("support_group_themes")]
    )
    language = models.CharField(
        _("language"), max_length=10, blank=True, validators=[CodeValidator("languages")]
    )
    place = models.ForeignKey(
        "programmes.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    min_size = models.PositiveSmallIntegerField(_("minimum size"), default=4)
    max_size = models.PositiveSmallIntegerField(_("maximum size"), default=10)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class MembershipStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    JOINED = "joined", _("Joined")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")


class GroupMember(BaseModel):
    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="support_groups"
    )
    status = models.CharField(
        max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.INVITED
    )

    class Meta:
        ordering = ["group", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="community_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.group_id}:{self.person_id}"


class GroupSession(BaseModel):
    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("date and time"))
    venue = models.CharField(_("place"), max_length=200)
    facilitator = models.CharField(_("facilitator"), max_length=120)

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.group_id}@{self.starts_at:%Y-%m-%d}"


class Attendance(BaseModel):
    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="community_attend_once")
        ]


class GroupNotice(BaseModel):
    """The group's channel: a board only its joined members and its managers read, so
    nobody needs another member's phone number or e-mail."""

    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="notices")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_staff = models.BooleanField(default=False)
    text = EncryptedTextField(_("message"))

    class Meta:
        ordering = ["-created_at", "-id"]


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public calendar")
    PROGRAMME = "programme", _("Refugees and staff of the programme")


class CommunityEvent(BaseModel):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="community_events"
    )
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="community_events"
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, validators=[CodeValidator("event_kinds")])
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=200)
    place = models.ForeignKey(
        "programmes.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[CodeListValidator("languages")]
    )
    support = models.JSONField(
        _("practical support offered"),
        default=list,
        blank=True,
        validators=[CodeListValidator("event_support")],
    )
    accessibility = models.CharField(_("accessibility"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("places"))
    visibility = models.CharField(
        _("who sees it"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return self.title


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class EventRegistration(BaseModel):
    """A household (portal or staff) or a member of the public (name and optional
    contact, encrypted) taking `places` seats."""

    event = models.ForeignKey(
        CommunityEvent, on_delete=models.CASCADE, related_name="registrations"
    )
    reference = models.CharField(max_length=10, unique=True, default=new_reference)
    household = models.ForeignKey(
        "people.Household",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    name = EncryptedTextField(_("name"), blank=True)
    contact = EncryptedTextField(_("phone or e-mail (optional)"), blank=True)
    places = models.PositiveSmallIntegerField(_("number of people"), default=1)
    support = models.JSONField(
        _("support needed"),
        default=list,
        blank=True,
        validators=[CodeListValidator("event_support")],
    )
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices)

    class Meta:
        ordering = ["created_at", "id"]
