"""Integration plans, written with the family and confirmed by them (DESIGN §1 E, H).

A plan belongs to a household (`person` empty) or to one member. It holds goals by
integration domain; each goal has steps with an owner, a due date and a status, and
progress notes. Goal, step and note texts are the family's own words and may touch on
health or protection, so they are encrypted like other notes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from welcomehub.core.fields import EncryptedTextField
from welcomehub.core.models import BaseModel
from welcomehub.core.taxonomy import CodeValidator


class IntegrationPlan(BaseModel):
    household = models.ForeignKey(
        "people.Household", on_delete=models.CASCADE, related_name="plans"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="plans"
    )
    # The last change a family must see again before the plan counts as theirs: new or
    # reworded goals and steps, changed owners or dates. Statuses and notes are not.
    changed_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by_person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_with = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    confirmation_method = models.CharField(
        _("how it was confirmed"),
        max_length=20,
        blank=True,
        validators=[CodeValidator("plan_confirmation_methods")],
    )

    class Meta:
        ordering = ["household", "person_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(person__isnull=True),
                name="one_plan_per_household",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(person__isnull=False),
                name="one_plan_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"plan {self.pk}"

    @property
    def is_confirmed(self) -> bool:
        """Confirmed by the family, and nothing substantial changed since."""
        if self.confirmed_at is None:
            return False
        return self.changed_at is None or self.changed_at <= self.confirmed_at

    @property
    def needs_reconfirmation(self) -> bool:
        return self.confirmed_at is not None and not self.is_confirmed


class Goal(BaseModel):
    plan = models.ForeignKey(IntegrationPlan, on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(
        _("integration domain"), max_length=40, validators=[CodeValidator("integration_domains")]
    )
    description = EncryptedTextField(_("goal"))
    status = models.CharField(
        _("status"), max_length=20, default="planned", validators=[CodeValidator("plan_statuses")]
    )

    class Meta:
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return f"goal {self.pk}"


class Step(BaseModel):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    description = EncryptedTextField(_("step"))
    owner = models.CharField(
        _("who does it"), max_length=20, validators=[CodeValidator("plan_step_owners")]
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, default="planned", validators=[CodeValidator("plan_statuses")]
    )

    class Meta:
        ordering = ["goal", models.F("due_date").asc(nulls_last=True), "id"]

    def __str__(self) -> str:
        return f"step {self.pk}"


class ProgressNote(BaseModel):
    """A note on a goal (or one of its steps), by the caseworker or by the family."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="notes")
    step = models.ForeignKey(
        Step, null=True, blank=True, on_delete=models.CASCADE, related_name="notes"
    )
    text = EncryptedTextField(_("note"), blank=True)
    status = models.CharField(
        _("status set"),
        max_length=20,
        blank=True,
        validators=[CodeValidator("plan_statuses")],
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_family = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"note {self.pk}"
