"""Compatibility and suggestions (pure): hard rules hold for all inputs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from welcomehub.connections.matching.compatibility import (
    HouseholdProfile,
    VolunteerProfile,
    compatibility,
    suggest,
)

LANGS = ["ar", "en", "fa", "uk"]
langs = st.frozensets(st.sampled_from(LANGS), max_size=3)
places = st.sampled_from([(), (1, 10), (2, 10), (3, 20)])
households = st.builds(
    HouseholdProfile,
    key=st.sampled_from(["h1", "h2", "h3", "h4"]),
    languages=langs,
    places=places,
    children=st.integers(0, 3),
    buddy_languages=langs,
    mentor_sex=st.sampled_from(["", "female", "male"]),
    wants_buddy=st.booleans(),
)
volunteers = st.builds(
    VolunteerProfile,
    key=st.sampled_from(["v1", "v2", "v3"]),
    languages=langs,
    places=places,
    sex=st.sampled_from(["female", "male", ""]),
    capacity=st.integers(0, 2),
    interests=st.frozensets(st.sampled_from(["children_activities", "sport"])),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(households, max_size=5, unique_by=lambda h: h.key),
       st.lists(volunteers, max_size=3, unique_by=lambda v: v.key))  # fmt: skip
def test_suggestions_keep_the_hard_rules_and_capacities(hs, vs) -> None:
    by_h = {h.key: h for h in hs}
    by_v = {v.key: v for v in vs}
    found = suggest(hs, vs)
    assert len({s.household for s in found}) == len(found)
    for v in vs:
        assert sum(1 for s in found if s.volunteer == v.key) <= v.capacity
    for s in found:
        h, v = by_h[s.household], by_v[s.volunteer]
        assert (h.languages | h.buddy_languages) & v.languages
        assert not h.mentor_sex or h.mentor_sex == v.sex
        assert compatibility(h, v) == (s.score, s.reasons)


def test_same_place_scores_above_same_area() -> None:
    h = HouseholdProfile(key="h", languages=frozenset({"ar"}), places=(1, 10))
    near = VolunteerProfile(key="a", languages=frozenset({"ar"}), places=(1, 10))
    area = VolunteerProfile(key="b", languages=frozenset({"ar"}), places=(2, 10))
    far = VolunteerProfile(key="c", languages=frozenset({"ar"}), places=(3, 20))
    scores = [compatibility(h, v) for v in (near, area, far)]
    assert all(s is not None for s in scores)
    assert scores[0][0] > scores[1][0] > scores[2][0]  # type: ignore[index]
    assert compatibility(h, VolunteerProfile(key="d", languages=frozenset({"en"}))) is None
