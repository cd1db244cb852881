"""The portal and plan pages through the Django test client: the family's updates reach
the caseworker; wishes, questions, data and consents; the summary and the invitation.
Who is refused where is the authorisation matrix's job (tests/matrix.py)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.outcomes.models import Assessment
from welcomehub.people import plans, services
from welcomehub.people.models import (
    FamilyActivity,
    Goal,
    HouseholdPreferences,
    IntegrationPlan,
    PortalInvitation,
    Step,
)
from welcomehub.people.tests.support import Family

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world: World, family: Family) -> IntegrationPlan:
    caseworker = world.users["caseworker"]
    plan = plans.plan_open(actor=caseworker, household=family.household_a)
    goal = plans.goal_add(
        actor=caseworker,
        plan=plan,
        domain="language_communication",
        description="Speak Portuguese at the market",
    )
    plans.step_add(
        actor=caseworker,
        goal=goal,
        description="Join the evening class",
        owner="refugee",
        due_date=datetime.date(2027, 2, 1),
    )
    return plan


def test_family_updates_a_goal_and_the_caseworker_sees_it(
    world: World, family: Family, plan: IntegrationPlan
) -> None:
    refugee = world.client(world.users["refugee"])
    goal = plan.goals.get()
    page = refugee.get(reverse("people:my_plan"))
    assert "Speak Portuguese at the market" in page.content.decode()
    response = refugee.post(
        reverse("people:my_goal_update", args=[goal.pk]),
        {"status": "in_progress", "text": "Two lessons so far"},
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == "in_progress"
    caseworker = world.client(world.users["caseworker"])
    detail = caseworker.get(reverse("people:household_detail", args=[family.household_a.reference]))
    text = detail.content.decode()
    assert "Recent updates by the family" in text
    assert "Updated a goal" in text
    plan_page = caseworker.get(reverse("people:plan_detail", args=[plan.pk])).content.decode()
    assert "Two lessons so far" in plan_page


def test_family_confirms_the_plan_in_the_portal(
    world: World, family: Family, plan: IntegrationPlan
) -> None:
    refugee = world.client(world.users["refugee"])
    assert "We made this plan together" in refugee.get(reverse("people:my_plan")).content.decode()
    refugee.post(reverse("people:my_plan_confirm", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.is_confirmed
    assert plan.confirmation_method == "portal"


def test_an_empty_update_shows_an_error_and_changes_nothing(
    world: World, plan: IntegrationPlan
) -> None:
    step = Step.objects.get()
    refugee = world.client(world.users["refugee"])
    response = refugee.post(reverse("people:my_step_update", args=[step.pk]), {"status": ""})
    assert response.status_code == 200
    assert "Write a note or choose a new status." in response.content.decode()
    assert not FamilyActivity.objects.exists()


def test_family_states_wishes_and_a_bad_choice_is_explained(world: World, family: Family) -> None:
    refugee = world.client(world.users["refugee"])
    url = reverse("people:my_preferences")
    bad = refugee.post(url, {"first_place": world.place.pk, "second_place": world.place.pk})
    assert bad.status_code == 200
    assert "Each place can be chosen only once." in bad.content.decode()
    assert not HouseholdPreferences.objects.exists()
    good = refugee.post(
        url,
        {
            "first_place": world.other_place.pk,
            "wants_buddy": "on",
            "mentor_sex": "female",
            "interests": ["cooking"],
        },
    )
    assert good.status_code == 302
    saved = HouseholdPreferences.objects.get(household=family.household_a)
    assert saved.first_place == world.other_place
    assert saved.mentor_sex == "female"
    caseworker = world.client(world.users["caseworker"])
    detail = caseworker.get(reverse("people:household_detail", args=[family.household_a.reference]))
    shown = detail.content.decode()
    assert "1. Porto" in shown
    assert "wants a buddy or mentor (Female)" in shown
    assert "Updated the family&#x27;s preferences" in shown


def test_family_answers_own_questions_partially(world: World, family: Family) -> None:
    services.consent_record(
        actor=world.users["caseworker"],
        person=family.head_a,
        purpose="case_management",
        method="verbal",
    )
    refugee = world.client(world.users["refugee"])
    page = refugee.get(reverse("people:my_assessment"))
    assert page.status_code == 200
    response = refugee.post(reverse("people:my_assessment"), {"work_paid": "1"})
    assert response.status_code == 302
    assessment = Assessment.objects.get(person=family.head_a)
    assert (assessment.kind, assessment.answered_by) == ("baseline", "refugee")
    assert assessment.observations.count() == 1
    again = refugee.post(reverse("people:my_assessment"), {"housing_secure": "3"})
    assert again.status_code == 302
    assert Assessment.objects.filter(person=family.head_a).exclude(kind="baseline").count() == 1
    assert FamilyActivity.objects.filter(kind="assessment").count() == 2


def test_without_consent_the_questions_are_not_recorded(world: World, family: Family) -> None:
    refugee = world.client(world.users["refugee"])
    response = refugee.post(reverse("people:my_assessment"), {"work_paid": "1"})
    assert response.status_code == 200
    assert "no active consent" in response.content.decode()
    assert not Assessment.objects.exists()


def test_family_downloads_its_own_data_only(
    world: World, family: Family, plan: IntegrationPlan
) -> None:
    refugee = world.client(world.users["refugee"])
    response = refugee.get(reverse("people:my_data"))
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    names = [m["given_name"] for m in data["members"]]
    assert names == ["Amal", "Lina"]
    assert "Rania" not in response.content.decode()
    assert "threats" not in response.content.decode()  # protection notes stay with staff
    assert data["plans"][0]["goals"][0]["goal"] == "Speak Portuguese at the market"
    assert AuditEvent.objects.filter(action="export", object_type="people.household").exists()
    assert FamilyActivity.objects.filter(kind="data_exported").count() == 1


def test_withdrawing_a_consent_in_the_portal_shows_up_for_the_caseworker(
    world: World, family: Family
) -> None:
    consent = services.consent_record(
        actor=world.users["caseworker"], person=family.head_a, purpose="matching", method="verbal"
    )
    refugee = world.client(world.users["refugee"])
    refugee.post(reverse("people:my_consent_withdraw", args=[consent.pk]))
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert FamilyActivity.objects.filter(kind="consent_withdrawn").count() == 1


def test_caseworker_writes_goal_and_step_and_confirms_in_person(
    world: World, family: Family
) -> None:
    caseworker = world.client(world.users["caseworker"])
    opened = caseworker.post(
        reverse("people:plan_overview", args=[family.household_a.reference]), {"person": ""}
    )
    plan = IntegrationPlan.objects.get()
    assert opened["Location"] == reverse("people:plan_detail", args=[plan.pk])
    bad = caseworker.post(reverse("people:goal_create", args=[plan.pk]), {"domain": "moon"})
    assert bad.status_code == 200
    assert not Goal.objects.exists()
    caseworker.post(
        reverse("people:goal_create", args=[plan.pk]),
        {"domain": "housing", "description": "A flat near school", "status": "planned"},
    )
    goal = Goal.objects.get()
    caseworker.post(
        reverse("people:step_create", args=[goal.pk]),
        {"description": "Visit the flat", "owner": "caseworker", "status": "planned"},
    )
    assert Step.objects.get().goal == goal
    caseworker.post(reverse("people:plan_confirm", args=[plan.pk]), {"person": family.head_a.pk})
    plan.refresh_from_db()
    assert plan.is_confirmed
    assert plan.confirmation_method == "in_person"


def test_summary_page_and_pdf(world: World, family: Family, plan: IntegrationPlan) -> None:
    caseworker = world.client(world.users["caseworker"])
    reference = family.household_a.reference
    page = caseworker.get(reverse("people:summary", args=[reference]))
    assert "Join the evening class" in page.content.decode()
    pdf = caseworker.get(reverse("people:summary_pdf", args=[reference]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    one = caseworker.get(reverse("people:person_summary", args=[family.child_a.pk]))
    text = one.content.decode()
    assert "Join the evening class" in text  # the household's own plan is included
    assert "Lina" in text
    assert "Amal" not in text  # only the chosen member's progress


def test_caseworker_invites_and_sees_code_link_and_qr_once(world: World, family: Family) -> None:
    caseworker = world.client(world.users["caseworker"])
    url = reverse("people:portal_invite", args=[family.household_a.reference])
    response = caseworker.post(url, {"person": family.head_a.pk, "language": "ar"})
    text = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "data:image/svg+xml" in text
    assert "lang=ar" in text
    assert 'lang="ar" dir="rtl"' in text  # the message reads right to left
    invitation = PortalInvitation.objects.get()
    assert invitation.language == "ar"
    child = caseworker.post(url, {"person": family.child_a.pk, "language": "ar"})
    assert child.status_code == 200
    assert PortalInvitation.objects.count() == 1
    listed = caseworker.get(url).content.decode()
    assert f'data-invitation="{invitation.pk}"' in listed
    caseworker.post(reverse("people:portal_revoke", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert f'data-invitation="{invitation.pk}"' not in caseworker.get(url).content.decode()


def test_the_code_link_opens_the_sign_in_in_the_familys_language() -> None:
    response = Client().get(reverse("people:code_login") + "?code=ABCD-EFGH&lang=ar")
    text = response.content.decode()
    assert 'dir="rtl"' in text
    assert 'value="ABCD-EFGH"' in text
