"""Feedback routes in the authorisation matrix (see welcomehub/tests/matrix_support.py)."""

from __future__ import annotations

from typing import Any

from conftest import World
from welcomehub.feedback import services
from welcomehub.feedback.models import (
    BoardPost,
    Feedback,
    ListeningSession,
    SatisfactionResponse,
)
from welcomehub.tests.matrix_support import get_post, keys, rule

# Public: the form, the board and the survey need no account (issue 8).
PUBLIC = frozenset({"feedback:give", "feedback:board", "feedback:survey"})

COORDINATOR_A = frozenset({"a:coordinator"})
HANDLERS = keys("ab", "coordinator")  # feedback.manage in A (lead) and B (partner)
LOGGERS = keys("ab", "caseworker")
PROGRAMME_STAFF = LOGGERS | HANDLERS
FIGURE_READERS = HANDLERS | keys("ab", "analyst")

PAGES = {
    # B's coordinator opens an inbox too, which holds nothing of A's
    "feedback:inbox": {"GET": rule(COORDINATOR_A, frozenset({"b:coordinator"}))},
    "feedback:detail": {"GET": rule(COORDINATOR_A)},
    "feedback:respond": {"POST": rule(COORDINATOR_A)},
    "feedback:route": {"POST": rule(COORDINATOR_A)},
    "feedback:status": {"POST": rule(COORDINATOR_A)},
    "feedback:publish": {"POST": rule(COORDINATOR_A)},
    "feedback:board_withdraw": {"POST": rule(COORDINATOR_A)},
    "feedback:log": get_post(rule(LOGGERS)),
    "feedback:session_log": get_post(rule(PROGRAMME_STAFF)),
    "feedback:poster": {"GET": rule(PROGRAMME_STAFF)},
    "feedback:poster_pdf": {"GET": rule(PROGRAMME_STAFF)},
    "feedback:figures": {"GET": rule(FIGURE_READERS)},
    "feedback:figures_csv": {"GET": rule(FIGURE_READERS)},
    "feedback:figures_xlsx": {"GET": rule(FIGURE_READERS)},
}


def build(world: World) -> dict[str, Any]:
    """Feedback given to A's programme and routed to A, answered and on the board."""
    feedback = services.feedback_submit(
        actor=None,
        programme=world.programme,
        category="services",
        text="Matrix feedback text",
        language="en",
    )
    services.feedback_respond(
        actor=world.users["coordinator"], feedback=feedback, response="Matrix response"
    )
    post = services.board_publish(
        actor=world.users["coordinator"],
        feedback=feedback,
        texts={"en": {"you_said": "Summary", "we_did": "Action"}},
    )
    return {"feedback": feedback, "post": post}


KWARGS: dict[str, Any] = {
    "feedback_ref": lambda m: m.built[__name__]["feedback"].reference,
    "board_post_id": lambda m: m.built[__name__]["post"].pk,
}

STATE = [
    ("feedback_items", Feedback, "COUNT(*)"),
    ("feedback_responded", Feedback, "COUNT(responded_on)"),
    ("feedback_routed", Feedback, "SUM(routed_to_id)"),
    ("feedback_board", BoardPost, "COUNT(*)"),
    ("feedback_board_changed", BoardPost, "MAX(updated_at)"),
    ("feedback_sessions", ListeningSession, "COUNT(*)"),
    ("feedback_satisfaction", SatisfactionResponse, "COUNT(*)"),
]
