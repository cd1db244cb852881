"""Reads for households, persons and consent."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from welcomehub.people.models import Consent, Household, Person


def household_list(
    households: QuerySet[Household],
    *,
    status: str = "",
    programme_id: int | None = None,
    reference: str = "",
) -> QuerySet[Household]:
    """A caseload page: households with their members, newest arrivals first."""
    if status:
        households = households.filter(status=status)
    if programme_id:
        households = households.filter(programme_id=programme_id)
    if reference:
        households = households.filter(reference__icontains=reference.strip())
    return (
        households.select_related("programme", "location", "organisation")
        .prefetch_related(Prefetch("members", queryset=Person.objects.order_by("id")))
        .annotate(member_count=Count("members"))
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
