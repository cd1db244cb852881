"""A family's own data, as they download it from the portal (DESIGN §6: a person can
get their data exported). Protection notes are left out: they record risks to the
family and may name others; the caseworker discusses them in person."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.outcomes.catalogue import localised
from welcomehub.outcomes.models import Assessment
from welcomehub.people import selectors
from welcomehub.people.acting import acting_for
from welcomehub.people.models import (
    ActivityKind,
    FamilyActivity,
    Household,
    IntegrationPlan,
    Person,
    PortalInvitation,
)

HOUSEHOLD_FIELDS = ("pathway", "status", "nationality", "languages", "needs")
PERSON_FIELDS = ("given_name", "family_name", "sex", "relationship", "languages", "phone")


def _day(value: Any) -> str | None:
    return value.isoformat() if value else None


def _person(person: Person) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(person, name) for name in PERSON_FIELDS}
    data["email"] = person.email
    data["date_of_birth"] = _day(person.date_of_birth)
    data["health_notes"] = person.health_notes
    data["consents"] = [
        {
            "purpose": consent.purpose,
            "partner": consent.partner.name if consent.partner else None,
            "method": consent.method,
            "given": _day(consent.created_at),
            "withdrawn": _day(consent.withdrawn_at),
        }
        for consent in person.consents.select_related("partner").order_by("created_at")
    ]
    data["assessments"] = [
        {
            "kind": assessment.kind,
            "date": _day(assessment.date),
            "answered_by": assessment.answered_by,
            "answers": [
                {
                    "question": obs.question.code,
                    "text": localised(obs.question.text),
                    "value": obs.value,
                }
                for obs in assessment.observations.select_related("question")
            ],
        }
        for assessment in Assessment.objects.filter(person=person).order_by("date", "id")
    ]
    data["portal_invitations"] = [
        {"created": _day(i.created_at), "expires": _day(i.expires_at), "used": _day(i.used_at)}
        for i in PortalInvitation.objects.filter(person=person)
    ]
    return data


def _plan(plan: IntegrationPlan) -> dict[str, Any]:
    return {
        "of": str(plan.person) if plan.person else "household",
        "confirmed": _day(plan.confirmed_at),
        "confirmation_method": plan.confirmation_method,
        "goals": [
            {
                "domain": goal.domain,
                "goal": goal.description,
                "status": goal.status,
                "steps": [
                    {
                        "step": step.description,
                        "owner": step.owner,
                        "due": _day(step.due_date),
                        "status": step.status,
                    }
                    for step in goal.steps.all()
                ],
                "notes": [
                    {"date": _day(n.created_at), "note": n.text, "status": n.status}
                    for n in goal.notes.all()
                ],
            }
            for goal in plan.goals.all()
        ],
    }


def _preferences(household: Household) -> dict[str, Any] | None:
    found = selectors.household_preferences(household)
    if found is None:
        return None
    return {
        "places": [place.name for place in found.ranked_places],  # type: ignore[attr-defined]
        "family_place": found.family_place.name if found.family_place else None,
        "family_place_for_placement": found.family_place_for_placement,
        "wants_buddy": found.wants_buddy,
        "wants_sponsor": found.wants_sponsor,
        "mentor_sex": found.mentor_sex,
        "buddy_languages": found.buddy_languages,
        "interests": found.interests,
        "notes": found.notes,
    }


@transaction.atomic
def household_data_export(
    *, actor: Any, household: Household, channel: str = AuditChannel.WEB
) -> dict[str, Any]:
    """What the system holds about the household, for an adult of it (or its caseworker)."""
    acting = acting_for(actor, household, staff_permission="household.view")
    data = {
        "exported": timezone.now().isoformat(timespec="seconds"),
        "household": {
            "reference": household.reference,
            "organisation": household.organisation.name,
            "programme": household.programme.name,
            "arrival_date": _day(household.arrival_date),
            "location": household.location.name if household.location else None,
            **{name: getattr(household, name) for name in HOUSEHOLD_FIELDS},
        },
        "members": [_person(p) for p in selectors.head_first(household.members.all())],
        "plans": [_plan(plan) for plan in selectors.household_plans(household)],
        "preferences": _preferences(household),
    }
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=household,
        organisation_id=household.organisation_id,
        channel=channel,
        detail={"format": "json", "by": str(acting)},
    )
    if acting == "family":
        FamilyActivity.objects.create(
            household=household, user=actor, kind=ActivityKind.DATA_EXPORTED, detail={}
        )
    return data
