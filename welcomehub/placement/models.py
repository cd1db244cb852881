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

MAX_TIME_LIMIT = 300  # seconds: a run solves in a background task for at most this long


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
    receiving_organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("receiving organisation"),
        help_text=_("Notified when households are placed here; the programme lead if empty."),
    )

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
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    OPTIMAL = "optimal", _("Optimal")
    FEASIBLE = "feasible", _("Feasible")
    INFEASIBLE = "infeasible", _("Infeasible")
    FAILED = "failed", _("Failed")


FINISHED = (RunStatus.OPTIMAL, RunStatus.FEASIBLE, RunStatus.INFEASIBLE, RunStatus.FAILED)


class Scoring(models.TextChoices):
    RULES = "rules", _("Rule-based score")
    MODEL = "model", _("Expected employment (outcome model)")


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
    status = models.CharField(
        _("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    method = models.CharField(max_length=60, blank=True)
    objective = models.FloatField(_("objective"), default=0.0)
    bound = models.FloatField(_("bound"), default=0.0)
    gap = models.FloatField(_("gap"), default=0.0)
    persons_placed = models.PositiveIntegerField(default=0)
    weights = models.JSONField(_("policy weights"), default=dict, blank=True)
    capacity_prices = models.JSONField(default=dict, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    # The batch: household ids, fixed when the run is queued, so a re-solve uses the same.
    household_ids = models.JSONField(default=list, blank=True)
    period = models.CharField(_("period"), max_length=60, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resolves",
        verbose_name=_("re-solve of"),
    )
    # Progress, written by the background task while it solves (see services.run_progress).
    phase = models.CharField(_("phase"), max_length=30, blank=True)
    error = models.TextField(blank=True)
    # Policy: fairness options and the source of pair scores
    min_top_preference_share = models.FloatField(
        _("minimum share placed in a top preference"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
    )
    group_floors = models.JSONField(
        _("minimum expected outcome per group"), default=dict, blank=True
    )
    scoring = models.CharField(
        _("scores"), max_length=10, choices=Scoring.choices, default=Scoring.RULES
    )
    outcome_model = models.ForeignKey(
        "OutcomeModel", null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    # Per fairness constraint: [score given up, lower bound, upper bound]
    constraint_costs = models.JSONField(default=dict, blank=True)
    notes = models.JSONField(default=list, blank=True)  # what the engine changed or could not do
    # Off-policy estimate of the gain in employment over the historical placements
    policy_estimate = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.programme} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


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
    # Up to three next-best locations: [{"location": id, "value": score}, ...]
    alternatives = models.JSONField(default=list, blank=True)

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


class PairRuleKind(models.TextChoices):
    LOCK = "lock", _("Lock: place the household here")
    BAR = "bar", _("Bar: never place the household here")


class PairRule(BaseModel):
    """A coordinator's lock or bar of a household-location pair for a run and its re-solves."""

    run = models.ForeignKey(PlacementRun, on_delete=models.CASCADE, related_name="pair_rules")
    household = models.ForeignKey("people.Household", on_delete=models.CASCADE, related_name="+")
    location = models.ForeignKey(PlacementLocation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=PairRuleKind.choices)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["run", "household__reference", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "household", "location"], name="one_rule_per_pair_and_run"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.household_id} {self.location_id}"


class PlacementNotice(BaseModel):
    """What a receiving organisation was told when a run was finalised: household
    references and sizes per location, never names."""

    run = models.ForeignKey(PlacementRun, on_delete=models.CASCADE, related_name="notices")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="placement_notices"
    )
    location = models.ForeignKey(PlacementLocation, on_delete=models.PROTECT, related_name="+")
    households = models.JSONField(default=list)  # [{"reference": ..., "persons": n}, ...]
    persons = models.PositiveIntegerField(default=0)
    recipients = models.PositiveIntegerField(default=0)  # e-mails sent

    class Meta:
        ordering = ["-created_at", "location__place__name"]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.location}"


class OutcomeHorizon(models.TextChoices):
    DAYS_90 = "90d", _("Employment at 90 days")
    MONTHS_12 = "12m", _("Employment at 12 months")


class ModelStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    TRAINING = "training", _("Training")
    READY = "ready", _("Ready")
    INSUFFICIENT = "insufficient", _("Not enough history")
    FAILED = "failed", _("Failed")


class OutcomeModel(BaseModel):
    """An expected-employment model of a programme, trained on its historical placements
    and employment observations; stores its cross-validated calibration figures."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="placement_outcome_models"
    )
    horizon = models.CharField(_("outcome"), max_length=5, choices=OutcomeHorizon.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ModelStatus.choices, default=ModelStatus.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    samples = models.PositiveIntegerField(default=0)
    base_rate = models.FloatField(null=True, blank=True)
    calibration = models.JSONField(default=dict, blank=True)
    # The fitted estimator, serialised by the domain model and checked by its digest
    fitted = models.BinaryField(null=True, blank=True, editable=False)
    digest = models.CharField(max_length=64, blank=True)
    message = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.programme} · {self.horizon} · {self.created_at:%Y-%m-%d}"
