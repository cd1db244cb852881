"""Writes of integration plans. Caseworkers (plan.edit) write goals and steps with the
family; the family (own_plan.edit) updates statuses, adds notes and confirms the plan.

A substantial change (a new or reworded goal or step, another owner or due date) marks
the plan as changed, so a confirmation given before it no longer counts (decision 0014).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.core.audit import audit_record, changed_fields
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.people.acting import Acting, acting_for, own_person
from welcomehub.people.models import (
    ActivityKind,
    FamilyActivity,
    Goal,
    Household,
    IntegrationPlan,
    Person,
    ProgressNote,
    Step,
)

STAFF = "plan.edit"
GOAL_SUBSTANTIAL = ("domain", "description")
STEP_SUBSTANTIAL = ("description", "owner", "due_date")


def _staff_only(actor: Any, household: Household) -> Acting:
    acting = acting_for(actor, household, staff_permission=STAFF)
    if acting == Acting.FAMILY:
        raise PermissionDenied
    return acting


def _audit(actor: Any, action: str, obj: Any, household: Household, channel: str, **detail: Any):
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        organisation_id=household.organisation_id,
        channel=channel,
        detail={"household": household.reference, **detail},
    )


def _mark_changed(plan: IntegrationPlan) -> None:
    plan.changed_at = timezone.now()
    plan.save(update_fields=["changed_at", "updated_at"])


@transaction.atomic
def plan_open(
    *,
    actor: Any,
    household: Household,
    person: Person | None = None,
    channel: str = AuditChannel.WEB,
) -> IntegrationPlan:
    """The household's plan (or one member's), created on first use."""
    _staff_only(actor, household)
    if person is not None and person.household_id != household.pk:
        raise ValidationError({"person": _("This person is not a member of the household.")})
    existing = IntegrationPlan.objects.filter(household=household, person=person).first()
    if existing is not None:
        return existing
    plan = IntegrationPlan(household=household, person=person)
    plan.full_clean(validate_constraints=False)
    plan.save()
    _audit(actor, AuditAction.CREATE, plan, household, channel, person=getattr(person, "pk", None))
    return plan


@transaction.atomic
def goal_add(
    *,
    actor: Any,
    plan: IntegrationPlan,
    domain: str,
    description: str,
    status: str = "planned",
    channel: str = AuditChannel.WEB,
) -> Goal:
    _staff_only(actor, plan.household)
    goal = Goal(plan=plan, domain=domain, description=description.strip(), status=status)
    goal.full_clean()
    goal.save()
    _mark_changed(plan)
    _audit(actor, AuditAction.CREATE, goal, plan.household, channel, plan=plan.pk, domain=domain)
    return goal


@transaction.atomic
def goal_update(*, actor: Any, goal: Goal, channel: str = AuditChannel.WEB, **changes: Any) -> Goal:
    plan = goal.plan
    _staff_only(actor, plan.household)
    unknown = set(changes) - {"domain", "description", "status"}
    if unknown:
        raise ValidationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    before = {name: getattr(goal, name) for name in changes}
    for name, value in changes.items():
        setattr(goal, name, value)
    goal.full_clean()
    goal.save()
    changed = changed_fields(before, changes)
    if set(changed) & set(GOAL_SUBSTANTIAL):
        _mark_changed(plan)
    _audit(actor, AuditAction.UPDATE, goal, plan.household, channel, fields=changed)
    return goal


@transaction.atomic
def step_add(
    *,
    actor: Any,
    goal: Goal,
    description: str,
    owner: str,
    due_date: datetime.date | None = None,
    status: str = "planned",
    channel: str = AuditChannel.WEB,
) -> Step:
    plan = goal.plan
    _staff_only(actor, plan.household)
    step = Step(
        goal=goal, description=description.strip(), owner=owner, due_date=due_date, status=status
    )
    step.full_clean()
    step.save()
    _mark_changed(plan)
    _audit(actor, AuditAction.CREATE, step, plan.household, channel, goal=goal.pk, owner=owner)
    return step


@transaction.atomic
def step_update(*, actor: Any, step: Step, channel: str = AuditChannel.WEB, **changes: Any) -> Step:
    plan = step.goal.plan
    _staff_only(actor, plan.household)
    unknown = set(changes) - {"description", "owner", "due_date", "status"}
    if unknown:
        raise ValidationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    before = {name: getattr(step, name) for name in changes}
    for name, value in changes.items():
        setattr(step, name, value)
    step.full_clean()
    step.save()
    changed = changed_fields(before, changes)
    if set(changed) & set(STEP_SUBSTANTIAL):
        _mark_changed(plan)
    _audit(actor, AuditAction.UPDATE, step, plan.household, channel, fields=changed)
    return step


@transaction.atomic
def progress_record(
    *,
    actor: Any,
    goal: Goal,
    step: Step | None = None,
    status: str = "",
    text: str = "",
    channel: str = AuditChannel.WEB,
) -> ProgressNote:
    """A progress note on a goal or one of its steps, optionally setting its status;
    the family does this through the portal, the caseworker on the plan page."""
    household = goal.plan.household
    acting = acting_for(actor, household, staff_permission=STAFF)
    if step is not None and step.goal_id != goal.pk:
        raise ValidationError({"step": _("This step belongs to another goal.")})
    text = text.strip()
    target: Goal | Step = step if step is not None else goal
    if not text and (not status or status == target.status):
        raise ValidationError(_("Write a note or choose a new status."))
    note = ProgressNote(
        goal=goal,
        step=step,
        text=text,
        status=status if status != target.status else "",
        author=actor if getattr(actor, "is_authenticated", False) else None,
        by_family=acting == Acting.FAMILY,
    )
    note.full_clean()
    if note.status:
        target.status = note.status
        target.save(update_fields=["status", "updated_at"])
    note.save()
    _audit(
        actor,
        AuditAction.CREATE,
        note,
        household,
        channel,
        goal=goal.pk,
        step=getattr(step, "pk", None),
        status=note.status,
        by=str(acting),
    )
    if acting == Acting.FAMILY:
        kind = ActivityKind.STEP_UPDATED if step is not None else ActivityKind.GOAL_UPDATED
        FamilyActivity.objects.create(
            household=household,
            user=actor,
            kind=kind,
            detail={"goal": goal.pk, "step": getattr(step, "pk", None), "status": note.status},
        )
    return note


@transaction.atomic
def plan_confirm(
    *,
    actor: Any,
    plan: IntegrationPlan,
    person: Person | None = None,
    channel: str = AuditChannel.WEB,
) -> IntegrationPlan:
    """ "We made this plan together": an adult of the household confirms the plan, in the
    portal (the person is the one signed in) or in person with the caseworker (who
    names the adult who confirmed)."""
    household = plan.household
    acting = acting_for(actor, household, staff_permission=STAFF)
    if acting == Acting.FAMILY:
        person, method = own_person(actor), "portal"
    else:
        method = "in_person"
    if person is None:
        raise ValidationError({"person": _("Say which adult of the household confirmed.")})
    if person.household_id != household.pk or person.is_minor(timezone.localdate()):
        raise ValidationError({"person": _("An adult of the household confirms the plan.")})
    if not plan.goals.exists():
        raise ValidationError(_("Add at least one goal before confirming the plan."))
    if plan.is_confirmed:
        raise ValidationError(_("This plan is already confirmed and has not changed since."))
    plan = IntegrationPlan.objects.select_for_update().get(pk=plan.pk)
    plan.confirmed_at = timezone.now()
    plan.confirmed_by_person = person
    plan.confirmed_with = actor if getattr(actor, "is_authenticated", False) else None
    plan.confirmation_method = method
    plan.full_clean(validate_constraints=False)
    plan.save()
    _audit(actor, AuditAction.UPDATE, plan, household, channel, confirmed=method, person=person.pk)
    if acting == Acting.FAMILY:
        FamilyActivity.objects.create(
            household=household,
            user=actor,
            kind=ActivityKind.PLAN_CONFIRMED,
            detail={"plan": plan.pk},
        )
    return plan
