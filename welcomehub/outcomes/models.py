"""The indicator catalogue (reference data, loaded from `data/indicators.json`) and the
assessments that measure each person against it (personal data)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from welcomehub.core.models import BaseModel
from welcomehub.core.taxonomy import CodeValidator


class Catalogue(BaseModel):
    """One loaded version of the indicator catalogue data file."""

    version = models.CharField(max_length=20, unique=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.version


class ScaleKind(models.TextChoices):
    CHOICE = "choice", _("Choice")
    COUNT = "count", _("Count")


class Scale(BaseModel):
    """Answers are whole numbers from `minimum` to `maximum`; `labels` name some of them
    in each interface language (every value of a choice scale, a count's top value)."""

    code = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=10, choices=ScaleKind.choices)
    minimum = models.IntegerField()
    maximum = models.IntegerField()
    labels = models.JSONField(default=dict)
    catalogue = models.ForeignKey(Catalogue, on_delete=models.PROTECT, related_name="scales")

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(maximum__gt=models.F("minimum")), name="scale_has_a_range"
            )
        ]

    def __str__(self) -> str:
        return self.code


class IndicatorKind(models.TextChoices):
    OUTPUT = "output", _("Output")
    OUTCOME = "outcome", _("Outcome")


class Indicator(BaseModel):
    code = models.CharField(max_length=60, unique=True)
    domain = models.CharField(max_length=40, validators=[CodeValidator("integration_domains")])
    kind = models.CharField(max_length=10, choices=IndicatorKind.choices)
    text = models.JSONField(default=dict)
    active = models.BooleanField(default=True)
    catalogue = models.ForeignKey(Catalogue, on_delete=models.PROTECT, related_name="indicators")

    class Meta:
        ordering = ["domain", "code"]

    def __str__(self) -> str:
        return self.code


class Question(BaseModel):
    """A survey question in every interface language (`text`: language → wording).

    `zaragoza` and `oecd` name the closest comparable indicator of those frameworks.
    """

    code = models.CharField(max_length=40, unique=True)
    domain = models.CharField(max_length=40, validators=[CodeValidator("integration_domains")])
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="questions"
    )
    scale = models.ForeignKey(Scale, on_delete=models.PROTECT, related_name="questions")
    text = models.JSONField(default=dict)
    higher_is_better = models.BooleanField(default=True)
    zaragoza = models.CharField(max_length=200, null=True, blank=True)
    oecd = models.CharField(max_length=200, null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)
    catalogue = models.ForeignKey(Catalogue, on_delete=models.PROTECT, related_name="questions")

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.code


class AssessmentKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline (at arrival)")
    FOLLOW_UP_6 = "follow_up_6", _("Follow-up at 6 months")
    FOLLOW_UP_12 = "follow_up_12", _("Follow-up at 12 months")
    FOLLOW_UP_24 = "follow_up_24", _("Follow-up at 24 months")
    EVENT = "event", _("At an event")


class AssessmentEvent(models.TextChoices):
    FIRST_JOB = "first_job", _("First job")
    HOUSING_MOVE = "housing_move", _("Housing move")
    SCHOOL_ENTRY = "school_entry", _("School entry")


class AnsweredBy(models.TextChoices):
    REFUGEE = "refugee", _("The person themself")
    CASEWORKER = "caseworker", _("The caseworker")
    TOGETHER = "together", _("Together")


class Assessment(BaseModel):
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="assessments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AssessmentKind.choices)
    event = models.CharField(_("event"), max_length=20, choices=AssessmentEvent.choices, blank=True)
    date = models.DateField(_("date"))
    answered_by = models.CharField(_("answered by"), max_length=20, choices=AnsweredBy.choices)
    language = models.CharField(_("language of the questions"), max_length=10)
    catalogue_version = models.CharField(max_length=20)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["person", "date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(kind="baseline"),
                name="one_baseline_per_person",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="event") & ~models.Q(event="")
                    | ~models.Q(kind="event") & models.Q(event="")
                ),
                name="event_type_only_for_events",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.date:%Y-%m-%d}"


class Observation(BaseModel):
    """One answer; a skipped question has no row."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="observations"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="observations")
    value = models.IntegerField()

    class Meta:
        ordering = ["assessment", "question__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}={self.value}"


class DomainChange(BaseModel):
    """One person's distance travelled in one domain: their baseline score, their latest
    later score (both 0-100) and the change, for the programme dashboards.

    Derived from the observations and rewritten by the outcomes services whenever an
    assessment of the person is recorded, so the dashboards aggregate one row per person
    and domain instead of every answer; a person measured only once has no row. It holds
    nothing the observations do not already hold (decision record 0016).
    """

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="domain_changes"
    )
    domain = models.CharField(max_length=40, validators=[CodeValidator("integration_domains")])
    baseline = models.FloatField()
    latest = models.FloatField()
    change = models.FloatField()
    improved = models.BooleanField()
    # The person's consent to aggregate statistics, copied so the dashboards need no
    # lookup per row; `facts.sync_consent` re-reads it after any consent write.
    counted = models.BooleanField(default=False)

    class Meta:
        ordering = ["person", "domain"]
        constraints = [
            models.UniqueConstraint(fields=["person", "domain"], name="one_change_per_domain")
        ]
        # Everything the dashboards add up, so they read the index alone.
        indexes = [
            models.Index(
                fields=["person", "domain", "counted", "improved", "baseline", "change"],
                name="domain_change_sums",
            )
        ]

    def __str__(self) -> str:
        return f"{self.domain} {self.change:+.1f}"


class LifeEvent(BaseModel):
    """A turning point a caseworker notes (first job, housing move, school entry): it makes
    an assessment at that event due, until one dated on or after it is recorded."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    event = models.CharField(_("event"), max_length=20, choices=AssessmentEvent.choices)
    date = models.DateField(_("date"))
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["person", "date", "id"]

    def __str__(self) -> str:
        return f"{self.event} {self.date:%Y-%m-%d}"
