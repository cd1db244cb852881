"""Plans, preferences, the summary and the refugee portal in the authorisation matrix
(see tests/matrix_support.py).

A's caseworker writes A's plans, invites A's family and prints the summary. The refugee
of A reaches only their own household through the portal; the refugee of B opens the
same portal pages for their own household (scoped: nothing of A, nothing changed),
except where saving their own wishes or downloading their own data is a real write.
"""

from __future__ import annotations

import datetime
from typing import Any

from conftest import World
from welcomehub.people import plans, portal
from welcomehub.people.models import (
    FamilyActivity,
    Goal,
    HouseholdPreferences,
    IntegrationPlan,
    PortalInvitation,
    ProgressNote,
    Step,
)
from welcomehub.tests.matrix_support import CASEWORKER_A, MatrixWorld, get_post, rule


def build(world: World) -> dict[str, Any]:
    assert world.household_a is not None
    assert world.head_a is not None
    invitation, _code = portal.portal_invite(actor=None, person=world.head_a, language="en")
    plan = plans.plan_open(actor=None, household=world.household_a)
    goal = plans.goal_add(actor=None, plan=plan, domain="work", description="Find work")
    step = plans.step_add(
        actor=None,
        goal=goal,
        description="Write a CV",
        owner="refugee",
        due_date=datetime.date(2027, 1, 1),
    )
    return {"plan": plan, "goal": goal, "step": step, "invitation": invitation}


def _built(matrix: MatrixWorld) -> dict[str, Any]:
    found: dict[str, Any] = matrix.built[__name__]
    return found


KWARGS: dict[str, Any] = {
    "plan_id": lambda m: _built(m)["plan"].pk,
    "plan_goal_id": lambda m: _built(m)["goal"].pk,
    "plan_step_id": lambda m: _built(m)["step"].pk,
    "portal_invitation_id": lambda m: _built(m)["invitation"].pk,
}

REFUGEE_A = frozenset({"a:refugee"})
REFUGEE_B = frozenset({"b:refugee"})
REFUGEES = REFUGEE_A | REFUGEE_B

PUBLIC = frozenset({"people:code_login"})

PAGES = {
    "people:plan_overview": get_post(rule(CASEWORKER_A, shows_a=True)),
    "people:plan_detail": {"GET": rule(CASEWORKER_A, shows_a=True)},
    "people:goal_create": get_post(rule(CASEWORKER_A)),
    "people:plan_confirm": get_post(rule(CASEWORKER_A)),
    "people:goal_edit": get_post(rule(CASEWORKER_A)),
    "people:step_create": get_post(rule(CASEWORKER_A)),
    "people:step_edit": get_post(rule(CASEWORKER_A)),
    "people:progress_add": {"POST": rule(CASEWORKER_A)},
    "people:preferences_edit": get_post(rule(CASEWORKER_A, shows_a=True)),
    "people:summary": {"GET": rule(CASEWORKER_A, shows_a=True)},
    "people:summary_pdf": {"GET": rule(CASEWORKER_A)},
    "people:person_summary": {"GET": rule(CASEWORKER_A, shows_a=True)},
    "people:person_summary_pdf": {"GET": rule(CASEWORKER_A)},
    "people:portal_invite": get_post(rule(CASEWORKER_A, shows_a=True)),
    "people:portal_revoke": {"POST": rule(CASEWORKER_A)},
    "people:my_plan": {"GET": rule(REFUGEE_A, REFUGEE_B, shows_a=True)},
    "people:my_plan_confirm": {"POST": rule(REFUGEE_A)},
    "people:my_goal_update": get_post(rule(REFUGEE_A)),
    "people:my_step_update": get_post(rule(REFUGEE_A)),
    "people:my_preferences": {
        "GET": rule(REFUGEE_A, REFUGEE_B, shows_a=True),
        "POST": rule(REFUGEES),
    },
    "people:my_assessment": get_post(rule(REFUGEE_A, REFUGEE_B)),
    "people:my_summary": {"GET": rule(REFUGEE_A, REFUGEE_B, shows_a=True)},
    "people:my_summary_pdf": {"GET": rule(REFUGEE_A, REFUGEE_B)},
    "people:my_data": {"GET": rule(REFUGEES)},
}

STATE = [
    ("plans", IntegrationPlan, "COUNT(*)"),
    ("plans_changed", IntegrationPlan, "MAX(updated_at)"),
    ("plan_goals", Goal, "COUNT(*)"),
    ("plan_goals_changed", Goal, "MAX(updated_at)"),
    ("plan_steps", Step, "COUNT(*)"),
    ("plan_steps_changed", Step, "MAX(updated_at)"),
    ("plan_notes", ProgressNote, "COUNT(*)"),
    ("household_preferences", HouseholdPreferences, "COUNT(*)"),
    ("household_preferences_changed", HouseholdPreferences, "MAX(updated_at)"),
    ("portal_invitations", PortalInvitation, "COUNT(*)"),
    ("portal_invitations_changed", PortalInvitation, "MAX(updated_at)"),
    ("family_activity", FamilyActivity, "COUNT(*)"),
]
