"""Withdrawal stops sharing at once, on the sharing path no other test covers: placement's
use of a family tie (the family's own switch in its preferences). Referrals, matches and
introductions have theirs in their apps (docs/threat-model.md lists them)."""

from __future__ import annotations

import pytest

from conftest import World
from welcomehub.people import selectors
from welcomehub.people.preferences import preferences_set
from welcomehub.placement import services as placement_services

pytestmark = pytest.mark.django_db


def test_placement_stops_using_a_family_tie_once_the_family_withdraws(world: World) -> None:
    household = world.household_a
    assert household is not None
    preferences_set(
        actor=world.users["caseworker"],
        household=household,
        family_place=world.other_place,
        family_place_for_placement=True,
    )
    shared = placement_services._preferences([household.pk])
    assert shared[household.pk].family_place_id == world.other_place.pk

    preferences_set(
        actor=world.users["caseworker"],
        household=household,
        family_place=world.other_place,
        family_place_for_placement=False,
    )
    assert household.pk not in selectors.placement_preferences([household.pk])
    assert household.pk not in placement_services._preferences([household.pk])
