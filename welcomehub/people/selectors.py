"""Reads for households, persons and consent."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Prefetch, QuerySet, Value, When
from django.utils import timezone

from welcomehub.people.models import (
    CASELOAD_ORDER,
    Consent,
    FamilyActivity,
    Goal,
    Household,
    HouseholdPreferences,
    IntegrationPlan,
    Person,
    PortalInvitation,
    ProgressNote,
    Step,
)

OPEN_STATUSES = ("planned", "in_progress", "on_hold")


def household_list(
    households: QuerySet[Household],
    *,
    status: str = "",
    programme_id: int | None = None,
    reference: str = "",
) -> QuerySet[Household]:
    """A caseload page: households with their members (head first), newest arrivals first.

    No aggregate here: a member count by GROUP BY made the database group a whole caseload
    before it could cut a page (1.2 s for 60,000 households); the members are prefetched
    for the shown page, and the template and API count those. The ordering is the index
    `household_caseload_order`, so a page is read from the index, not sorted.
    """
    if status:
        households = households.filter(status=status)
    if programme_id:
        households = households.filter(programme_id=programme_id)
    if reference:
        households = households.filter(reference__icontains=reference.strip())
    return (
        households.select_related("programme", "location", "organisation")
        .prefetch_related(Prefetch("members", queryset=head_first(Person.objects.all())))
        .order_by(*CASELOAD_ORDER)
    )


def head_first(persons: QuerySet[Person]) -> QuerySet[Person]:
    """Members with the head of household first, then in the order they were recorded."""
    return persons.order_by(
        Case(
            When(relationship="head", then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
        "id",
    )


def household_members(household: Household) -> QuerySet[Person]:
    return household.members.prefetch_related(
        Prefetch(
            "consents",
            queryset=Consent.objects.select_related("partner", "guardian").order_by("-created_at"),
        )
    ).order_by("id")


def consent_is_active(*, person: Person, purpose: str, partner_id: int | None = None) -> bool:
    """Whether personal data of this person may be used for the purpose (and partner)."""
    return Consent.objects.filter(
        person=person, purpose=purpose, partner_id=partner_id, withdrawn_at__isnull=True
    ).exists()


def head_of(household: Household) -> Person | None:
    members = list(household.members.all())
    return next((m for m in members if m.relationship == "head"), members[0] if members else None)


@dataclass(frozen=True)
class PlacementPreference:
    """What a family agreed placement may use: its ranked places (best first) and the
    place where relatives live, only if the family agreed that tie is used."""

    place_ids: tuple[int, ...]
    family_place_id: int | None


def placement_preferences(household_ids: Iterable[int]) -> dict[int, PlacementPreference]:
    """Household id → what placement may use; households without preferences are absent.

    Callers are placement services that already hold the households; this reads no name.
    """
    rows = HouseholdPreferences.objects.filter(household_id__in=list(household_ids))
    found = {}
    for row in rows:
        family = row.family_place_id if row.family_place_for_placement else None
        if row.ranked_place_ids or family is not None:
            found[row.household_id] = PlacementPreference(row.ranked_place_ids, family)
    return found


@dataclass(frozen=True)
class BuddyPreference:
    """What a family wants from a volunteer buddy or mentor and from a sponsor group."""

    wants_buddy: bool
    wants_sponsor: bool
    mentor_sex: str  # a code of `sexes`, "" for no preference
    languages: tuple[str, ...]
    interests: tuple[str, ...]


def buddy_preferences(household_ids: Iterable[int]) -> dict[int, BuddyPreference]:
    """Household id → the family's buddy and sponsor preferences (free text left out)."""
    rows = HouseholdPreferences.objects.filter(household_id__in=list(household_ids))
    return {
        row.household_id: BuddyPreference(
            wants_buddy=row.wants_buddy,
            wants_sponsor=row.wants_sponsor,
            mentor_sex=row.mentor_sex,
            languages=tuple(row.buddy_languages),
            interests=tuple(row.interests),
        )
        for row in rows
    }


def household_preferences(household: Household) -> HouseholdPreferences | None:
    return (
        HouseholdPreferences.objects.select_related(
            "first_place", "second_place", "third_place", "family_place"
        )
        .filter(household=household)
        .first()
    )


def household_plans(household: Household) -> list[IntegrationPlan]:
    """The household's plan first, then its members' plans, with goals, steps and notes."""
    plans = (
        IntegrationPlan.objects.filter(household=household)
        .select_related("person", "confirmed_by_person", "confirmed_with")
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=Goal.objects.order_by("id").prefetch_related(
                    Prefetch("steps", queryset=Step.objects.all()),
                    Prefetch(
                        "notes",
                        queryset=ProgressNote.objects.select_related("author", "step"),
                    ),
                ),
            )
        )
    )
    return sorted(plans, key=lambda plan: (plan.person_id is not None, plan.person_id or 0))


def next_steps(household: Household, *, limit: int = 5) -> list[Step]:
    """Open steps of all the household's plans, soonest due first (undated last)."""
    return list(
        Step.objects.filter(goal__plan__household=household, status__in=OPEN_STATUSES)
        .exclude(goal__status__in=("done", "dropped"))
        .select_related("goal__plan__person")
        .order_by(F("due_date").asc(nulls_last=True), "id")[:limit]
    )


def family_activity(household: Household, *, limit: int = 10) -> list[FamilyActivity]:
    """What the family did themselves through the portal, newest first."""
    return list(FamilyActivity.objects.filter(household=household).select_related("user")[:limit])


def open_invitations(household: Household) -> list[PortalInvitation]:
    """Codes handed out to the household's adults that can still be used."""
    return list(
        PortalInvitation.objects.filter(
            person__household=household,
            used_at=None,
            revoked_at=None,
            expires_at__gt=timezone.now(),
        )
        .select_related("person", "invited_by")
        .order_by("-created_at")
    )
