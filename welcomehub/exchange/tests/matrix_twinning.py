"""Authorisation rules of the exchange's follow-ups, recommendations and twinning
(see welcomehub/tests/matrix_support.py). The shared exchange world has A's coordinator
running the rounds and inviting A and B."""

from __future__ import annotations

from typing import Any

from welcomehub.exchange.models import FollowUp, SurveyRound
from welcomehub.tests.matrix_support import (
    COORDINATOR_A,
    EXCHANGE_SIDES,
    Rule,
    get_post,
    rule,
)

PAGES: dict[str, dict[str, Rule]] = {
    "exchange:round_recommendations": get_post(rule(COORDINATOR_A)),
    "exchange:followup_answer": {"POST": rule(EXCHANGE_SIDES)},
}

STATE: list[tuple[str, Any, str]] = [
    ("exchange_round_recommendations", SurveyRound, "MAX(updated_at)"),
    ("exchange_followups", FollowUp, "COUNT(*)"),
    ("exchange_followups_changed", FollowUp, "MAX(updated_at)"),
]
