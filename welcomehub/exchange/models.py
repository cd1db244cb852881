"""The needs and opportunities exchange (DESIGN §1 B): rounds, answers, needs, offers,
suggestions and introductions.

Organisation-level information only: no personal data is stored here. Focal points and
coordinators are users, referenced by foreign key; their contact details stay on their
accounts and are shown only through an introduction both sides accepted.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from welcomehub.core.models import BaseModel
from welcomehub.core.taxonomy import CodeListValidator, CodeValidator


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class SurveyRound(BaseModel):
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    questionnaire_version = models.CharField(_("questionnaire version"), max_length=20)
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="exchange_rounds",
        verbose_name=_("coordinating organisation"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("opened by"),
    )
    invited = models.ManyToManyField(
        "accounts.Organisation",
        related_name="exchange_invitations",
        verbose_name=_("invited organisations"),
    )
    recommendations = models.TextField(_("report and recommendations"), blank=True)

    class Meta:
        ordering = ["-period_start", "-id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_start > self.period_end:
            raise ValidationError({"period_end": _("The period ends before it starts.")})


class AnswerStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Twinning(models.TextChoices):
    NONE = "none", _("Not now")
    MENTOR = "mentor", _("As a mentor")
    MENTEE = "mentee", _("As a mentee")
    PEER = "peer", _("As a peer")


class Answer(BaseModel):
    """One organisation's answer to one round; read-only once submitted."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="answers")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="exchange_answers"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AnswerStatus.choices, default=AnswerStatus.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    twinning = models.CharField(
        _("willing to be twinned"), max_length=10, choices=Twinning.choices, default=Twinning.NONE
    )
    funding_sources = models.TextField(_("suggested funding sources for exchanges"), blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation"], name="one_answer_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.organisation}"

    @property
    def is_submitted(self) -> bool:
        return self.status == AnswerStatus.SUBMITTED


class Entry(BaseModel):
    """What a need and an offer share: codes of DESIGN §5 and a free description."""

    topics = models.JSONField(
        _("topics"), default=list, validators=[CodeListValidator("exchange_topics")]
    )
    modalities = models.JSONField(
        _("modalities"),
        default=list,
        blank=True,
        validators=[CodeListValidator("exchange_modalities")],
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[CodeListValidator("languages")]
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        abstract = True
        ordering = ["id"]


class Need(Entry):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="needs")

    def __str__(self) -> str:
        return f"need {self.pk}"


class OfferKind(models.TextChoices):
    SPECIALISATION = "specialisation", _("Area of specialisation")
    SECONDMENT = "secondment", _("Secondment")
    TRAINING = "training", _("Training")
    RESOURCE = "resource", _("Resource or manual")
    MULTILINGUAL_INFORMATION = "multilingual_information", _("Multilingual information")
    CASELOAD_BRIEFING = "caseload_briefing", _("Caseload briefing")
    STUDY_VISIT = "study_visit", _("Study visit")
    CONFERENCE = "conference", _("Conference")
    MAILING_LIST = "mailing_list", _("Mailing list people can join")


# The kind of an offer counts as its modality where DESIGN §5 has one; an area of
# specialisation is offered as advice.
KIND_MODALITY = {
    OfferKind.SPECIALISATION: "advice",
    OfferKind.SECONDMENT: "secondment",
    OfferKind.TRAINING: "training",
    OfferKind.RESOURCE: "resource",
    OfferKind.MULTILINGUAL_INFORMATION: "multilingual_information",
    OfferKind.CASELOAD_BRIEFING: "caseload_briefing",
    OfferKind.STUDY_VISIT: "study_visit",
    OfferKind.CONFERENCE: "conference",
    OfferKind.MAILING_LIST: "mailing_list",
}


class Offer(Entry):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="offers")
    kind = models.CharField(_("kind"), max_length=30, choices=OfferKind.choices)

    def __str__(self) -> str:
        return f"offer {self.pk}"

    def engine_modalities(self) -> tuple[str, ...]:
        kind_modality = KIND_MODALITY.get(OfferKind(self.kind)) if self.kind else None
        extra = [kind_modality] if kind_modality and kind_modality not in self.modalities else []
        return (*self.modalities, *extra)


class Suggestion(BaseModel):
    """An offer the engine suggests for a need, with its score and reasons."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="suggestions")
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="suggestions")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="suggestions")
    score = models.FloatField()
    reasons = models.JSONField(default=list)

    class Meta:
        ordering = ["need_id", "-score", "offer_id"]
        constraints = [
            models.UniqueConstraint(fields=["need", "offer"], name="one_suggestion_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.need} ← {self.offer} ({self.score})"


class IntroductionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED_BY_NEED_SIDE = "accepted_by_need_side", _("Accepted by the side with the need")
    ACCEPTED_BY_OFFER_SIDE = "accepted_by_offer_side", _("Accepted by the side with the offer")
    ACCEPTED = "accepted", _("Accepted by both sides")
    IN_CONTACT = "in_contact", _("In contact")
    EXCHANGE_HELD = "exchange_held", _("Exchange held")
    OUTCOME_RECORDED = "outcome_recorded", _("Outcome recorded")
    DECLINED = "declined", _("Declined")


class Introduction(BaseModel):
    """ "Put people in touch": contact details are shared only after both sides accept."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="introductions")
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="introductions")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="introductions")
    suggestion = models.ForeignKey(
        Suggestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        max_length=30, choices=IntroductionStatus.choices, default=IntroductionStatus.PROPOSED
    )
    need_accepted_at = models.DateTimeField(null=True, blank=True)
    offer_accepted_at = models.DateTimeField(null=True, blank=True)
    declined_reason_code = models.CharField(
        _("reason for declining"),
        max_length=30,
        blank=True,
        validators=[CodeValidator("exchange_decline_reasons")],
    )
    declined_reason = models.TextField(_("reason for declining"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["need", "offer"], name="one_introduction_per_pair")
        ]

    def __str__(self) -> str:
        return f"introduction {self.pk}"

    @property
    def both_accepted(self) -> bool:
        return self.need_accepted_at is not None and self.offer_accepted_at is not None


RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class FollowUp(BaseModel):
    """The short follow-up survey one side of an introduction answers once the exchange
    was held. A row exists from the moment the side is asked; `answered_at` is set when
    it answers."""

    introduction = models.ForeignKey(
        Introduction, on_delete=models.CASCADE, related_name="followups"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="exchange_followups"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=RATING_VALIDATORS
    )
    exchange_held = models.BooleanField(_("the exchange took place"), default=False)
    exchanged = models.TextField(_("what was exchanged"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["introduction_id", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["introduction", "organisation"], name="one_followup_per_side"
            )
        ]

    def __str__(self) -> str:
        return f"follow-up {self.introduction_id} · {self.organisation_id}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


# Twinning (DESIGN §1 B): organisations of a round sign up, the coordinator proposes
# pairs computed by `matching/twinning.py`, both sides accept, and the pair records an
# agreement, check-ins and a closing review that feeds the library.


class TwinningRole(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")
    PEER = "peer", _("Peer")


class TwinningSignup(BaseModel):
    round = models.ForeignKey(
        SurveyRound, on_delete=models.CASCADE, related_name="twinning_signups"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="twinning_signups"
    )
    role = models.CharField(_("twinned as"), max_length=10, choices=TwinningRole.choices)
    pair_kinds = models.JSONField(
        _("acceptable pairs"), default=list, validators=[CodeListValidator("twinning_pair_kinds")]
    )
    topics = models.JSONField(
        _("topics"), default=list, blank=True, validators=[CodeListValidator("exchange_topics")]
    )
    languages = models.JSONField(
        _("working languages"),
        default=list,
        blank=True,
        validators=[CodeListValidator("languages")],
    )
    statement = models.TextField(_("what the organisation hopes for"), blank=True)
    signed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"], name="one_twinning_signup_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.role})"

    def clean(self) -> None:
        if not self.pair_kinds:
            raise ValidationError({"pair_kinds": _("Choose at least one kind of pair.")})


class TwinningPairStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED_BY_FIRST = "accepted_by_first", _("Accepted by the first organisation")
    ACCEPTED_BY_SECOND = "accepted_by_second", _("Accepted by the second organisation")
    ACCEPTED = "accepted", _("Accepted by both")
    ACTIVE = "active", _("Agreement in force")
    CLOSED = "closed", _("Closed with a review")
    DECLINED = "declined", _("Declined")


class TwinningPair(BaseModel):
    """A proposed twinning of two sign-ups of one round. `first` is the mentor of a
    mentor-mentee pair; peers are ordered by sign-up id."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="twinning_pairs")
    first = models.ForeignKey(TwinningSignup, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(TwinningSignup, on_delete=models.CASCADE, related_name="+")
    pair_kind = models.CharField(
        _("kind of pair"), max_length=20, validators=[CodeValidator("twinning_pair_kinds")]
    )
    score = models.FloatField(_("score"), default=0.0)
    reasons = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TwinningPairStatus.choices,
        default=TwinningPairStatus.PROPOSED,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_accepted_at = models.DateTimeField(null=True, blank=True)
    second_accepted_at = models.DateTimeField(null=True, blank=True)
    declined_reason_code = models.CharField(
        _("reason for declining"),
        max_length=30,
        blank=True,
        validators=[CodeValidator("exchange_decline_reasons")],
    )
    declined_reason = models.TextField(_("reason for declining"), blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="one_twinning_pair"),
            models.CheckConstraint(
                condition=~models.Q(first=models.F("second")), name="twinning_pair_distinct"
            ),
        ]

    def __str__(self) -> str:
        return f"twinning {self.pk}"

    @property
    def both_accepted(self) -> bool:
        return self.first_accepted_at is not None and self.second_accepted_at is not None


class TwinningAgreement(BaseModel):
    pair = models.OneToOneField(TwinningPair, on_delete=models.CASCADE, related_name="agreement")
    goals = models.TextField(_("goals"))
    activities = models.JSONField(
        _("forms of exchange"),
        default=list,
        blank=True,
        validators=[CodeListValidator("exchange_modalities")],
    )
    topics = models.JSONField(
        _("topics"), default=list, blank=True, validators=[CodeListValidator("exchange_topics")]
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"agreement {self.pk}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.starts_on > self.ends_on:
            raise ValidationError({"ends_on": _("The agreement ends before it starts.")})


class TwinningCheckIn(BaseModel):
    agreement = models.ForeignKey(
        TwinningAgreement, on_delete=models.CASCADE, related_name="checkins"
    )
    held_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"))
    on_track = models.BooleanField(_("on track"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"check-in {self.pk}"


class TwinningReview(BaseModel):
    """The closing review of an agreement: what worked and what did not."""

    agreement = models.OneToOneField(
        TwinningAgreement, on_delete=models.CASCADE, related_name="review"
    )
    what_worked = models.TextField(_("what worked"))
    what_did_not = models.TextField(_("what did not work"))
    lessons = models.TextField(_("lessons for others"), blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), validators=RATING_VALIDATORS)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"review {self.pk}"
