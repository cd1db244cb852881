"""The outcome dashboards in the authorisation matrix: coordinators and analysts of the
organisations taking part in the programme (A leads it, B partners it); aggregates
only, so nobody's personal data may appear, which the matrix checks for everyone."""

from __future__ import annotations

from welcomehub.tests.matrix_support import CASEWORKER_A, Rule, get_post, keys, rule

DASHBOARD_READERS = keys("ab", "coordinator", "analyst")

PAGES: dict[str, dict[str, Rule]] = {
    "outcomes:dashboards": {"GET": rule(DASHBOARD_READERS)},
    "outcomes:dashboard": {"GET": rule(DASHBOARD_READERS)},
    "outcomes:dashboard_csv": {"GET": rule(DASHBOARD_READERS)},
    "outcomes:dashboard_xlsx": {"GET": rule(DASHBOARD_READERS)},
}
# Nobody of A is assessed in the matrix world, so the list is empty (test_followups.py
# shows it filled).
PAGES["outcomes:followups_due"] = {"GET": rule(CASEWORKER_A, frozenset({"b:caseworker"}))}
PAGES["outcomes:life_event_record"] = get_post(rule(CASEWORKER_A, shows_a=True))

API: dict[tuple[str, str], Rule] = {
    ("GET", "/api/outcomes/programmes/{programme_id}/dashboard"): rule(DASHBOARD_READERS),
}
