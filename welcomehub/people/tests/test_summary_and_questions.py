"""The summary in the reader's language, and which assessment a person answering on
their own gives (baseline first, then the follow-up of the time since arrival)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from conftest import World
from welcomehub.outcomes import services as outcomes
from welcomehub.outcomes.selectors import months_before
from welcomehub.people import plans, services
from welcomehub.people.models import Household
from welcomehub.people.summary import summary_context
from welcomehub.people.tests.support import Family
from welcomehub.reports.pdf import render_html

pytestmark = pytest.mark.django_db


def _consent(world: World, family: Family) -> None:
    services.consent_record(
        actor=world.users["caseworker"],
        person=family.head_a,
        purpose="case_management",
        method="verbal",
    )


@pytest.mark.parametrize(
    ("months", "kind"),
    [(0, "follow_up_6"), (5, "follow_up_6"), (12, "follow_up_12"), (30, "follow_up_24")],
)
def test_after_the_baseline_the_follow_up_follows_the_time_since_arrival(
    world: World, family: Family, months: int, kind: str
) -> None:
    _consent(world, family)
    today = datetime.date(2027, 6, 15)
    arrival = months_before(today, months)
    Household.objects.filter(pk=family.household_a.pk).update(arrival_date=arrival)
    family.head_a.household.refresh_from_db()
    assert outcomes.self_assessment_kind(family.head_a, today) == "baseline"
    outcomes.assessment_self_record(
        actor=world.users["refugee"], person=family.head_a, language="ar", answers={"work_paid": 1}
    )
    assert outcomes.self_assessment_kind(family.head_a, today) == kind


def test_only_the_person_themself_answers_their_own_questions(world: World, family: Family) -> None:
    _consent(world, family)
    for actor in (world.users["caseworker"], world.users_b["refugee"], None):
        with pytest.raises(PermissionDenied):
            outcomes.assessment_self_record(
                actor=actor, person=family.head_a, language="en", answers={"work_paid": 1}
            )
    with pytest.raises(PermissionDenied):  # the refugee, but for their child
        outcomes.assessment_self_record(
            actor=world.users["refugee"],
            person=family.child_a,
            language="en",
            answers={"work_paid": 1},
        )


def test_the_printed_summary_reads_right_to_left_in_arabic_and_dari(
    world: World, family: Family
) -> None:
    caseworker = world.users["caseworker"]
    plan = plans.plan_open(actor=caseworker, household=family.household_a)
    plans.goal_add(actor=caseworker, plan=plan, domain="work", description="Find work")
    _consent(world, family)
    outcomes.assessment_self_record(
        actor=world.users["refugee"], person=family.head_a, language="ar", answers={"work_paid": 1}
    )
    context = summary_context(caseworker, family.household_a)
    for language in ("ar", "fa-af"):
        html = render_html("people/summary_print.html", context, language=language)
        assert 'dir="rtl"' in html
        assert "<svg" in html  # the distance-travelled chart
        assert "Find work" in html
    assert 'dir="ltr"' in render_html("people/summary_print.html", context, language="uk")
