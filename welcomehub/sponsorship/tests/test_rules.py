"""Pure rules: check-in dates, readiness and compatibility (no database)."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from welcomehub.connections.matching import weighted
from welcomehub.sponsorship.rules import (
    CheckRecord,
    GroupProfile,
    HouseholdProfile,
    checkin_due_dates,
    fit,
    member_ready,
)

dates = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2090, 1, 1))


@given(dates)
def test_checkins_fall_30_90_180_365_days_after_arrival_in_order(arrival: datetime.date) -> None:
    due = checkin_due_dates(arrival)
    assert sorted(due) == [30, 90, 180, 365]
    assert all((due[day] - arrival).days == day for day in due)
    assert [due[d] for d in sorted(due)] == sorted(due.values())


@given(dates, st.integers(min_value=-400, max_value=400))
def test_a_police_check_counts_until_its_expiry(on: datetime.date, offset: int) -> None:
    expiry = on + datetime.timedelta(days=offset)
    lacking = member_ready(
        [CheckRecord("identity", None), CheckRecord("police", expiry)],
        ["induction", "safeguarding"],
        required_checks=["identity", "police"],
        required_training=["induction", "safeguarding"],
        on=on,
    )
    assert (lacking == []) == (offset >= 0)


def test_missing_training_is_named() -> None:
    lacking = member_ready(
        [CheckRecord("identity", None), CheckRecord("police", None)],
        ["induction"],
        required_checks=["identity", "police"],
        required_training=["induction", "safeguarding"],
        on=datetime.date(2026, 1, 1),
    )
    assert lacking == ["safeguarding"]


households = st.builds(
    HouseholdProfile,
    key=st.text(min_size=1, max_size=3),
    size=st.integers(min_value=1, max_value=10),
    languages=st.frozensets(st.sampled_from(["ar", "fa", "uk", "pt"])),
    place_ids=st.tuples(st.integers(1, 4), st.just(100)),
    needs=st.frozensets(st.sampled_from(["medical", "wheelchair"])),
    wants_sponsor=st.booleans(),
)
groups = st.builds(
    GroupProfile,
    key=st.text(min_size=1, max_size=3),
    housing_persons=st.integers(min_value=1, max_value=10),
    languages=st.frozensets(st.sampled_from(["ar", "fa", "uk", "pt"])),
    place_ids=st.tuples(st.integers(1, 4), st.just(100)),
    supports=st.frozensets(st.sampled_from(["medical", "wheelchair"])),
)


@given(households, groups)
def test_a_fit_never_overfills_the_housing_nor_leaves_a_need_unsupported(
    household: HouseholdProfile, group: GroupProfile
) -> None:
    found = fit(household, group)
    can = household.size <= group.housing_persons and household.needs <= group.supports
    assert (found is not None) == can
    if found is not None:
        assert found.score > 0
        codes = [code for code, _detail in found.reasons]
        assert ("language" in codes) == bool(household.languages & group.languages)


def test_a_shared_language_and_place_score_higher() -> None:
    household = HouseholdProfile("h", 3, frozenset({"fa"}), (1, 100))
    near = GroupProfile("near", 4, frozenset({"fa"}), (1, 100))
    far = GroupProfile("far", 4, frozenset({"pt"}), (2, 100))
    assert fit(household, near).score > fit(household, far).score  # type: ignore[union-attr]


def test_the_weighted_engine_respects_group_capacity() -> None:
    scores = {("h1", "g"): 5.0, ("h2", "g"): 4.0, ("h2", "k"): 1.0}
    pairs = weighted(scores, {"g": 1, "k": 1})
    assert pairs == [("h1", "g"), ("h2", "k")]
