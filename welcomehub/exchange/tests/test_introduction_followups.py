"""Follow-up survey of introductions, reasons for declining, and the round's report and
recommendations."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.exchange import introductions, services
from welcomehub.exchange.models import FollowUp, Introduction, IntroductionStatus
from welcomehub.exchange.tests.support import Exchange

pytestmark = pytest.mark.django_db


def _held(exchange: Exchange, world: World, capture: object) -> Introduction:
    introduction = exchange.introduction
    fp_a, fp_b = world.users["focal_point"], world.users_b["focal_point"]
    introductions.introduction_accept(actor=fp_a, introduction=introduction)
    introductions.introduction_accept(actor=fp_b, introduction=introduction)
    introductions.introduction_advance(actor=fp_a, introduction=introduction)
    mail.outbox.clear()
    with capture(execute=True):  # type: ignore[operator]
        introductions.introduction_advance(actor=fp_b, introduction=introduction)
    introduction.refresh_from_db()
    assert introduction.status == IntroductionStatus.EXCHANGE_HELD
    return introduction


def test_both_sides_are_asked_once_the_exchange_is_held(
    exchange: Exchange, world: World, django_capture_on_commit_callbacks: object
) -> None:
    introduction = _held(exchange, world, django_capture_on_commit_callbacks)
    rows = FollowUp.objects.filter(introduction=introduction)
    assert {r.organisation_id for r in rows} == {world.org_a.pk, world.org_b.pk}
    assert not any(r.is_answered for r in rows)
    assert sorted(m.to[0] for m in mail.outbox) == ["focal-a@example.org", "focal-b@example.org"]
    # recording the outcome asks nobody twice
    introductions.introduction_advance(
        actor=world.users["focal_point"], introduction=introduction, outcome="Two trainings"
    )
    assert rows.count() == 2


def test_a_side_answers_for_itself_only(
    exchange: Exchange, world: World, django_capture_on_commit_callbacks: object
) -> None:
    introduction = _held(exchange, world, django_capture_on_commit_callbacks)
    followup = introductions.followup_answer(
        actor=world.users_b["focal_point"],
        introduction=introduction,
        rating=4,
        exchange_held=True,
        exchanged="A training on housing search",
    )
    assert followup.organisation_id == world.org_b.pk
    assert followup.is_answered
    assert followup.rating == 4
    assert AuditEvent.objects.filter(object_type="exchange.followup").count() == 1
    with pytest.raises(ValidationError):
        introductions.followup_answer(
            actor=world.users_b["focal_point"],
            introduction=introduction,
            rating=4,
            exchange_held=True,
            organisation=world.org_a,
        )
    with pytest.raises(ValidationError):
        introductions.followup_answer(
            actor=world.users["coordinator"],
            introduction=introduction,
            rating=4,
            exchange_held=True,
        )
    assert FollowUp.objects.get(organisation=world.org_a).answered_at is None


@pytest.mark.parametrize("rating", [0, 6])
def test_a_rating_outside_one_to_five_changes_nothing(
    exchange: Exchange, world: World, django_capture_on_commit_callbacks: object, rating: int
) -> None:
    introduction = _held(exchange, world, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        introductions.followup_answer(
            actor=world.users["focal_point"],
            introduction=introduction,
            rating=rating,
            exchange_held=True,
        )
    assert not FollowUp.objects.filter(answered_at__isnull=False).exists()


def test_the_survey_is_closed_before_the_exchange(exchange: Exchange, world: World) -> None:
    with pytest.raises(ValidationError):
        introductions.followup_answer(
            actor=world.users["focal_point"],
            introduction=exchange.introduction,
            rating=5,
            exchange_held=True,
        )
    assert not FollowUp.objects.exists()


def test_followup_form_on_the_introduction_page(
    exchange: Exchange, world: World, django_capture_on_commit_callbacks: object
) -> None:
    introduction = _held(exchange, world, django_capture_on_commit_callbacks)
    client = world.client(world.users["focal_point"])
    url = reverse("exchange:followup_answer", args=[introduction.pk])
    response = client.post(url, {"rating": "9", "exchange_held": "on"})
    assert response.status_code == 200  # the form again, with its error
    assert not FollowUp.objects.filter(answered_at__isnull=False).exists()
    response = client.post(url, {"rating": "5", "exchange_held": "on", "exchanged": "Manual"})
    assert response.status_code == 302
    answered = FollowUp.objects.get(organisation=world.org_a)
    assert (answered.rating, answered.exchanged) == (5, "Manual")
    page = client.get(reverse("exchange:introduction_detail", args=[introduction.pk]))
    assert "5/5" in page.content.decode()
    # the round's coordinator reads the answers but has no side to answer for
    response = world.client(world.users["coordinator"]).post(url, {"rating": "5"})
    assert response.status_code == 404


def test_decline_with_a_reason_code(exchange: Exchange, world: World) -> None:
    introduction = exchange.introduction
    with pytest.raises(ValidationError):
        introductions.introduction_decline(
            actor=world.users_b["focal_point"], introduction=introduction, reason_code="bogus"
        )
    with pytest.raises(ValidationError):  # "other" needs words
        introductions.introduction_decline(
            actor=world.users_b["focal_point"], introduction=introduction, reason_code="other"
        )
    introduction.refresh_from_db()
    assert introduction.status == IntroductionStatus.PROPOSED
    introductions.introduction_decline(
        actor=world.users_b["focal_point"], introduction=introduction, reason_code="no_capacity"
    )
    introduction.refresh_from_db()
    assert (introduction.status, introduction.declined_reason_code) == ("declined", "no_capacity")
    page = world.client(world.users["focal_point"]).get(
        reverse("exchange:introduction_detail", args=[introduction.pk])
    )
    assert "No capacity at the moment" in page.content.decode()


def test_decline_view_takes_the_code(exchange: Exchange, world: World) -> None:
    introduction = exchange.introduction
    url = reverse("exchange:introduction_decline", args=[introduction.pk])
    client = world.client(world.users_b["focal_point"])
    response = client.post(url, {"reason_code": "timing", "reason": "Next spring"})
    assert response.status_code == 302
    introduction.refresh_from_db()
    assert introduction.declined_reason_code == "timing"
    assert introduction.declined_reason == "Next spring"


def test_recommendations_by_the_coordinator_only(exchange: Exchange, world: World) -> None:
    survey_round = exchange.round
    with pytest.raises(ValidationError):
        services.round_recommendations_set(
            actor=world.users["focal_point"], survey_round=survey_round, text="No"
        )
    with pytest.raises(ValidationError):
        services.round_recommendations_set(
            actor=world.users_b["coordinator"], survey_round=survey_round, text="No"
        )
    survey_round.refresh_from_db()
    assert survey_round.recommendations == ""
    url = reverse("exchange:round_recommendations", args=[survey_round.pk])
    assert world.client(world.users["focal_point"]).get(url).status_code == 404
    client = world.client(world.users["coordinator"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "  Fund more study visits.  "})
    assert response.status_code == 302
    survey_round.refresh_from_db()
    assert survey_round.recommendations == "Fund more study visits."
    page = world.client(world.users_b["focal_point"]).get(
        reverse("exchange:round_detail", args=[survey_round.pk])
    )
    assert "Fund more study visits." in page.content.decode()
