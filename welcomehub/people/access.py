"""Access gates for personal data (DESIGN §3 rule 3).

Each gate answers one question with one condition per line. A record that does not
exist and a record the user may not see raise the same Http404, so ids reveal nothing.
Every successful fetch leaves an audit row.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from welcomehub.accounts.permissions import (
    has_any,
    has_perm,
    is_platform_wide,
    organisations_with,
)
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.people.models import (
    Consent,
    Goal,
    Household,
    IntegrationPlan,
    Person,
    PortalInvitation,
    Step,
)


def caseload(user: Any, permission: str = "household.view") -> QuerySet[Household]:
    """The households the user may see with this permission: their organisations' caseload."""
    if is_platform_wide(user, permission):
        return Household.objects.all()
    return Household.objects.filter(organisation_id__in=organisations_with(user, permission))


def access_household(
    *,
    user: Any,
    reference: str,
    permission: str = "household.view",
    channel: str = AuditChannel.WEB,
) -> Household:
    household = (
        Household.objects.select_related("programme", "location", "organisation")
        .filter(reference=reference)
        .first()
    )
    if household is None:
        raise Http404
    if not user.is_authenticated:
        raise Http404
    if not has_perm(user, permission, household.organisation_id):
        raise Http404
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=household,
        organisation_id=household.organisation_id,
        channel=channel,
    )
    return household


def access_person(
    *,
    user: Any,
    person_id: int,
    permission: str = "household.view",
    channel: str = AuditChannel.WEB,
) -> Person:
    person = Person.objects.select_related("household").filter(pk=person_id).first()
    if person is None:
        raise Http404
    if not user.is_authenticated:
        raise Http404
    if not has_perm(user, permission, person.household.organisation_id):
        raise Http404
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=person,
        organisation_id=person.household.organisation_id,
        channel=channel,
    )
    return person


def access_consent(
    *,
    user: Any,
    consent_id: int,
    permission: str = "consent.manage",
    channel: str = AuditChannel.WEB,
) -> Consent:
    consent = Consent.objects.select_related("person__household").filter(pk=consent_id).first()
    if consent is None:
        raise Http404
    if not user.is_authenticated:
        raise Http404
    if not has_perm(user, permission, consent.person.household.organisation_id):
        raise Http404
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=consent,
        organisation_id=consent.person.household.organisation_id,
        channel=channel,
    )
    return consent


def access_own_household(*, user: Any, channel: str = AuditChannel.WEB) -> Household:
    """A refugee's own household, through the person record linked to their account."""
    if not user.is_authenticated:
        raise Http404
    person = Person.objects.select_related("household").filter(user_id=user.pk).first()
    if person is None:
        raise Http404
    if not has_any(user, "own_household.view"):
        raise Http404
    household = person.household
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=household,
        organisation_id=household.organisation_id,
        channel=channel,
    )
    return household


def access_own_consent(*, user: Any, consent_id: int, channel: str = AuditChannel.WEB) -> Consent:
    """A consent of someone in the refugee's own household, for withdrawal."""
    consent = Consent.objects.select_related("person__household").filter(pk=consent_id).first()
    if consent is None:
        raise Http404
    if not user.is_authenticated:
        raise Http404
    if not has_any(user, "own_consent.manage"):
        raise Http404
    if not consent.person.household.members.filter(user_id=user.pk).exists():
        raise Http404
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=consent,
        organisation_id=consent.person.household.organisation_id,
        channel=channel,
    )
    return consent


def _staff_gate(user: Any, obj: Any, household: Household, permission: str, channel: str) -> None:
    if not user.is_authenticated:
        raise Http404
    if not has_perm(user, permission, household.organisation_id):
        raise Http404
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=obj,
        organisation_id=household.organisation_id,
        channel=channel,
    )


def _family_gate(user: Any, obj: Any, household: Household, permission: str, channel: str) -> None:
    if not user.is_authenticated:
        raise Http404
    if not has_any(user, permission):
        raise Http404
    if not household.members.filter(user_id=user.pk).exists():
        raise Http404
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=obj,
        organisation_id=household.organisation_id,
        channel=channel,
    )


def _plan(plan_id: int) -> IntegrationPlan:
    plan = (
        IntegrationPlan.objects.select_related("household__organisation", "person")
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def _goal(goal_id: int) -> Goal:
    goal = Goal.objects.select_related("plan__household", "plan__person").filter(pk=goal_id).first()
    if goal is None:
        raise Http404
    return goal


def _step(step_id: int) -> Step:
    step = Step.objects.select_related("goal__plan__household").filter(pk=step_id).first()
    if step is None:
        raise Http404
    return step


def access_plan(
    *, user: Any, plan_id: int, permission: str = "plan.edit", channel: str = AuditChannel.WEB
) -> IntegrationPlan:
    plan = _plan(plan_id)
    _staff_gate(user, plan, plan.household, permission, channel)
    return plan


def access_goal(
    *, user: Any, goal_id: int, permission: str = "plan.edit", channel: str = AuditChannel.WEB
) -> Goal:
    goal = _goal(goal_id)
    _staff_gate(user, goal, goal.plan.household, permission, channel)
    return goal


def access_step(
    *, user: Any, step_id: int, permission: str = "plan.edit", channel: str = AuditChannel.WEB
) -> Step:
    step = _step(step_id)
    _staff_gate(user, step, step.goal.plan.household, permission, channel)
    return step


def access_own_plan(
    *, user: Any, plan_id: int, permission: str = "own_plan.edit", channel: str = AuditChannel.WEB
) -> IntegrationPlan:
    """A plan of the refugee's own household (or of one of its members)."""
    plan = _plan(plan_id)
    _family_gate(user, plan, plan.household, permission, channel)
    return plan


def access_own_goal(
    *, user: Any, goal_id: int, permission: str = "own_plan.edit", channel: str = AuditChannel.WEB
) -> Goal:
    goal = _goal(goal_id)
    _family_gate(user, goal, goal.plan.household, permission, channel)
    return goal


def access_own_step(
    *, user: Any, step_id: int, permission: str = "own_plan.edit", channel: str = AuditChannel.WEB
) -> Step:
    step = _step(step_id)
    _family_gate(user, step, step.goal.plan.household, permission, channel)
    return step


def access_invitation(
    *,
    user: Any,
    invitation_id: int,
    permission: str = "plan.edit",
    channel: str = AuditChannel.WEB,
) -> PortalInvitation:
    invitation = (
        PortalInvitation.objects.select_related("person__household")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise Http404
    _staff_gate(user, invitation, invitation.person.household, permission, channel)
    return invitation
