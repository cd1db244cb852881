"""Programme self-assessment (DESIGN §1 F): item banks (reference data loaded from
`data/framework_*.json` or imported), rounds answered by a programme's coordinator and
signed off by a reviewer, evidence, the participation section, and the action plan.

Organisation-level information only: no refugee is named anywhere in this app. Users
who answered or signed off are referenced by foreign key, as in the exchange.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from welcomehub.core.models import BaseModel
from welcomehub.core.taxonomy import CodeListValidator, CodeValidator

SCORES = (0, 50, 100)


class Framework(BaseModel):
    """One version of an item bank; `organisation` is empty for the shipped bank and names
    the importer of a national template."""

    code = models.CharField(_("code"), max_length=60)
    version = models.CharField(_("version"), max_length=20)
    title = models.JSONField(_("title"), default=dict)
    source = models.TextField(_("source"), blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluation_frameworks",
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="unique_framework_version")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.version}"


class Area(BaseModel):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("code"), max_length=60)
    title = models.JSONField(_("title"), default=dict)
    weight = models.FloatField(_("weight"), default=1.0)
    exchange_topics = models.JSONField(
        default=list, blank=True, validators=[CodeListValidator("exchange_topics")]
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_area_code"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="area_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.code


class Item(BaseModel):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=60)
    dimension = models.CharField(
        _("dimension"), max_length=20, validators=[CodeValidator("evaluation_dimensions")]
    )
    tier = models.CharField(
        _("tier"), max_length=20, validators=[CodeValidator("evaluation_tiers")]
    )
    text = models.JSONField(_("text"), default=dict)
    guidance = models.JSONField(_("guidance"), default=dict, blank=True)
    evidence = models.JSONField(_("evidence expected"), default=dict, blank=True)
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_item_code")
        ]

    def __str__(self) -> str:
        return self.code


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open for answers")
    SUBMITTED = "submitted", _("Waiting for sign-off")
    SIGNED_OFF = "signed_off", _("Signed off")


class Round(BaseModel):
    """One self-assessment of a programme against one framework version."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="evaluation_rounds"
    )
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(_("title"), max_length=200)
    assessed_on = models.DateField(_("date of the assessment"))
    resettlement_context = models.CharField(
        _("resettlement context"),
        max_length=20,
        validators=[CodeValidator("resettlement_contexts")],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    shared = models.BooleanField(_("shared for comparison with every programme"), default=False)
    # Frozen at sign-off: overall, areas and dimensions (see scoring.py), so later
    # edits of the item bank's wording never change a published score.
    scores = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["programme", "-assessed_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_locked(self) -> bool:
        return self.status == RoundStatus.SIGNED_OFF


class Answer(BaseModel):
    """An item's answer: 0, 50 or 100, or not applicable; unanswered while both are empty."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, choices=[(s, str(s)) for s in SCORES]
    )
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    note = models.TextField(_("note"), blank=True)
    link = models.URLField(_("link to evidence"), blank=True, max_length=500)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["round", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "item"], name="one_answer_per_item"),
            models.CheckConstraint(
                condition=~(models.Q(value__isnull=False) & models.Q(not_applicable=True)),
                name="score_or_not_applicable",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}={self.value}"

    def clean(self) -> None:
        if self.value is not None and self.value not in SCORES:
            raise ValidationError({"value": _("A score is 0, 50 or 100.")})
        if self.value is not None and self.not_applicable:
            raise ValidationError(_("An item is scored or not applicable, not both."))

    @property
    def is_answered(self) -> bool:
        return self.value is not None or self.not_applicable


class Evidence(BaseModel):
    """A file kept under the data directory, served only through an access-gated view."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="files")
    stored_name = models.CharField(max_length=200, unique=True)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["answer", "id"]

    def __str__(self) -> str:
        return self.original_name


class Participation(BaseModel):
    """How refugees took part in the round: methods, counts and organisations, no names."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="participation")
    methods = models.JSONField(
        _("how refugees took part"),
        default=list,
        blank=True,
        validators=[CodeListValidator("participation_methods")],
    )
    sessions = models.PositiveIntegerField(_("number of sessions"), default=0)
    representatives = models.PositiveIntegerField(
        _("number of refugee representatives (a count, no names)"), default=0
    )
    organisations = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("refugee-led organisations that took part"),
    )
    summary = models.TextField(_("what the representatives said (no names)"), blank=True)

    def __str__(self) -> str:
        return f"participation in {self.round_id}"


class Action(BaseModel):
    """A step to close a gap, tracked from the round that found it to the next ones."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"),
        max_length=20,
        default="planned",
        validators=[CodeValidator("evaluation_action_statuses")],
    )

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class LessonKind(models.TextChoices):
    NEED = "need", _("Need")
    OFFER = "offer", _("Offer")


class Lesson(BaseModel):
    """A draft need or offer this round put into the exchange (gap → need, strength →
    offer), kept so the round shows what it produced."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="lessons")
    kind = models.CharField(max_length=10, choices=LessonKind.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    need = models.ForeignKey(
        "exchange.Need", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    offer = models.ForeignKey(
        "exchange.Offer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["round", "kind", "area__position"]

    def __str__(self) -> str:
        return f"{self.kind} {self.area_id}"
