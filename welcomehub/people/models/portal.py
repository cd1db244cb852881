"""The refugee portal: one-time sign-in codes and what the family did through it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from welcomehub.core.models import BaseModel


class ActivityKind(models.TextChoices):
    PREFERENCES = "preferences", _("Updated the family's preferences")
    PLAN_CONFIRMED = "plan_confirmed", _("Confirmed a plan")
    GOAL_UPDATED = "goal_updated", _("Updated a goal")
    STEP_UPDATED = "step_updated", _("Updated a step")
    ASSESSMENT = "assessment", _("Answered their own questions")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Withdrew a consent")
    DATA_EXPORTED = "data_exported", _("Downloaded their data")


class FamilyActivity(BaseModel):
    """Something the family did themselves, for the caseworker's "recent updates by the
    family" list. `detail` holds identifiers and codes only, never free text."""

    household = models.ForeignKey(
        "people.Household", on_delete=models.CASCADE, related_name="family_activity"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=ActivityKind.choices)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.kind


class PortalInvitation(BaseModel):
    """A one-time sign-in code given to an adult of a household by their caseworker.

    Only a keyed digest of the code is stored (decision 0015); the code itself is shown
    once, to the caseworker who hands it over. It works once, until `expires_at`.
    """

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="portal_invitations"
    )
    code_digest = models.CharField(max_length=64, unique=True)
    language = models.CharField(_("language"), max_length=10)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"invitation {self.pk}"
