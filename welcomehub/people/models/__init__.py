"""The people app's models: households and their members, consent, what the family
prefers, integration plans and the refugee portal."""

from welcomehub.people.models.households import (
    ADULT_AGE,
    CASELOAD_ORDER,
    Consent,
    Household,
    Person,
)
from welcomehub.people.models.plans import Goal, IntegrationPlan, ProgressNote, Step
from welcomehub.people.models.portal import ActivityKind, FamilyActivity, PortalInvitation
from welcomehub.people.models.preferences import HouseholdPreferences

__all__ = [
    "ADULT_AGE",
    "CASELOAD_ORDER",
    "ActivityKind",
    "Consent",
    "FamilyActivity",
    "Goal",
    "Household",
    "HouseholdPreferences",
    "IntegrationPlan",
    "Person",
    "PortalInvitation",
    "ProgressNote",
    "Step",
]
