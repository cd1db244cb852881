"""Introductions: double opt-in; contact details only after both sides accept."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import World
from welcomehub.exchange import introductions
from welcomehub.exchange.models import Introduction, IntroductionStatus
from welcomehub.exchange.tests.support import Exchange

pytestmark = pytest.mark.django_db
CONTACTS = ("focal-a@example.org", "focal-b@example.org")


def _page(world: World, user_key: tuple[str, str], introduction: Introduction) -> str:
    org, role = user_key
    user = (world.users if org == "a" else world.users_b)[role]
    url = reverse("exchange:introduction_detail", kwargs={"introduction_id": introduction.pk})
    response = world.client(user).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_contacts_appear_only_after_both_sides_accept(
    exchange: Exchange, world: World, django_capture_on_commit_callbacks: object
) -> None:
    introduction = exchange.introduction
    viewers = [("a", "focal_point"), ("b", "focal_point"), ("a", "coordinator")]
    for viewer in viewers:
        page = _page(world, viewer, introduction)
        assert not any(contact in page for contact in CONTACTS)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = world.client(world.users["focal_point"]).post(
            reverse("exchange:introduction_accept", args=[introduction.pk])
        )
    assert response.status_code == 302
    introduction.refresh_from_db()
    assert introduction.status == IntroductionStatus.ACCEPTED_BY_NEED_SIDE
    for viewer in viewers:
        page = _page(world, viewer, introduction)
        assert not any(contact in page for contact in CONTACTS)
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        world.client(world.users_b["focal_point"]).post(
            reverse("exchange:introduction_accept", args=[introduction.pk])
        )
    introduction.refresh_from_db()
    assert introduction.status == IntroductionStatus.ACCEPTED
    for viewer in viewers:
        page = _page(world, viewer, introduction)
        assert all(contact in page for contact in CONTACTS)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted(CONTACTS)
    assert all(contact in message.body for contact in CONTACTS)


def test_a_coordinator_cannot_accept_for_a_side(exchange: Exchange, world: World) -> None:
    with pytest.raises(ValidationError):
        introductions.introduction_accept(
            actor=world.users["coordinator"], introduction=exchange.introduction
        )
    response = world.client(world.users["coordinator"]).post(
        reverse("exchange:introduction_accept", args=[exchange.introduction.pk])
    )
    assert response.status_code == 404
    exchange.introduction.refresh_from_db()
    assert exchange.introduction.status == IntroductionStatus.PROPOSED


def test_decline_needs_a_reason(exchange: Exchange, world: World) -> None:
    url = reverse("exchange:introduction_decline", args=[exchange.introduction.pk])
    client = world.client(world.users_b["focal_point"])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Say why the introduction is declined." in response.content.decode()
    exchange.introduction.refresh_from_db()
    assert exchange.introduction.status == IntroductionStatus.PROPOSED
    response = client.post(url, {"reason": "We cannot host a study visit this year"})
    assert response.status_code == 302
    exchange.introduction.refresh_from_db()
    assert exchange.introduction.status == IntroductionStatus.DECLINED
    assert exchange.introduction.declined_reason.startswith("We cannot")
    with pytest.raises(ValidationError):
        introductions.introduction_accept(
            actor=world.users["focal_point"], introduction=exchange.introduction
        )


def test_the_steps_after_acceptance(exchange: Exchange, world: World) -> None:
    fp_a, fp_b = world.users["focal_point"], world.users_b["focal_point"]
    introduction = exchange.introduction
    with pytest.raises(ValidationError, match="no next step"):
        introductions.introduction_advance(actor=fp_a, introduction=introduction)
    introductions.introduction_accept(actor=fp_a, introduction=introduction)
    introductions.introduction_accept(actor=fp_b, introduction=introduction)
    introduction = introductions.introduction_advance(actor=fp_a, introduction=introduction)
    assert introduction.status == IntroductionStatus.IN_CONTACT
    introduction = introductions.introduction_advance(
        actor=world.users["coordinator"], introduction=introduction
    )
    assert introduction.status == IntroductionStatus.EXCHANGE_HELD
    with pytest.raises(ValidationError) as error:
        introductions.introduction_advance(actor=fp_b, introduction=introduction)
    assert "outcome" in error.value.message_dict
    introduction = introductions.introduction_advance(
        actor=fp_b, introduction=introduction, outcome="Two trainings held in Lisbon"
    )
    assert introduction.status == IntroductionStatus.OUTCOME_RECORDED


def test_no_introduction_within_one_organisation_or_twice(exchange: Exchange, world: World) -> None:
    before = Introduction.objects.count()
    offer_a = exchange.answer_a.offers.get()
    with pytest.raises(ValidationError, match="itself"):
        introductions.introduction_propose(
            actor=world.users["coordinator"], need=exchange.need_a, offer=offer_a
        )
    with pytest.raises(ValidationError):
        introductions.introduction_propose(
            actor=world.users["coordinator"], need=exchange.need_a, offer=exchange.offer_b
        )
    with pytest.raises(ValidationError):
        introductions.introduction_propose(
            actor=world.users["caseworker"], need=exchange.need_a, offer=exchange.offer_b
        )
    assert Introduction.objects.count() == before


def test_a_side_that_accepted_is_not_asked_again(exchange: Exchange, world: World) -> None:
    introduction = exchange.introduction
    assert "Accept the introduction" in _page(world, ("a", "focal_point"), introduction)
    introductions.introduction_accept(actor=world.users["focal_point"], introduction=introduction)
    assert "Accept the introduction" not in _page(world, ("a", "focal_point"), introduction)
    assert "Accept the introduction" in _page(world, ("b", "focal_point"), introduction)
    assert "Accept the introduction" not in _page(world, ("a", "coordinator"), introduction)
