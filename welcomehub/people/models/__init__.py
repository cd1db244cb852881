"""The people app's models: households and their members, consent, what the family
prefers, integration plans and the refugee portal."""

from welcomehub.people.models.households import ADULT_AGE, Consent, Household, Person
from welcomehub.people.models.portal import ActivityKind, FamilyActivity
from welcomehub.people.models.preferences import HouseholdPreferences

__all__ = [
    "ADULT_AGE",
    "ActivityKind",
    "Consent",
    "FamilyActivity",
    "Household",
    "HouseholdPreferences",
    "Person",
]
