"""Community sponsorship (sources 001, 002): sponsor groups under one of three models,
their members' checks and training, named sponsorship requests, sponsorships with a
settlement plan, monitoring check-ins and escalation to the programme's safety net.

Names, contact details, case numbers and notes are encrypted; statuses and codes are not,
so lists can be filtered without decrypting anything.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from welcomehub.core.fields import EncryptedTextField
from welcomehub.core.models import BaseModel
from welcomehub.core.taxonomy import CodeListValidator, CodeValidator

# Groups of individuals need at least this many members (as in Canada's "Group of Five").
MIN_INDIVIDUALS = 5


class GroupKind(models.TextChoices):
    COMMUNITY = "community_group", _("Community group")
    ORGANISATION = "organisation", _("Organisation")
    INDIVIDUALS = "individuals", _("Group of individuals")


class SponsorGroup(BaseModel):
    """A group that receives and supports a household; overseen by `organisation`, a
    partner of the programme, whose staff with sponsorship.manage check and match it."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="sponsor_groups"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="sponsor_groups",
        verbose_name=_("overseen by"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of group"), max_length=20, choices=GroupKind.choices)
    model = models.CharField(
        _("sponsorship model"), max_length=30, validators=[CodeValidator("sponsorship_models")]
    )
    place = models.ForeignKey(
        "programmes.Place",
        on_delete=models.PROTECT,
        related_name="sponsor_groups",
        verbose_name=_("place"),
    )
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, validators=[CodeListValidator("languages")]
    )
    supports = models.JSONField(
        _("needs the group can support"),
        default=list,
        blank=True,
        validators=[CodeListValidator("placement_needs")],
    )
    housing_persons = models.PositiveSmallIntegerField(_("people the housing can take"))
    households_capacity = models.PositiveSmallIntegerField(
        _("households the group can sponsor at once"), default=1
    )
    funds_available = models.DecimalField(
        _("funds available"), max_digits=12, decimal_places=2, default=0
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class CheckKind(models.TextChoices):
    IDENTITY = "identity", _("Identity check")
    POLICE = "police", _("Police or safeguarding check")


class TrainingModule(models.TextChoices):
    INDUCTION = "induction", _("Sponsorship induction")
    SAFEGUARDING = "safeguarding", _("Safeguarding")
    BOUNDARIES = "boundaries", _("Roles and boundaries")
    TRAUMA = "trauma", _("Trauma awareness")


REQUIRED_CHECKS = (CheckKind.IDENTITY, CheckKind.POLICE)
REQUIRED_TRAINING = (TrainingModule.INDUCTION, TrainingModule.SAFEGUARDING)


class GroupMember(BaseModel):
    group = models.ForeignKey(SponsorGroup, on_delete=models.CASCADE, related_name="members")
    name = EncryptedTextField(_("name"))
    contact = EncryptedTextField(_("phone or e-mail"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sponsor_memberships",
        verbose_name=_("sponsor account"),
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"], name="sponsorship_one_member_per_account"
            )
        ]

    def __str__(self) -> str:
        return f"member {self.pk} of {self.group_id}"


class MemberCheck(BaseModel):
    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(_("check"), max_length=20, choices=CheckKind.choices)
    issued_by = models.CharField(_("issued by"), max_length=200, blank=True)
    reference = EncryptedTextField(_("certificate number"), blank=True)
    checked_on = models.DateField(_("checked on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-checked_on", "-id"]


class MemberTraining(BaseModel):
    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE, related_name="trainings")
    module = models.CharField(_("module"), max_length=20, choices=TrainingModule.choices)
    completed_on = models.DateField(_("completed on"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=0)

    class Meta:
        ordering = ["-completed_on", "-id"]


class Decision(models.TextChoices):
    PENDING = "pending", _("Waiting for the programme's decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class NamedRequest(BaseModel):
    """Refugees a group of the `named` model names; the programme checks additionality
    and protection need, then decides with reasons."""

    group = models.ForeignKey(SponsorGroup, on_delete=models.PROTECT, related_name="named_requests")
    names = EncryptedTextField(_("names of the people named"))
    case_number = EncryptedTextField(_("UNHCR or case number"), blank=True)
    relationship = models.CharField(_("relationship to the group"), max_length=200)
    current_location = EncryptedTextField(_("where they are now"))
    persons = models.PositiveSmallIntegerField(_("number of people"))
    status = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    additional = models.BooleanField(
        _("additional to government resettlement places"), null=True, blank=True
    )
    protection_need = models.BooleanField(_("has a protection need"), null=True, blank=True)
    reasons = models.TextField(_("reasons for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class SponsorshipStatus(models.TextChoices):
    APPROVED = "approved", _("Match approved")
    INTRODUCED = "introduced", _("Introduced")
    BROKEN_DOWN = "broken_down", _("Broken down: safety net")
    COMPLETED = "completed", _("Completed")


class Sponsorship(BaseModel):
    """A group sponsoring a household: approved from a suggestion, then introduced."""

    group = models.ForeignKey(SponsorGroup, on_delete=models.PROTECT, related_name="sponsorships")
    household = models.ForeignKey(
        "people.Household", on_delete=models.PROTECT, related_name="sponsorships"
    )
    named_request = models.ForeignKey(
        NamedRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=12, choices=SponsorshipStatus.choices)
    score = models.FloatField(default=0)
    reasons = models.JSONField(default=list, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    introduced_on = models.DateField(_("introduced on"), null=True, blank=True)
    arrival_date = models.DateField(_("arrival date"), null=True, blank=True)
    plan_signed_off_at = models.DateTimeField(null=True, blank=True)
    plan_signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"sponsorship {self.pk}"


class PlanArea(models.TextChoices):
    RECEPTION = "reception", _("Reception")
    HOUSING = "housing", _("Housing")
    INCOME = "income_support", _("Income support")
    ORIENTATION = "orientation", _("Orientation")
    LANGUAGE = "language", _("Language")
    EMPLOYMENT = "employment", _("Employment")
    SCHOOLING = "schooling", _("Schooling")


class PlanItem(BaseModel):
    """One area of the settlement plan: who does what, and what money it commits."""

    sponsorship = models.ForeignKey(Sponsorship, on_delete=models.CASCADE, related_name="plan")
    area = models.CharField(_("area"), max_length=20, choices=PlanArea.choices)
    responsible = models.CharField(_("who"), max_length=200)
    actions = models.TextField(_("what they do"))
    monthly_amount = models.DecimalField(
        _("amount per month"), max_digits=10, decimal_places=2, default=0
    )
    months = models.PositiveSmallIntegerField(_("months"), default=0)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sponsorship", "area"], name="sponsorship_one_item_per_area"
            )
        ]

    @property
    def committed(self) -> object:
        return self.monthly_amount * self.months


class Flag(models.TextChoices):
    HOUSING = "housing", _("Housing problem")
    MONEY = "money", _("Money difficulties")
    HEALTH = "health", _("Health or wellbeing concern")
    SCHOOL = "school", _("Schooling problem")
    RELATIONSHIP = "relationship", _("Strain between family and group")
    SAFEGUARDING = "safeguarding", _("Safeguarding concern")


class CheckIn(BaseModel):
    sponsorship = models.ForeignKey(Sponsorship, on_delete=models.CASCADE, related_name="checkins")
    day = models.PositiveSmallIntegerField(_("day after arrival"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sponsorship", "day"], name="sponsorship_one_checkin_per_day"
            )
        ]

    @property
    def flag_labels(self) -> list[str]:
        return [str(Flag(code).label) for code in self.flags if code in Flag.values]


class BreakdownReason(models.TextChoices):
    GROUP_WITHDREW = "group_withdrew", _("The group withdrew")
    RELATIONSHIP = "relationship", _("The relationship broke down")
    FUNDS = "funds", _("The group's funds ran out")
    SAFEGUARDING = "safeguarding", _("A safeguarding concern")
    HOUSING = "housing", _("The housing was lost")


class Escalation(BaseModel):
    """A sponsorship that broke down, handed to the programme's safety net."""

    sponsorship = models.OneToOneField(
        Sponsorship, on_delete=models.PROTECT, related_name="escalation"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=BreakdownReason.choices)
    details = EncryptedTextField(_("what happened"), blank=True)
    occurred_on = models.DateField(_("broke down on"))
    safety_net = models.TextField(_("what the safety net provides"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )


class Continuity(BaseModel):
    """Who takes over one area of the plan after a breakdown, and from when."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="continuity")
    area = models.CharField(_("area"), max_length=20, choices=PlanArea.choices)
    taken_over_by = models.CharField(_("taken over by"), max_length=200)
    starts_on = models.DateField(_("from"))

    class Meta:
        ordering = ["id"]


class Outcome(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")


class ClosingTheme(models.TextChoices):
    """What went well or was hard over the sponsorship: one list for both questions."""

    HOUSING = "housing", _("Housing")
    MONEY = "money", _("Money and benefits")
    LANGUAGE = "language", _("Learning the language")
    WORK = "work", _("Finding work")
    SCHOOL = "school", _("School and childcare")
    HEALTH = "health", _("Health and wellbeing")
    SERVICES = "services", _("Finding one's way around services")
    FRIENDSHIPS = "friendships", _("Friendships and local ties")
    RELATIONSHIP = "relationship", _("The relationship between family and group")


class Closing(BaseModel):
    """The closing review when the group's commitment period ends: outcome per area of
    the plan, what went well and what was hard, and whether the family wants to stay in
    touch with the group. Recording it completes the sponsorship, for good."""

    sponsorship = models.OneToOneField(
        Sponsorship, on_delete=models.PROTECT, related_name="closing"
    )
    closed_on = models.DateField(_("closed on"))
    went_well = models.JSONField(_("what went well"), default=list, blank=True)
    was_hard = models.JSONField(_("what was hard"), default=list, blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    stay_in_touch = models.BooleanField(_("the family wants to stay in touch with the group"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def went_well_labels(self) -> list[str]:
        return [str(ClosingTheme(c).label) for c in self.went_well if c in ClosingTheme.values]

    def was_hard_labels(self) -> list[str]:
        return [str(ClosingTheme(c).label) for c in self.was_hard if c in ClosingTheme.values]


class AreaOutcome(BaseModel):
    """How one area of the settlement plan ended."""

    closing = models.ForeignKey(Closing, on_delete=models.CASCADE, related_name="outcomes")
    area = models.CharField(_("area"), max_length=20, choices=PlanArea.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["closing", "area"], name="sponsorship_one_outcome_per_area"
            )
        ]
