"""Authorisation rules of the exchange's files and reports (see
welcomehub/tests/matrix_support.py): chart exports, circulation, evaluation, imports.

The shared chart is PUBLIC: it opens for anyone holding a signed link, shows
organisation-level information only, and a tampered or revoked link gives 404
(welcomehub/exchange/tests/test_files_chart.py)."""

from __future__ import annotations

from welcomehub.tests.matrix_support import (
    COORDINATOR_A,
    EXCHANGE_ROUND_A,
    EXCHANGE_USERS,
    Rule,
    get_post,
    rule,
)

COORDINATOR_B = frozenset({"b:coordinator"})  # coordinates no round of the shared world

PAGES: dict[str, dict[str, Rule]] = {
    "exchange:chart_hxl": {"GET": rule(EXCHANGE_ROUND_A)},
    "exchange:chart_xlsx": {"GET": rule(EXCHANGE_ROUND_A)},
    "exchange:chart_pdf": {"GET": rule(EXCHANGE_ROUND_A)},
    "exchange:share_manage": {"GET": rule(COORDINATOR_A)},
    "exchange:share_rotate": {"POST": rule(COORDINATOR_A)},
    # focal points import for their own organisation, the coordinator for any invited one
    "exchange:round_import": get_post(rule(EXCHANGE_ROUND_A)),
    "exchange:questionnaire_xlsx": {"GET": rule(EXCHANGE_USERS)},
    "exchange:import_template_xlsx": {"GET": rule(EXCHANGE_USERS)},
    # the mechanism's evaluation: coordinators, each over the rounds they coordinate
    "exchange:evaluation": {"GET": rule(COORDINATOR_A)},
    "exchange:evaluation_pdf": {"GET": rule(COORDINATOR_A)},
    "exchange:evaluation_xlsx": {"GET": rule(COORDINATOR_A)},
    "exchange:evaluation_all": {"GET": rule(COORDINATOR_A, COORDINATOR_B)},
    "exchange:evaluation_all_xlsx": {"GET": rule(COORDINATOR_A, COORDINATOR_B)},
}

PUBLIC = frozenset({"exchange:shared_chart", "exchange:shared_chart_pdf"})
