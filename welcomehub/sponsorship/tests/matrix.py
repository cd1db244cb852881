"""Sponsorship routes in the authorisation matrix (see welcomehub/tests/matrix_support.py).

Staff with sponsorship.manage in A (coordinator, volunteer coordinator) oversee A's groups;
the same roles in B are refused A's records but open their own (empty) lists. A's sponsor
is a member of A's group; B's sponsor is a member of none.
"""

from __future__ import annotations

from typing import Any

from conftest import World
from welcomehub.sponsorship.models import (
    AreaOutcome,
    CheckIn,
    Closing,
    Continuity,
    Escalation,
    GroupMember,
    MemberCheck,
    MemberTraining,
    NamedRequest,
    PlanItem,
    SponsorGroup,
    Sponsorship,
)
from welcomehub.sponsorship.tests.support import build_sponsoring
from welcomehub.tests.matrix_support import get_post, keys, rule

MANAGERS_A = keys("a", "coordinator", "volunteer_coordinator")
MANAGERS_B = keys("b", "coordinator", "volunteer_coordinator")
SPONSOR_A = frozenset({"a:sponsor"})
GROUP_SIDE = MANAGERS_A | SPONSOR_A  # overseers and members of A's group

PAGES = {
    "sponsorship:index": {"GET": rule(MANAGERS_A, MANAGERS_B)},
    "sponsorship:due": {"GET": rule(MANAGERS_A, MANAGERS_B)},
    "sponsorship:mine": {"GET": rule(SPONSOR_A, frozenset({"b:sponsor"}))},
    "sponsorship:group_create": get_post(rule(MANAGERS_A, MANAGERS_B)),
    "sponsorship:group": {"GET": rule(MANAGERS_A)},
    "sponsorship:member_add": {"POST": rule(MANAGERS_A)},
    "sponsorship:funds_set": {"POST": rule(MANAGERS_A)},
    "sponsorship:named_add": get_post(rule(GROUP_SIDE)),
    "sponsorship:member": {"GET": rule(MANAGERS_A)},
    "sponsorship:check_add": {"POST": rule(MANAGERS_A)},
    "sponsorship:training_add": {"POST": rule(MANAGERS_A)},
    "sponsorship:member_link": {"POST": rule(MANAGERS_A)},
    "sponsorship:named": get_post(rule(MANAGERS_A)),
    # the programme is led by A with B as partner: B's overseers see their own groups only
    "sponsorship:suggestions": {"GET": rule(MANAGERS_A, MANAGERS_B)},
    "sponsorship:approve": {"POST": rule(MANAGERS_A | MANAGERS_B)},
    "sponsorship:sponsorship": {"GET": rule(MANAGERS_A)},
    "sponsorship:introduce": {"POST": rule(MANAGERS_A)},
    "sponsorship:plan_item": {"POST": rule(MANAGERS_A)},
    "sponsorship:sign_off": {"POST": rule(MANAGERS_A)},
    "sponsorship:escalate": get_post(rule(MANAGERS_A)),
    "sponsorship:close": get_post(rule(MANAGERS_A)),
    "sponsorship:checkin": get_post(rule(GROUP_SIDE)),
}


def build(world: World) -> Any:
    return build_sponsoring(world)


def _built(m: Any) -> Any:
    return m.built[__name__]


KWARGS: dict[str, Any] = {
    "sponsor_group_id": lambda m: _built(m).group.pk,
    "sponsor_member_id": lambda m: _built(m).member.pk,
    "named_request_id": lambda m: _built(m).named_request.pk,
    "sponsorship_id": lambda m: _built(m).sponsorship.pk,
    "sponsor_checkin_id": lambda m: _built(m).checkin.pk,
}

STATE = [
    ("sponsor_groups", SponsorGroup, "COUNT(*)"),
    ("sponsor_groups_changed", SponsorGroup, "MAX(updated_at)"),
    ("sponsor_members", GroupMember, "COUNT(*)"),
    ("sponsor_members_changed", GroupMember, "MAX(updated_at)"),
    ("sponsor_checks", MemberCheck, "COUNT(*)"),
    ("sponsor_trainings", MemberTraining, "COUNT(*)"),
    ("sponsor_named", NamedRequest, "COUNT(*)"),
    ("sponsor_named_changed", NamedRequest, "MAX(updated_at)"),
    ("sponsorships", Sponsorship, "COUNT(*)"),
    ("sponsorships_changed", Sponsorship, "MAX(updated_at)"),
    ("sponsor_plan", PlanItem, "COUNT(*)"),
    ("sponsor_plan_changed", PlanItem, "MAX(updated_at)"),
    ("sponsor_checkins_done", CheckIn, "COUNT(done_on)"),
    ("sponsor_escalations", Escalation, "COUNT(*)"),
    ("sponsor_continuity", Continuity, "COUNT(*)"),
    ("sponsor_closings", Closing, "COUNT(*)"),
    ("sponsor_closing_outcomes", AreaOutcome, "COUNT(*)"),
]

API = {
    ("GET", "/api/sponsorship/groups"): rule(MANAGERS_A, MANAGERS_B),
    ("GET", "/api/sponsorship/checkins/due"): rule(MANAGERS_A, MANAGERS_B),
    ("GET", "/api/sponsorship/mine"): rule(SPONSOR_A, frozenset({"b:sponsor"})),
}
