"""A household's own preferences: who may set them, what placement may read."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.people.models import FamilyActivity, HouseholdPreferences
from welcomehub.people.preferences import preferences_set
from welcomehub.people.selectors import (
    BuddyPreference,
    PlacementPreference,
    buddy_preferences,
    placement_preferences,
)
from welcomehub.people.tests.support import Family, last_audit_id, writes_after
from welcomehub.programmes import services as programmes

pytestmark = pytest.mark.django_db


def test_caseworker_sets_ranked_places_and_placement_reads_them(
    world: World, family: Family
) -> None:
    mark = last_audit_id()
    preferences_set(
        actor=world.users["caseworker"],
        household=family.household_a,
        places=[world.other_place, None, world.place],
        family_place=world.place,
        family_place_for_placement=True,
    )
    found = placement_preferences([family.household_a.pk, family.household_b.pk])
    assert found == {
        family.household_a.pk: PlacementPreference(
            place_ids=(world.other_place.pk, world.place.pk), family_place_id=world.place.pk
        )
    }
    [write] = writes_after(mark)
    assert write.object_type == "people.householdpreferences"
    assert write.detail["by"] == "staff"
    assert not FamilyActivity.objects.exists()  # the caseworker is not the family


def test_family_tie_is_left_out_unless_the_family_agreed(world: World, family: Family) -> None:
    preferences_set(
        actor=world.users["refugee"],
        household=family.household_a,
        family_place=world.other_place,
        family_place_for_placement=False,
    )
    assert placement_preferences([family.household_a.pk]) == {}
    preferences_set(
        actor=world.users["refugee"],
        household=family.household_a,
        places=[world.place],
        family_place=world.other_place,
    )
    assert placement_preferences([family.household_a.pk]) == {
        family.household_a.pk: PlacementPreference((world.place.pk,), None)
    }
    assert HouseholdPreferences.objects.count() == 1  # one row per household, replaced


def test_refugee_sets_own_buddy_wishes_and_the_caseworker_sees_it(
    world: World, family: Family
) -> None:
    preferences_set(
        actor=world.users["refugee"],
        household=family.household_a,
        wants_buddy=True,
        mentor_sex="female",
        buddy_languages=["ar", "en"],
        interests=["cooking", "sport"],
        notes="Mornings are best",
    )
    assert buddy_preferences([family.household_a.pk]) == {
        family.household_a.pk: BuddyPreference(
            wants_buddy=True,
            wants_sponsor=False,
            mentor_sex="female",
            languages=("ar", "en"),
            interests=("cooking", "sport"),
        )
    }
    activity = FamilyActivity.objects.get()
    assert activity.household == family.household_a
    assert activity.user == world.users["refugee"]
    assert "Mornings" not in str(AuditEvent.objects.values_list("detail", flat=True))


@pytest.mark.parametrize("actor_key", ["b:refugee", "b:caseworker", "a:analyst", "a:volunteer"])
def test_nobody_else_touches_a_household(world: World, family: Family, actor_key: str) -> None:
    org, role = actor_key.split(":")
    actor = (world.users if org == "a" else world.users_b)[role]
    mark = last_audit_id()
    with pytest.raises(PermissionDenied):
        preferences_set(actor=actor, household=family.household_a, places=[world.place])
    assert not HouseholdPreferences.objects.exists()
    assert writes_after(mark) == []


def test_a_refugee_cannot_set_another_households_preferences(world: World, family: Family) -> None:
    with pytest.raises(PermissionDenied):
        preferences_set(actor=world.users["refugee"], household=family.household_b)
    assert not HouseholdPreferences.objects.exists()


def test_bad_places_are_refused_and_change_nothing(world: World, family: Family) -> None:
    elsewhere = programmes.place_create(actor=None, name="Faro", kind="municipality", country="PT")
    caseworker = world.users["caseworker"]
    bad: list[dict[str, Any]] = [
        {"places": [world.place, world.place]},
        {"places": [elsewhere]},
        {"places": [world.place, world.other_place, world.place, world.other_place]},
        {"family_place_for_placement": True},
        {"mentor_sex": "robot"},
        {"interests": ["skydiving"]},
    ]
    for fields in bad:
        with pytest.raises(ValidationError):
            preferences_set(actor=caseworker, household=family.household_a, **fields)
    assert not HouseholdPreferences.objects.exists()
