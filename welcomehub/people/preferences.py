"""Writes of a household's own preferences: places, family tie, buddy and sponsor."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from welcomehub.core.audit import audit_record, changed_fields
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.people.acting import Acting, acting_for
from welcomehub.people.models import ActivityKind, FamilyActivity, Household, HouseholdPreferences
from welcomehub.programmes.models import Place

MAX_PLACES = 3
FIELDS = (
    "first_place",
    "second_place",
    "third_place",
    "family_place",
    "family_place_for_placement",
    "wants_buddy",
    "wants_sponsor",
    "mentor_sex",
    "buddy_languages",
    "interests",
    "notes",
)


def _ranked(household: Household, places: Sequence[Place | None]) -> list[Place]:
    """The chosen places in rank order, gaps closed; each served by the programme."""
    chosen = [place for place in places if place is not None]
    if len(chosen) > MAX_PLACES:
        raise ValidationError(
            {"first_place": _("Choose at most %(n)s places.") % {"n": MAX_PLACES}}
        )
    if len({place.pk for place in chosen}) != len(chosen):
        raise ValidationError({"second_place": _("Each place can be chosen only once.")})
    served = set(household.programme.places.values_list("pk", flat=True))
    if any(place.pk not in served for place in chosen):
        raise ValidationError({"first_place": _("Choose among the places the programme serves.")})
    return chosen


@transaction.atomic
def preferences_set(
    *,
    actor: Any,
    household: Household,
    places: Sequence[Place | None] = (),
    family_place: Place | None = None,
    family_place_for_placement: bool = False,
    wants_buddy: bool = False,
    wants_sponsor: bool = False,
    mentor_sex: str = "",
    buddy_languages: Sequence[str] = (),
    interests: Sequence[str] = (),
    notes: str = "",
    channel: str = AuditChannel.WEB,
) -> HouseholdPreferences:
    """Replace the household's preferences with these (a caseworker with household.edit,
    or an adult of the household through the portal)."""
    acting = acting_for(actor, household, staff_permission="household.edit")
    ranked = _ranked(household, places)
    if family_place is None and family_place_for_placement:
        raise ValidationError(
            {"family_place": _("Name the place where relatives live, or do not agree to use it.")}
        )
    preferences = HouseholdPreferences.objects.select_for_update().filter(
        household=household
    ).first() or HouseholdPreferences(household=household)
    new = {
        "first_place": ranked[0] if ranked else None,
        "second_place": ranked[1] if len(ranked) > 1 else None,
        "third_place": ranked[2] if len(ranked) > 2 else None,
        "family_place": family_place,
        "family_place_for_placement": family_place_for_placement,
        "wants_buddy": wants_buddy,
        "wants_sponsor": wants_sponsor,
        "mentor_sex": mentor_sex,
        "buddy_languages": list(buddy_languages),
        "interests": list(interests),
        "notes": notes,
    }
    created = preferences.pk is None
    before = {name: getattr(preferences, name) for name in FIELDS}
    for name, value in new.items():
        setattr(preferences, name, value)
    preferences.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    preferences.full_clean()
    preferences.save()
    changed = changed_fields(before, new)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=preferences,
        organisation_id=household.organisation_id,
        channel=channel,
        detail={"household": household.reference, "fields": changed, "by": str(acting)},
    )
    if acting == Acting.FAMILY:
        FamilyActivity.objects.create(
            household=household,
            user=actor,
            kind=ActivityKind.PREFERENCES,
            detail={"fields": changed},
        )
    return preferences
