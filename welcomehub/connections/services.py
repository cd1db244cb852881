"""Writes for volunteers and matches. Each service checks the actor's permission in the
volunteer's organisation, validates, saves and appends one audit row in one transaction.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.accounts.models import Organisation
from welcomehub.accounts.permissions import has_perm
from welcomehub.accounts.services import member_invite
from welcomehub.connections import selectors
from welcomehub.connections.matching.compatibility import (
    HouseholdProfile,
    VolunteerProfile,
    suggest,
)
from welcomehub.connections.models import (
    ACTIVE_MATCH_STATUSES,
    Clearance,
    HoursEntry,
    Insurance,
    Interview,
    Match,
    MatchStatus,
    SessionKind,
    SupervisionSession,
    TrainingRecord,
    Volunteer,
    VolunteerReference,
    VolunteerStatus,
)
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction
from welcomehub.people.models import Household
from welcomehub.people.selectors import buddy_preferences, consent_is_active
from welcomehub.programmes.models import Place

MANAGE = "volunteer.manage"
OWN = "own_volunteering.view"


def _today() -> datetime.date:
    return timezone.localdate()


def _require_manager(actor: Any, organisation_id: int) -> None:
    if not has_perm(actor, MANAGE, organisation_id):
        raise PermissionDenied


def _audit(actor: Any, action: str, obj: Any, organisation_id: int, **detail: Any) -> None:
    audit_record(
        actor=actor, action=action, obj=obj, organisation_id=organisation_id, detail=detail
    )


def _into_screening(volunteer: Volunteer) -> None:
    if volunteer.status == VolunteerStatus.APPLIED:
        volunteer.status = VolunteerStatus.SCREENING
        volunteer.save(update_fields=["status", "updated_at"])


def _record(actor: Any, volunteer: Volunteer, record: Any, *, screening: bool = False) -> Any:
    """Validate and save one record about a volunteer, audited; a screening step moves an
    application into screening."""
    record.full_clean()
    record.save()
    if screening:
        _into_screening(volunteer)
    _audit(actor, AuditAction.CREATE, record, volunteer.organisation_id, volunteer=volunteer.pk)
    return record


# Application ------------------------------------------------------------------------


@transaction.atomic
def volunteer_apply(
    *,
    actor: Any,
    organisation: Organisation,
    given_name: str,
    email: str,
    languages: list[str],
    availability: list[str],
    role_wanted: str,
    family_name: str = "",
    phone: str = "",
    sex: str = "",
    place: Place | None = None,
    interests: list[str] | None = None,
    motivation: str = "",
    from_refugee_community: bool = False,
) -> Volunteer:
    """A public application: an applicant record, no account yet."""
    if not languages:
        raise ValidationError({"languages": _("Choose at least one language you speak.")})
    if not availability:
        raise ValidationError({"availability": _("Choose when you are available.")})
    volunteer = Volunteer(
        organisation=organisation,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        sex=sex,
        place=place,
        languages=sorted(set(languages)),
        availability=sorted(set(availability)),
        interests=sorted(set(interests or [])),
        role_wanted=role_wanted,
        motivation=motivation.strip(),
        from_refugee_community=from_refugee_community,
    )
    volunteer.full_clean()
    volunteer.save()
    _audit(actor, AuditAction.CREATE, volunteer, organisation.pk, via="application")
    return volunteer


# Screening ----------------------------------------------------------------------------


@transaction.atomic
def interview_record(
    *,
    actor: Any,
    volunteer: Volunteer,
    held_on: datetime.date,
    recommendation: str,
    notes: str = "",
) -> Interview:
    _require_manager(actor, volunteer.organisation_id)
    if held_on > _today():
        raise ValidationError({"held_on": _("The interview cannot be in the future.")})
    interview = Interview(
        volunteer=volunteer,
        held_on=held_on,
        interviewer=actor,
        recommendation=recommendation,
        notes=notes,
    )
    return _record(actor, volunteer, interview, screening=True)


@transaction.atomic
def reference_add(
    *,
    actor: Any,
    volunteer: Volunteer,
    referee_name: str,
    referee_contact: str,
    relationship: str = "",
) -> VolunteerReference:
    _require_manager(actor, volunteer.organisation_id)
    if volunteer.references.count() >= 2:
        raise ValidationError(_("Two references are recorded already."))
    reference = VolunteerReference(
        volunteer=volunteer,
        referee_name=referee_name,
        referee_contact=referee_contact,
        relationship=relationship,
    )
    return _record(actor, volunteer, reference, screening=True)


@transaction.atomic
def reference_check(
    *,
    actor: Any,
    reference: VolunteerReference,
    satisfactory: bool,
    checked_on: datetime.date | None = None,
) -> VolunteerReference:
    volunteer = reference.volunteer
    _require_manager(actor, volunteer.organisation_id)
    reference.checked_on = checked_on or _today()
    if reference.checked_on > _today():
        raise ValidationError({"checked_on": _("The check cannot be in the future.")})
    reference.checked_by = actor
    reference.satisfactory = satisfactory
    reference.full_clean()
    reference.save()
    _audit(actor, AuditAction.UPDATE, reference, volunteer.organisation_id, volunteer=volunteer.pk)
    return reference


@transaction.atomic
def clearance_record(
    *,
    actor: Any,
    volunteer: Volunteer,
    issuing_body: str,
    number: str,
    issued_on: datetime.date,
    expires_on: datetime.date,
) -> Clearance:
    """A police clearance the coordinator has seen: verified by the actor, now."""
    _require_manager(actor, volunteer.organisation_id)
    if issued_on > _today():
        raise ValidationError({"issued_on": _("The issue date cannot be in the future.")})
    if expires_on <= issued_on:
        raise ValidationError({"expires_on": _("The expiry date must be after the issue date.")})
    clearance = Clearance(
        volunteer=volunteer,
        issuing_body=issuing_body.strip(),
        number=number.strip(),
        issued_on=issued_on,
        expires_on=expires_on,
        verified_by=actor,
        verified_at=timezone.now(),
    )
    clearance.full_clean()
    clearance.save()
    _into_screening(volunteer)
    if volunteer.status == VolunteerStatus.SUSPENDED and not selectors.matching_blockers(
        _with_status(volunteer, VolunteerStatus.CLEARED), _today()
    ):
        volunteer.status = VolunteerStatus.CLEARED
        volunteer.status_reason = ""
        volunteer.save(update_fields=["status", "status_reason", "updated_at"])
    _audit(actor, AuditAction.CREATE, clearance, volunteer.organisation_id, volunteer=volunteer.pk)
    return clearance


def _with_status(volunteer: Volunteer, status: str) -> Volunteer:
    probe = Volunteer.objects.get(pk=volunteer.pk)
    probe.status = status
    return probe


@transaction.atomic
def agreements_sign(
    *,
    actor: Any,
    volunteer: Volunteer,
    code_of_conduct_on: datetime.date | None,
    role_boundaries_on: datetime.date | None,
) -> Volunteer:
    """Record the dates the volunteer signed the code of conduct and the role boundaries."""
    _require_manager(actor, volunteer.organisation_id)
    for name, day in (
        ("code_of_conduct_on", code_of_conduct_on),
        ("role_boundaries_on", role_boundaries_on),
    ):
        if day and day > _today():
            raise ValidationError({name: _("The date cannot be in the future.")})
    volunteer.code_of_conduct_signed_on = code_of_conduct_on
    volunteer.role_boundaries_signed_on = role_boundaries_on
    volunteer.full_clean()
    volunteer.save()
    _into_screening(volunteer)
    _audit(actor, AuditAction.UPDATE, volunteer, volunteer.organisation_id, fields=["agreements"])
    return volunteer


@transaction.atomic
def training_record(
    *,
    actor: Any,
    volunteer: Volunteer,
    module: str,
    hours: Decimal,
    completed_on: datetime.date,
) -> TrainingRecord:
    _require_manager(actor, volunteer.organisation_id)
    if completed_on > _today():
        raise ValidationError({"completed_on": _("The date cannot be in the future.")})
    record = TrainingRecord(
        volunteer=volunteer,
        module=module,
        hours=hours,
        completed_on=completed_on,
        recorded_by=actor,
    )
    return _record(actor, volunteer, record, screening=True)


def _username_for(volunteer: Volunteer) -> str:
    return f"volunteer-{volunteer.reference.lower()}"


@transaction.atomic
def volunteer_clear(*, actor: Any, volunteer: Volunteer) -> tuple[Volunteer, str, str]:
    """Clear a screened applicant and create their account (role `volunteer` in the
    organisation). Returns (volunteer, user name, one-time password shown once)."""
    _require_manager(actor, volunteer.organisation_id)
    if volunteer.status not in (VolunteerStatus.APPLIED, VolunteerStatus.SCREENING):
        raise ValidationError(_("Only an applicant in screening can be cleared."))
    gaps = selectors.screening_gaps(volunteer, _today())
    if gaps:
        raise ValidationError(_("Screening is not complete: %(gaps)s") % {"gaps": "; ".join(gaps)})
    if volunteer.user_id is not None:
        raise ValidationError(_("This volunteer has an account already."))
    username = _username_for(volunteer)
    membership, password = member_invite(
        actor=actor,
        organisation=volunteer.organisation,
        username=username,
        role_code="volunteer",
        first_name=volunteer.given_name,
    )
    volunteer.user = membership.user
    volunteer.status = VolunteerStatus.CLEARED
    volunteer.status_reason = ""
    volunteer.cleared_on = _today()
    volunteer.save()
    _audit(actor, AuditAction.UPDATE, volunteer, volunteer.organisation_id, status="cleared")
    return volunteer, username, password


DECIDABLE = {
    VolunteerStatus.REJECTED: (VolunteerStatus.APPLIED, VolunteerStatus.SCREENING),
    VolunteerStatus.WITHDRAWN: (
        VolunteerStatus.APPLIED,
        VolunteerStatus.SCREENING,
        VolunteerStatus.CLEARED,
        VolunteerStatus.SUSPENDED,
    ),
    VolunteerStatus.SUSPENDED: (VolunteerStatus.CLEARED,),
    VolunteerStatus.CLEARED: (VolunteerStatus.SUSPENDED,),
}


@transaction.atomic
def volunteer_set_status(
    *, actor: Any, volunteer: Volunteer, status: str, reason: str = ""
) -> Volunteer:
    """Reject, withdraw, suspend, or reinstate a suspended volunteer (only when nothing
    blocks matching). Ending or suspending ends the volunteer's open matches' suggestions."""
    _require_manager(actor, volunteer.organisation_id)
    allowed_from = (
        DECIDABLE.get(VolunteerStatus(status)) if status in VolunteerStatus.values else None
    )
    if not allowed_from or volunteer.status not in allowed_from:
        raise ValidationError({"status": _("This change of status is not possible.")})
    if status == VolunteerStatus.CLEARED:
        blockers = selectors.matching_blockers(_with_status(volunteer, status), _today())
        if blockers:
            raise ValidationError("; ".join(blockers))
    if status in (VolunteerStatus.REJECTED, VolunteerStatus.SUSPENDED) and not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    volunteer.status = status
    volunteer.status_reason = reason.strip()[:200]
    volunteer.save(update_fields=["status", "status_reason", "updated_at"])
    if status != VolunteerStatus.CLEARED:
        volunteer.matches.filter(status=MatchStatus.SUGGESTED).update(status=MatchStatus.DECLINED)
    _audit(actor, AuditAction.UPDATE, volunteer, volunteer.organisation_id, status=status)
    return volunteer


def suspend_lapsed(
    *, organisation_ids: set[int] | None = None, today: datetime.date | None = None
) -> list[Volunteer]:
    """Cleared volunteers whose clearance has lapsed are suspended (system action);
    called by every matching service and by the daily task."""
    today = today or _today()
    volunteers = Volunteer.objects.filter(status=VolunteerStatus.CLEARED)
    if organisation_ids is not None:
        volunteers = volunteers.filter(organisation_id__in=organisation_ids)
    suspended = []
    for volunteer in volunteers:
        if selectors.current_clearance(volunteer, today) is None:
            with transaction.atomic():
                volunteer.status = VolunteerStatus.SUSPENDED
                volunteer.status_reason = "clearance lapsed"
                volunteer.save(update_fields=["status", "status_reason", "updated_at"])
                volunteer.matches.filter(status=MatchStatus.SUGGESTED).update(
                    status=MatchStatus.DECLINED
                )
                _audit(None, AuditAction.UPDATE, volunteer, volunteer.organisation_id,
                       status="suspended", reason="clearance lapsed")  # fmt: skip
            suspended.append(volunteer)
    return suspended


def clearance_alerts_send(*, today: datetime.date | None = None) -> int:
    """E-mail each organisation's volunteer coordinators the clearances that end within
    30 days (once per clearance); returns how many clearances were alerted."""
    from welcomehub.accounts.models import Membership

    today = today or _today()
    suspend_lapsed(today=today)
    sent = 0
    org_ids = set(Volunteer.objects.values_list("organisation_id", flat=True))
    for org_id in org_ids:
        due = [c for c in selectors.expiring_clearances({org_id}, today) if c.alerted_on is None]
        if not due:
            continue
        recipients = sorted(
            {
                m.user.email
                for m in Membership.objects.filter(
                    organisation_id=org_id, role__permissions__code=MANAGE
                ).select_related("user")
                if m.user.email
            }
        )
        lines = [
            _("%(ref)s: clearance ends on %(day)s")
            % {"ref": c.volunteer.reference, "day": c.expires_on}
            for c in due
        ]
        if recipients:
            send_mail(
                _("Welcome Hub: volunteer clearances ending soon"),
                "\n".join(lines),
                settings.DEFAULT_FROM_EMAIL,
                recipients,
            )
        Clearance.objects.filter(pk__in=[c.pk for c in due]).update(alerted_on=today)
        sent += len(due)
    return sent


# Training, supervision, hours, insurance ----------------------------------------------


@transaction.atomic
def session_record(
    *, actor: Any, volunteer: Volunteer, kind: str, held_on: datetime.date, notes: str = ""
) -> SupervisionSession:
    _require_manager(actor, volunteer.organisation_id)
    if kind == SessionKind.EXTRA_DEBRIEFING and not volunteer.from_refugee_community:
        raise ValidationError(
            {"kind": _("Extra debriefing is offered to volunteers from refugee communities.")}
        )
    if held_on > _today():
        raise ValidationError({"held_on": _("The date cannot be in the future.")})
    session = SupervisionSession(
        volunteer=volunteer, kind=kind, held_on=held_on, notes=notes, recorded_by=actor
    )
    return _record(actor, volunteer, session)


@transaction.atomic
def hours_log(
    *,
    actor: Any,
    volunteer: Volunteer,
    worked_on: datetime.date,
    hours: Decimal,
    activity: str = "",
) -> HoursEntry:
    """Hours logged by the volunteer themself or by the coordinator."""
    own = volunteer.user_id is not None and volunteer.user_id == getattr(actor, "pk", None)
    if not own and not has_perm(actor, MANAGE, volunteer.organisation_id):
        raise PermissionDenied
    if volunteer.status not in (VolunteerStatus.CLEARED, VolunteerStatus.SUSPENDED):
        raise ValidationError(_("Hours are logged for cleared volunteers."))
    if worked_on > _today():
        raise ValidationError({"worked_on": _("The date cannot be in the future.")})
    day_total = sum(e.hours for e in volunteer.hours.filter(worked_on=worked_on))
    if day_total + Decimal(hours) > 24:
        raise ValidationError({"hours": _("More than 24 hours on one day.")})
    entry = HoursEntry(
        volunteer=volunteer, worked_on=worked_on, hours=hours, activity=activity, recorded_by=actor
    )
    return _record(actor, volunteer, entry)


@transaction.atomic
def insurance_record(
    *,
    actor: Any,
    organisation: Organisation,
    insurer: str,
    policy_number: str,
    expires_on: datetime.date,
    volunteer: Volunteer | None = None,
) -> Insurance:
    _require_manager(actor, organisation.pk)
    if volunteer is not None and volunteer.organisation_id != organisation.pk:
        raise ValidationError({"volunteer": _("Not a volunteer of this organisation.")})
    insurance = Insurance(
        organisation=organisation,
        volunteer=volunteer,
        insurer=insurer,
        policy_number=policy_number,
        expires_on=expires_on,
    )
    insurance.full_clean()
    insurance.save()
    _audit(actor, AuditAction.CREATE, insurance, organisation.pk)
    return insurance


# Matching -----------------------------------------------------------------------------


def household_consents(household: Household, today: datetime.date | None = None) -> bool:
    """Every adult of the household (the head when there is no adult) has an active
    consent to matching."""
    today = today or _today()
    members = list(household.members.all())
    adults = [m for m in members if not m.is_minor(today)] or [
        m for m in members if m.relationship == "head"
    ]
    return bool(adults) and all(consent_is_active(person=m, purpose="matching") for m in adults)


def _place_chain(place: Place | None) -> tuple[int, ...]:
    chain: list[int] = []
    while place is not None and len(chain) < 10:
        chain.append(place.pk)
        place = place.parent
    return tuple(chain)


def household_profile(household: Household, today: datetime.date) -> HouseholdProfile:
    wish = buddy_preferences([household.pk]).get(household.pk)
    members = list(household.members.all())
    children = sum(1 for m in members if m.is_minor(today))
    return HouseholdProfile(
        key=str(household.pk),
        languages=frozenset(household.languages),
        places=_place_chain(household.location),
        children=children,
        adults=len(members) - children,
        needs=frozenset(household.needs),
        interests=frozenset(wish.interests) if wish else frozenset(),
        buddy_languages=frozenset(wish.languages) if wish else frozenset(),
        mentor_sex=wish.mentor_sex if wish else "",
        wants_buddy=wish.wants_buddy if wish else False,
    )


def volunteer_profile(volunteer: Volunteer) -> VolunteerProfile:
    return VolunteerProfile(
        key=str(volunteer.pk),
        languages=frozenset(volunteer.languages),
        places=_place_chain(volunteer.place),
        interests=frozenset(volunteer.interests),
        availability=frozenset(volunteer.availability),
        sex=volunteer.sex,
        capacity=max(0, volunteer.capacity - selectors.open_match_count(volunteer)),
    )


@transaction.atomic
def matches_suggest(*, actor: Any, organisation: Organisation) -> list[Match]:
    """Replace the organisation's open suggestions by the weighted engine's best set:
    households of its caseload with every adult's matching consent and no open match,
    and its volunteers who can be matched today."""
    _require_manager(actor, organisation.pk)
    today = _today()
    suspend_lapsed(organisation_ids={organisation.pk}, today=today)
    Match.objects.filter(
        volunteer__organisation=organisation, status=MatchStatus.SUGGESTED
    ).delete()
    busy = set(
        Match.objects.filter(status__in=ACTIVE_MATCH_STATUSES).values_list(
            "household_id", flat=True
        )
    )
    households = [
        h
        for h in Household.objects.filter(organisation=organisation)
        .exclude(pk__in=busy)
        .exclude(status="closed")
        .select_related("location", "location__parent")
        .prefetch_related("members")
        if household_consents(h, today)
    ]
    volunteers = [
        v
        for v in Volunteer.objects.filter(
            organisation=organisation, status=VolunteerStatus.CLEARED
        ).select_related("place", "place__parent")
        if not selectors.matching_blockers(v, today)
    ]
    declined = set(
        Match.objects.filter(
            volunteer__organisation=organisation, status=MatchStatus.DECLINED
        ).values_list("household_id", "volunteer_id")
    )
    found = suggest(
        [household_profile(h, today) for h in households],
        [volunteer_profile(v) for v in volunteers],
        forbidden={(str(h), str(v)) for h, v in declined},
    )
    by_h = {str(h.pk): h for h in households}
    by_v = {str(v.pk): v for v in volunteers}
    created = []
    for suggestion in found:
        match = Match(
            volunteer=by_v[suggestion.volunteer],
            household=by_h[suggestion.household],
            score=round(suggestion.score, 2),
            reasons=[list(reason) for reason in suggestion.reasons],
            suggested_by=actor,
        )
        match.full_clean()
        match.save()
        created.append(match)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="connections.match",
        object_id="suggestions",
        organisation_id=organisation.pk,
        detail={"count": len(created)},
    )
    return created


def _check_match_possible(match: Match) -> None:
    today = _today()
    suspend_lapsed(organisation_ids={match.volunteer.organisation_id}, today=today)
    match.volunteer.refresh_from_db()
    blockers = selectors.matching_blockers(match.volunteer, today)
    if blockers:
        raise ValidationError(
            _("This volunteer cannot be matched: %(why)s") % {"why": "; ".join(blockers)}
        )
    if not household_consents(match.household, today):
        raise ValidationError(_("The household has no active consent to matching."))


@transaction.atomic
def match_approve(
    *, actor: Any, match: Match, meeting_place: str = "", share_first_name: bool = False
) -> Match:
    _require_manager(actor, match.volunteer.organisation_id)
    if match.status != MatchStatus.SUGGESTED:
        raise ValidationError(_("Only a suggestion can be approved."))
    _check_match_possible(match)
    if selectors.open_match_count(match.volunteer) >= match.volunteer.capacity:
        raise ValidationError(_("This volunteer has as many households as they can take."))
    if Match.objects.filter(household=match.household, status__in=ACTIVE_MATCH_STATUSES).exists():
        raise ValidationError(_("This household has a volunteer already."))
    match.status = MatchStatus.APPROVED
    match.decided_by = actor
    match.decided_at = timezone.now()
    match.meeting_place = meeting_place.strip()
    match.share_first_name = share_first_name
    match.full_clean()
    match.save()
    _audit(actor, AuditAction.UPDATE, match, match.volunteer.organisation_id, status="approved")
    return match


@transaction.atomic
def match_decline(*, actor: Any, match: Match) -> Match:
    _require_manager(actor, match.volunteer.organisation_id)
    if match.status not in (MatchStatus.SUGGESTED, MatchStatus.APPROVED):
        raise ValidationError(_("Only a suggested or approved match can be declined."))
    match.status = MatchStatus.DECLINED
    match.decided_by = actor
    match.decided_at = timezone.now()
    match.save()
    _audit(actor, AuditAction.UPDATE, match, match.volunteer.organisation_id, status="declined")
    return match


@transaction.atomic
def match_introduce(*, actor: Any, match: Match, household_told_how: str) -> Match:
    """Both sides are told: the volunteer by e-mail (and on their page), the family as
    the coordinator records (e.g. by their caseworker, by phone)."""
    _require_manager(actor, match.volunteer.organisation_id)
    if match.status != MatchStatus.APPROVED:
        raise ValidationError(_("Only an approved match can be introduced."))
    if not household_told_how.strip():
        raise ValidationError({"household_told_how": _("Say how the family was told.")})
    if not match.meeting_place:
        raise ValidationError({"meeting_place": _("Agree a first meeting place first.")})
    _check_match_possible(match)
    match.status = MatchStatus.INTRODUCED
    match.introduced_at = timezone.now()
    match.household_told_how = household_told_how.strip()[:200]
    match.save()
    volunteer = match.volunteer
    send_mail(
        _("Welcome Hub: you have been matched with a family"),
        _(
            "Hello %(name)s,\n\nYou have been matched with household %(ref)s. "
            "Sign in to Welcome Hub to see the details and the first meeting place."
        )
        % {"name": volunteer.given_name, "ref": match.household.reference},
        settings.DEFAULT_FROM_EMAIL,
        [volunteer.email],
    )
    _audit(actor, AuditAction.UPDATE, match, volunteer.organisation_id, status="introduced")
    return match


@transaction.atomic
def match_end(*, actor: Any, match: Match) -> Match:
    _require_manager(actor, match.volunteer.organisation_id)
    if match.status not in ACTIVE_MATCH_STATUSES:
        raise ValidationError(_("Only an approved or introduced match can end."))
    match.status = MatchStatus.ENDED
    match.save()
    _audit(actor, AuditAction.UPDATE, match, match.volunteer.organisation_id, status="ended")
    return match
