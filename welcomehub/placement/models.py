"""Placement locations, runs and their recommendations (issue 4).

The engine itself is in `domain/` and knows nothing of these rows; `services.py`
converts between the two.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from welcomehub.core.models import BaseModel
from welcomehub.core.taxonomy import CodeListValidator

MAX_TIME_LIMIT = 300  # seconds: runs are synchronous for now, so keep them short


class PlacementLocation(BaseModel):
    """A receiving place of a programme with its capacities for one period."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="placement_locations"
    )
    place = models.ForeignKey(
        "programmes.Place",
        on_delete=models.PROTECT,
        related_name="placement_locations",
        verbose_name=_("place"),
    )
    period = models.CharField(_("period"), max_length=60, blank=True)
    capacity_persons = models.PositiveIntegerField(_("capacity in persons"))
    capacity_school_places = models.PositiveIntegerField(_("school places"), default=0)
    capacity_medical_cases = models.PositiveIntegerField(
        _("households needing medical care"), default=0
    )
    services = models.JSONField(
        _("services"),
        default=list,
        blank=True,
        validators=[CodeListValidator("placement_needs")],
    )
    languages = models.JSONField(
        _("languages supported"),
        default=list,
        blank=True,
        validators=[CodeListValidator("languages")],
    )
    diaspora_nationalities = models.JSONField(
        _("diaspora communities"),
        default=list,
        blank=True,
        validators=[CodeListValidator("countries")],
    )
    welcoming_note = models.TextField(_("welcoming tradition"), blank=True)

    class Meta:
        ordering = ["programme", "place__name", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "place", "period"], name="unique_placement_location"
            )
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.period}".strip()


class RunStatus(models.TextChoices):
    OPTIMAL = "optimal", _("Optimal")
    FEASIBLE = "feasible", _("Feasible")
    INFEASIBLE = "infeasible", _("Infeasible")


class PlacementRun(BaseModel):
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="placement_runs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    time_limit = models.PositiveIntegerField(
        _("time limit (seconds)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TIME_LIMIT)],
    )
    status = models.CharField(_("status"), max_length=20, choices=RunStatus.choices)
    method = models.CharField(max_length=60, blank=True)
    objective = models.FloatField(_("objective"), default=0.0)
    bound = models.FloatField(_("bound"), default=0.0)
    gap = models.FloatField(_("gap"), default=0.0)
    persons_placed = models.PositiveIntegerField(default=0)
    weights = models.JSONField(_("policy weights"), default=dict, blank=True)
    capacity_prices = models.JSONField(default=dict, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.programme} · {self.created_at:%Y-%m-%d %H:%M}"


class Decision(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    OVERRIDDEN = "overridden", _("Overridden")


class Recommendation(BaseModel):
    run = models.ForeignKey(PlacementRun, on_delete=models.CASCADE, related_name="recommendations")
    household = models.ForeignKey(
        "people.Household", on_delete=models.CASCADE, related_name="placement_recommendations"
    )
    location = models.ForeignKey(
        PlacementLocation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    score = models.FloatField(default=0.0)
    breakdown = models.JSONField(default=dict, blank=True)
    explanation = models.TextField(blank=True)
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    override_location = models.ForeignKey(
        PlacementLocation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("location chosen instead"),
    )
    override_reason = models.TextField(_("reason for the override"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "household__reference"]
        constraints = [
            models.UniqueConstraint(fields=["run", "household"], name="one_recommendation_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.household} → {self.location or '-'}"

    @property
    def final_location(self) -> PlacementLocation | None:
        if self.decision == Decision.OVERRIDDEN:
            return self.override_location
        if self.decision == Decision.ACCEPTED:
            return self.location
        return None
