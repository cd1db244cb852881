"""Authorisation rules of the exchange's follow-ups, recommendations and twinning
(see welcomehub/tests/matrix_support.py). The shared exchange world has A's coordinator
running the rounds and inviting A and B; `build` signs A up as a mentor and B as a
mentee in the submitted round and A's coordinator proposes the pair."""

from __future__ import annotations

from typing import Any

from conftest import World
from welcomehub.exchange.models import (
    FollowUp,
    SurveyRound,
    TwinningAgreement,
    TwinningCheckIn,
    TwinningPair,
    TwinningReview,
    TwinningSignup,
)
from welcomehub.exchange.tests.support import Twinning, build_twinning
from welcomehub.tests.matrix_support import (
    COORDINATOR_A,
    EXCHANGE_ROUND_A,
    EXCHANGE_SIDES,
    EXCHANGE_USERS,
    FOCAL_POINT_A,
    MatrixWorld,
    Rule,
    get_post,
    rule,
)

PAGES: dict[str, dict[str, Rule]] = {
    "exchange:round_recommendations": get_post(rule(COORDINATOR_A)),
    "exchange:followup_answer": {"POST": rule(EXCHANGE_SIDES)},
    "exchange:twinning_round": {"GET": rule(EXCHANGE_ROUND_A)},
    # invited focal points sign their own organisation up
    "exchange:twinning_signup": {"POST": rule(EXCHANGE_SIDES)},
    "exchange:twinning_signup_withdraw": {"POST": rule(FOCAL_POINT_A)},
    "exchange:twinning_suggest": {"GET": rule(COORDINATOR_A)},
    "exchange:twinning_propose": {"POST": rule(COORDINATOR_A)},
    "exchange:twinning_pair": {"GET": rule(EXCHANGE_ROUND_A)},
    "exchange:twinning_pair_accept": {"POST": rule(EXCHANGE_SIDES)},
    "exchange:twinning_pair_decline": {"POST": rule(EXCHANGE_ROUND_A)},
    "exchange:twinning_agreement": {"POST": rule(EXCHANGE_ROUND_A)},
    "exchange:twinning_checkin": {"POST": rule(EXCHANGE_ROUND_A)},
    "exchange:twinning_review": {"POST": rule(EXCHANGE_ROUND_A)},
    "exchange:twinning_library": {"GET": rule(EXCHANGE_USERS)},
}


def build(world: World) -> Twinning:
    survey_round = SurveyRound.objects.get(
        organisation=world.org_a, title="Integration exchange 2026"
    )
    return build_twinning(world, survey_round)


def _built(matrix: MatrixWorld) -> Twinning:
    built: Twinning = matrix.built[__name__]
    return built


API: dict[tuple[str, str], Rule] = {
    ("GET", "/api/exchange/rounds/{round_id}/figures"): rule(COORDINATOR_A),
    ("GET", "/api/exchange/twinning/library"): rule(EXCHANGE_USERS),
}

KWARGS: dict[str, Any] = {
    "twinning_pair_id": lambda m: _built(m).pair.pk,
    "twinning_signup_id": lambda m: _built(m).signup_a.pk,
}

STATE: list[tuple[str, Any, str]] = [
    ("exchange_round_recommendations", SurveyRound, "MAX(updated_at)"),
    ("exchange_followups", FollowUp, "COUNT(*)"),
    ("exchange_followups_changed", FollowUp, "MAX(updated_at)"),
    ("twinning_signups", TwinningSignup, "COUNT(*)"),
    ("twinning_signups_changed", TwinningSignup, "MAX(updated_at)"),
    ("twinning_pairs", TwinningPair, "COUNT(*)"),
    ("twinning_pairs_changed", TwinningPair, "MAX(updated_at)"),
    ("twinning_agreements", TwinningAgreement, "COUNT(*)"),
    ("twinning_checkins", TwinningCheckIn, "COUNT(*)"),
    ("twinning_reviews", TwinningReview, "COUNT(*)"),
]
