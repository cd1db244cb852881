"""Integration plans: written by the caseworker with the family, updated and confirmed
by the family, re-confirmed after substantial changes; nobody else touches them."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import World
from welcomehub.people import plans
from welcomehub.people.models import FamilyActivity, Goal, IntegrationPlan, ProgressNote, Step
from welcomehub.people.selectors import household_plans, next_steps
from welcomehub.people.tests.support import Family, audit_text, last_audit_id, writes_after

pytestmark = pytest.mark.django_db


def _plan_with_goal(world: World, family: Family) -> tuple[IntegrationPlan, Goal, Step]:
    caseworker = world.users["caseworker"]
    plan = plans.plan_open(actor=caseworker, household=family.household_a)
    goal = plans.goal_add(
        actor=caseworker, plan=plan, domain="work", description="Find work as an electrician"
    )
    step = plans.step_add(
        actor=caseworker,
        goal=goal,
        description="Have the diploma recognised",
        owner="caseworker",
        due_date=datetime.date(2027, 1, 15),
    )
    return plan, goal, step


def test_caseworker_writes_a_plan_and_every_write_is_audited(world: World, family: Family) -> None:
    mark = last_audit_id()
    plan, goal, step = _plan_with_goal(world, family)
    assert [w.object_type for w in writes_after(mark)] == [
        "people.integrationplan",
        "people.goal",
        "people.step",
    ]
    assert "electrician" not in audit_text()  # texts are personal, never in the log
    assert plans.plan_open(actor=world.users["caseworker"], household=family.household_a) == plan
    [found] = household_plans(family.household_a)
    assert list(found.goals.all()) == [goal]
    assert next_steps(family.household_a) == [step]
    assert not plan.is_confirmed


def test_person_plan_is_separate_and_belongs_to_the_household(world: World, family: Family) -> None:
    caseworker = world.users["caseworker"]
    household_plan = plans.plan_open(actor=caseworker, household=family.household_a)
    child_plan = plans.plan_open(
        actor=caseworker, household=family.household_a, person=family.child_a
    )
    assert child_plan != household_plan
    assert household_plans(family.household_a) == [household_plan, child_plan]
    with pytest.raises(ValidationError):
        plans.plan_open(actor=caseworker, household=family.household_a, person=family.head_b)


def test_family_confirms_in_the_portal_and_a_substantial_change_asks_again(
    world: World, family: Family
) -> None:
    plan, _goal, step = _plan_with_goal(world, family)
    refugee = world.users["refugee"]
    plan = plans.plan_confirm(actor=refugee, plan=plan)
    assert plan.is_confirmed
    assert plan.confirmation_method == "portal"
    assert plan.confirmed_by_person == family.head_a
    assert FamilyActivity.objects.filter(kind="plan_confirmed").count() == 1
    # A status or a note is not a substantial change ...
    plans.step_update(actor=world.users["caseworker"], step=step, status="in_progress")
    plan.refresh_from_db()
    assert plan.is_confirmed
    with pytest.raises(ValidationError):
        plans.plan_confirm(actor=refugee, plan=plan)
    # ... a new due date is.
    plans.step_update(
        actor=world.users["caseworker"], step=step, due_date=datetime.date(2027, 3, 1)
    )
    plan.refresh_from_db()
    assert plan.needs_reconfirmation
    plans.plan_confirm(actor=world.users["caseworker"], plan=plan, person=family.head_a)
    plan.refresh_from_db()
    assert plan.is_confirmed
    assert plan.confirmation_method == "in_person"
    assert plan.confirmed_with == world.users["caseworker"]


def test_confirmation_needs_an_adult_of_the_household_and_a_goal(
    world: World, family: Family
) -> None:
    caseworker = world.users["caseworker"]
    empty = plans.plan_open(actor=caseworker, household=family.household_a)
    with pytest.raises(ValidationError):
        plans.plan_confirm(actor=caseworker, plan=empty, person=family.head_a)
    plan, _goal, _step = _plan_with_goal(world, family)
    for person in (None, family.child_a, family.head_b):
        with pytest.raises(ValidationError):
            plans.plan_confirm(actor=caseworker, plan=plan, person=person)
    plan.refresh_from_db()
    assert plan.confirmed_at is None


def test_family_updates_a_goal_and_a_step_and_the_caseworker_sees_it(
    world: World, family: Family
) -> None:
    _plan, goal, step = _plan_with_goal(world, family)
    refugee = world.users["refugee"]
    plans.progress_record(actor=refugee, goal=goal, status="in_progress", text="I sent my CV")
    plans.progress_record(actor=refugee, goal=goal, step=step, status="done")
    goal.refresh_from_db()
    step.refresh_from_db()
    assert (goal.status, step.status) == ("in_progress", "done")
    notes = list(ProgressNote.objects.order_by("id"))
    assert [n.by_family for n in notes] == [True, True]
    assert notes[0].text == "I sent my CV"
    kinds = list(FamilyActivity.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == ["goal_updated", "step_updated"]
    assert "CV" not in audit_text()


def test_an_empty_update_is_refused(world: World, family: Family) -> None:
    _plan, goal, _step = _plan_with_goal(world, family)
    with pytest.raises(ValidationError):
        plans.progress_record(actor=world.users["refugee"], goal=goal, status="planned")
    with pytest.raises(ValidationError):
        plans.progress_record(actor=world.users["refugee"], goal=goal, status="flying")
    assert not ProgressNote.objects.exists()


def test_the_family_does_not_write_goals_or_steps(world: World, family: Family) -> None:
    plan, _goal, step = _plan_with_goal(world, family)
    refugee = world.users["refugee"]
    mark = last_audit_id()
    with pytest.raises(PermissionDenied):
        plans.goal_add(actor=refugee, plan=plan, domain="housing", description="A flat")
    with pytest.raises(PermissionDenied):
        plans.step_update(actor=refugee, step=step, description="Changed")
    with pytest.raises(PermissionDenied):
        plans.plan_open(actor=refugee, household=family.household_a)
    assert writes_after(mark) == []


@pytest.mark.parametrize("key", ["b:refugee", "b:caseworker", "a:coordinator", "a:analyst"])
def test_nobody_else_touches_the_plan(world: World, family: Family, key: str) -> None:
    plan, goal, _step = _plan_with_goal(world, family)
    org, role = key.split(":")
    actor = (world.users if org == "a" else world.users_b)[role]
    mark = last_audit_id()
    calls = [
        lambda: plans.progress_record(actor=actor, goal=goal, status="done"),
        lambda: plans.plan_confirm(actor=actor, plan=plan, person=family.head_a),
        lambda: plans.goal_update(actor=actor, goal=goal, status="done"),
        lambda: plans.step_add(actor=actor, goal=goal, description="x", owner="refugee"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert writes_after(mark) == []
    goal.refresh_from_db()
    assert goal.status == "planned"
    assert not ProgressNote.objects.exists()
