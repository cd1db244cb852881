"""The evaluation's routes in the authorisation matrix (see tests/matrix_support.py).

A's coordinator answers A's programme; A's organisation administrator signs off; the
readers are holders of evaluation.manage, evaluation.review or aggregate.view in the
lead (A) or a partner (B). Comparison needs aggregate.view. The item banks are
reference data every signed-in user reads.
"""

from __future__ import annotations

from typing import Any

from conftest import World
from welcomehub.evaluation.models import Action, Answer, Evidence, Lesson, Participation, Round
from welcomehub.evaluation.tests.support import Evaluation, build_evaluation, isolate_evidence
from welcomehub.tests.matrix_support import (
    COORDINATOR_A,
    SIGNED_IN,
    MatrixWorld,
    get_post,
    keys,
    rule,
)

READERS = keys("ab", "coordinator", "org_admin", "analyst")
EVALUATION_USERS = READERS
COMPARERS = keys("ab", "coordinator", "analyst")
MANAGERS = keys("ab", "coordinator")
REVIEWER_A = frozenset({"a:org_admin"})


def build(world: World) -> Evaluation:
    isolate_evidence()
    return build_evaluation(world)


def _built(matrix: MatrixWorld) -> Evaluation:
    found: Evaluation = matrix.built[__name__]
    return found


KWARGS: dict[str, Any] = {
    "evaluation_round_id": lambda m: _built(m).open.pk,
    "evaluation_area": lambda m: _built(m).answer.item.area.code,
    "evaluation_answer_id": lambda m: _built(m).answer.pk,
    "evaluation_evidence_id": lambda m: _built(m).evidence.pk,
    "evaluation_action_id": lambda m: _built(m).action.pk,
}

PAGES = {
    "evaluation:index": {"GET": rule(EVALUATION_USERS)},
    "evaluation:framework_list": {"GET": rule(SIGNED_IN)},
    "evaluation:framework_import": get_post(rule(MANAGERS)),
    "evaluation:programme": {"GET": rule(READERS)},
    "evaluation:round_open": {"POST": rule(COORDINATOR_A)},
    "evaluation:round_detail": {"GET": rule(READERS)},
    "evaluation:round_area": get_post(rule(READERS), rule(COORDINATOR_A)),
    "evaluation:participation": {"POST": rule(COORDINATOR_A)},
    "evaluation:round_submit": {"POST": rule(COORDINATOR_A)},
    "evaluation:round_sign_off": {"POST": rule(REVIEWER_A)},
    "evaluation:round_return": {"POST": rule(REVIEWER_A)},
    "evaluation:action_add": {"POST": rule(COORDINATOR_A)},
    "evaluation:action_status": {"POST": rule(COORDINATOR_A)},
    "evaluation:lessons": get_post(rule(COORDINATOR_A)),
    "evaluation:round_pdf": {"GET": rule(READERS)},
    "evaluation:evidence_add": {"POST": rule(COORDINATOR_A)},
    "evaluation:evidence_download": {"GET": rule(READERS)},
    "evaluation:compare": {"GET": rule(COMPARERS)},
    "evaluation:compare_xlsx": {"GET": rule(COMPARERS)},
    "evaluation:compare_pdf": {"GET": rule(COMPARERS)},
}

API = {
    ("GET", "/api/evaluation/frameworks"): rule(SIGNED_IN),
    ("GET", "/api/evaluation/programmes/{programme_id}/rounds"): rule(READERS),
}

OWN_PAGES = {"evaluation:framework_list", "/api/evaluation/frameworks"}

STATE = [
    ("evaluation_rounds", Round, "COUNT(*)"),
    ("evaluation_rounds_changed", Round, "MAX(updated_at)"),
    ("evaluation_answers_changed", Answer, "MAX(updated_at)"),
    ("evaluation_evidence", Evidence, "COUNT(*)"),
    ("evaluation_participation_changed", Participation, "MAX(updated_at)"),
    ("evaluation_actions", Action, "COUNT(*)"),
    ("evaluation_actions_changed", Action, "MAX(updated_at)"),
    ("evaluation_lessons", Lesson, "COUNT(*)"),
]
