from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from welcomehub.core.models import BaseModel
from welcomehub.core.taxonomy import CodeValidator


class User(AbstractUser):
    """A person who signs in: staff, volunteer, sponsor or refugee."""

    preferred_language = models.CharField(max_length=10, blank=True)
    must_change_password = models.BooleanField(
        default=False, help_text="Set for accounts made with a one-time password."
    )


class Organisation(BaseModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    org_type = models.CharField(
        _("type"), max_length=20, validators=[CodeValidator("organisation_types")]
    )
    country = models.CharField(_("country"), max_length=2, validators=[CodeValidator("countries")])
    website = models.URLField(_("website"), blank=True)
    requires_two_factor = models.BooleanField(_("staff must use two-factor sign-in"), default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Permission(models.Model):
    """One thing a role may do; loaded from accounts/data/roles.json."""

    code = models.CharField(max_length=50, primary_key=True)
    description = models.CharField(max_length=300)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class RoleScope(models.TextChoices):
    ORGANISATION = "organisation", _("Within the member's organisation")
    PLATFORM = "platform", _("Across the platform")


class Role(models.Model):
    """A role is data: its permissions are rows of RolePermission (DESIGN §3 rule 4)."""

    code = models.CharField(max_length=40, primary_key=True)
    name = models.CharField(max_length=100)
    scope = models.CharField(max_length=20, choices=RoleScope.choices)
    staff = models.BooleanField(help_text="Staff roles need two-factor sign-in where required.")
    permissions = models.ManyToManyField(Permission, through="RolePermission")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class RolePermission(models.Model):
    role = models.ForeignKey(Role, on_delete=models.CASCADE)
    permission = models.ForeignKey(Permission, on_delete=models.CASCADE)
    implied = models.BooleanField(
        default=False, help_text="Granted because another one implies it."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["role", "permission"], name="unique_role_permission")
        ]

    def __str__(self) -> str:
        return f"{self.role_id}: {self.permission_id}"


class Membership(BaseModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="memberships")

    class Meta:
        ordering = ["organisation__name", "role__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.role_id} · {self.organisation}"


class ApiToken(BaseModel):
    """A personal API token; only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
