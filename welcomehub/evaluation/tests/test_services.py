"""Services with the database: rounds, answers, evidence, sign-off, actions, lessons."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import World
from welcomehub.accounts import services as accounts
from welcomehub.core.models import AuditEvent
from welcomehub.evaluation import evidence_store, services
from welcomehub.evaluation.models import Answer, Evidence, Framework, Item, Lesson, RoundStatus
from welcomehub.evaluation.tests.support import (
    PDF,
    Evaluation,
    answer_all,
    open_round,
    shipped,
    sign_off,
)
from welcomehub.exchange import services as exchange
from welcomehub.exchange.models import Answer as ExchangeAnswer
from welcomehub.exchange.models import Need, Offer

pytestmark = pytest.mark.django_db


def test_the_shipped_bank_is_loaded_by_the_migration() -> None:
    framework = shipped()
    items = Item.objects.filter(framework=framework)
    assert items.count() >= 60
    assert framework.areas.count() == 18
    assert set(items.values_list("dimension", flat=True)) == {
        "legal_framework",
        "policy",
        "implementation",
        "collaboration",
    }
    assert set(items.values_list("tier", flat=True)) == {"essential", "fundamental"}
    assert all(
        area.title.keys() >= {"en", "fr", "es", "ar", "uk", "fa-af"}
        for area in framework.areas.all()
    )
    languages = {"en", "fr", "es", "ar", "uk", "fa-af"}
    assert all(item.text.keys() == languages for item in items)


def test_opening_a_round_gives_one_empty_answer_per_item(world: World) -> None:
    evaluation_round = open_round(world)
    assert evaluation_round.answers.count() == Item.objects.filter(framework=shipped()).count()
    assert not evaluation_round.answers.filter(value__isnull=False).exists()
    assert AuditEvent.objects.filter(object_type="evaluation.round", action="create").exists()


@pytest.mark.parametrize("who", ["caseworker", "org_admin", "analyst"])
def test_only_the_lead_coordinator_opens_rounds(world: World, who: str) -> None:
    with pytest.raises(ValidationError):
        services.round_open(
            actor=world.users[who],
            programme=world.programme,
            framework=shipped(),
            title="x",
            assessed_on=datetime.date(2026, 1, 1),
            resettlement_context="emerging",
        )


def test_a_partner_coordinator_does_not_open_rounds(world: World) -> None:
    with pytest.raises(ValidationError):
        services.round_open(
            actor=world.users_b["coordinator"],
            programme=world.programme,
            framework=shipped(),
            title="x",
            assessed_on=datetime.date(2026, 1, 1),
            resettlement_context="emerging",
        )


def test_a_bad_score_changes_nothing(world: World) -> None:
    evaluation_round = open_round(world)
    first, second = list(evaluation_round.answers.select_related("item")[:2])
    with pytest.raises(ValidationError):
        services.answers_save(
            actor=world.users["coordinator"],
            evaluation_round=evaluation_round,
            answers={
                first.item.code: services.AnswerInput(value=100),
                second.item.code: services.AnswerInput(value=70),
            },
        )
    first.refresh_from_db()
    assert first.value is None


def test_scored_and_not_applicable_at_once_is_refused(world: World) -> None:
    evaluation_round = open_round(world)
    answer = evaluation_round.answers.select_related("item").first()
    assert answer is not None
    with pytest.raises(ValidationError):
        services.answers_save(
            actor=world.users["coordinator"],
            evaluation_round=evaluation_round,
            answers={answer.item.code: services.AnswerInput(value=50, not_applicable=True)},
        )


def test_submit_needs_every_item_answered(world: World) -> None:
    evaluation_round = open_round(world)
    with pytest.raises(ValidationError, match="not answered"):
        services.round_submit(actor=world.users["coordinator"], evaluation_round=evaluation_round)
    answer_all(world, evaluation_round)
    services.round_submit(actor=world.users["coordinator"], evaluation_round=evaluation_round)
    evaluation_round.refresh_from_db()
    assert evaluation_round.status == RoundStatus.SUBMITTED


def test_sign_off_freezes_scores_and_locks(world: World) -> None:
    evaluation_round = open_round(world)
    answer_all(world, evaluation_round)
    signed = sign_off(world, evaluation_round, shared=True)
    assert signed.status == RoundStatus.SIGNED_OFF
    assert signed.shared
    # essentials 100, fundamentals 0, unaccompanied minors not applicable
    assert 0 < signed.scores["overall"] < 100
    assert "unaccompanied_minors" in signed.scores["areas"]
    assert signed.scores["areas"]["unaccompanied_minors"] is None
    answer = signed.answers.select_related("item").first()
    assert answer is not None
    with pytest.raises(ValidationError, match="no longer open"):
        services.answers_save(
            actor=world.users["coordinator"],
            evaluation_round=signed,
            answers={answer.item.code: services.AnswerInput(value=0)},
        )


def test_a_reviewer_who_answered_cannot_sign_off(world: World) -> None:
    reviewer = world.users["org_admin"]
    accounts.membership_add(
        actor=None, user=reviewer, organisation=world.org_a, role_code="coordinator"
    )
    evaluation_round = open_round(world)
    answer_all(world, evaluation_round)
    answer = evaluation_round.answers.select_related("item").first()
    assert answer is not None
    services.answers_save(
        actor=reviewer,
        evaluation_round=evaluation_round,
        answers={answer.item.code: services.AnswerInput(value=50)},
    )
    services.round_submit(actor=world.users["coordinator"], evaluation_round=evaluation_round)
    with pytest.raises(ValidationError, match="another reviewer"):
        services.round_sign_off(actor=reviewer, evaluation_round=evaluation_round, shared=False)
    evaluation_round.refresh_from_db()
    assert evaluation_round.status == RoundStatus.SUBMITTED


def test_a_reviewer_of_the_partner_cannot_sign_off(world: World) -> None:
    evaluation_round = open_round(world)
    answer_all(world, evaluation_round)
    services.round_submit(actor=world.users["coordinator"], evaluation_round=evaluation_round)
    with pytest.raises(ValidationError):
        services.round_sign_off(
            actor=world.users_b["org_admin"], evaluation_round=evaluation_round, shared=False
        )


def test_a_returned_round_can_be_answered_again(world: World) -> None:
    evaluation_round = open_round(world)
    answer_all(world, evaluation_round)
    services.round_submit(actor=world.users["coordinator"], evaluation_round=evaluation_round)
    services.round_return(actor=world.users["org_admin"], evaluation_round=evaluation_round)
    evaluation_round.refresh_from_db()
    assert evaluation_round.status == RoundStatus.OPEN


def test_evidence_is_stored_outside_static_files_and_checked(world: World) -> None:
    evaluation_round = open_round(world)
    answer = evaluation_round.answers.first()
    assert answer is not None
    evidence = services.evidence_add(
        actor=world.users["coordinator"], answer=answer, filename="../../plan.PDF", content=PDF
    )
    assert evidence.original_name == "plan.PDF"
    assert evidence_store.path_of(evidence.stored_name).read_bytes() == PDF
    for name, content in (
        ("script.pdf", b"#!/bin/sh\nrm -rf /"),
        ("page.html", b"<html>"),
        ("empty.pdf", b""),
        ("huge.pdf", b"%PDF-" + b"0" * evidence_store.MAX_BYTES),
    ):
        with pytest.raises(ValidationError):
            services.evidence_add(
                actor=world.users["coordinator"], answer=answer, filename=name, content=content
            )
    assert Evidence.objects.count() == 1


def test_participation_is_counts_and_organisations(world: World) -> None:
    evaluation_round = open_round(world)
    participation = services.participation_save(
        actor=world.users["coordinator"],
        evaluation_round=evaluation_round,
        methods=["focus_group", "advisory_board"],
        sessions=2,
        representatives=9,
        organisations=[world.org_b],
        summary="Asked for evening language classes",
    )
    assert participation.representatives == 9
    with pytest.raises(ValidationError):
        services.participation_save(
            actor=world.users["coordinator"],
            evaluation_round=evaluation_round,
            methods=["gossip"],
            sessions=1,
            representatives=1,
            organisations=[],
            summary="",
        )


def test_an_action_owner_takes_part_in_the_programme(world: World, evaluation: Evaluation) -> None:
    from welcomehub.accounts.models import Organisation

    stranger = Organisation.objects.create(name="Stranger", org_type="ngo", country="PT")
    with pytest.raises(ValidationError):
        services.action_add(
            actor=world.users["coordinator"],
            evaluation_round=evaluation.signed,
            item=evaluation.action.item,
            description="x",
            owner=stranger,
            due_on=datetime.date(2027, 1, 1),
        )
    updated = services.action_update(
        actor=world.users["coordinator"], action=evaluation.action, status="in_progress"
    )
    assert updated.status == "in_progress"


def _exchange_draft(world: World) -> ExchangeAnswer:
    survey_round = exchange.round_open(
        actor=world.users["coordinator"],
        organisation=world.org_a,
        title="Exchange 2026",
        period_start=datetime.date(2026, 9, 1),
        period_end=datetime.date(2027, 8, 31),
        questionnaire_version="1",
        invited=[world.org_a, world.org_b],
    )
    return survey_round.answers.get(organisation=world.org_a)


def test_gaps_become_draft_needs_and_strengths_draft_offers(
    world: World, evaluation: Evaluation
) -> None:
    coordinator = world.users["coordinator"]
    accounts.membership_add(
        actor=None, user=coordinator, organisation=world.org_a, role_code="focal_point"
    )
    draft = _exchange_draft(world)
    framework = evaluation.signed.framework
    areas = {a.code: a for a in framework.areas.all()}
    lessons = services.lessons_send(
        actor=coordinator,
        evaluation_round=evaluation.signed,
        exchange_answer=draft,
        need_areas=[areas["funding"]],
        offer_areas=[],
    )
    assert [lesson.kind for lesson in lessons] == ["need"]
    need = Need.objects.get(answer=draft)
    assert need.topics == ["funding"]
    assert "Self-assessment gap in Funding" in need.description
    assert Lesson.objects.filter(round=evaluation.signed, need=need).exists()
    with pytest.raises(ValidationError, match="not yet sent"):
        services.lessons_send(
            actor=coordinator,
            evaluation_round=evaluation.signed,
            exchange_answer=draft,
            need_areas=[areas["funding"]],
            offer_areas=[],
        )
    assert Need.objects.filter(answer=draft).count() == 1


def test_lessons_need_the_exchange_focal_point(world: World, evaluation: Evaluation) -> None:
    """The exchange's own service refuses a coordinator who does not answer for the
    organisation, and nothing is written on either side."""
    draft = _exchange_draft(world)
    areas = {a.code: a for a in evaluation.signed.framework.areas.all()}
    with pytest.raises(ValidationError):
        services.lessons_send(
            actor=world.users["coordinator"],
            evaluation_round=evaluation.signed,
            exchange_answer=draft,
            need_areas=[areas["funding"]],
            offer_areas=[],
        )
    assert not Need.objects.filter(answer=draft).exists()
    assert not Lesson.objects.exists()


def test_strong_areas_are_offered(world: World) -> None:
    coordinator = world.users["coordinator"]
    accounts.membership_add(
        actor=None, user=coordinator, organisation=world.org_a, role_code="focal_point"
    )
    evaluation_round = open_round(world)
    answer_all(world, evaluation_round, lambda code: 100 if code.startswith("housing") else 0)
    signed = sign_off(world, evaluation_round)
    areas = {a.code: a for a in signed.framework.areas.all()}
    draft = _exchange_draft(world)
    services.lessons_send(
        actor=coordinator,
        evaluation_round=signed,
        exchange_answer=draft,
        need_areas=[],
        offer_areas=[areas["housing"], areas["funding"]],  # funding is no strength: ignored
    )
    offers = Offer.objects.filter(answer=draft)
    assert [o.topics for o in offers] == [["housing"]]


def test_an_open_round_sends_no_lessons(world: World, evaluation: Evaluation) -> None:
    with pytest.raises(ValidationError, match="signed-off"):
        services.lessons_send(
            actor=world.users["coordinator"],
            evaluation_round=evaluation.open,
            exchange_answer=_exchange_draft(world),
            need_areas=list(evaluation.open.framework.areas.all()),
            offer_areas=[],
        )


def test_reloading_the_bank_keeps_answers(world: World, evaluation: Evaluation) -> None:
    from welcomehub.evaluation import frameworks

    before = Answer.objects.count()
    frameworks.sync_all()
    assert Answer.objects.count() == before
    assert Framework.objects.filter(code="welcomehub").count() == 1


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(st.sampled_from([0, 50, 100, None, "na"]), min_size=3, max_size=3),
    st.integers(min_value=0, max_value=2),
    st.sampled_from([1, 49, 99, 101, 250]),
)
def test_a_bad_value_anywhere_saves_nothing(
    world: World, values: list[object], bad_at: int, bad: int
) -> None:
    """Whatever good answers come with it, one value outside 0/50/100 refuses them all."""
    evaluation_round = open_round(world)
    answers = list(evaluation_round.answers.select_related("item").order_by("item__position")[:3])
    given_answers = {
        a.item.code: services.AnswerInput(
            value=None if v in (None, "na") else v,  # type: ignore[arg-type]
            not_applicable=v == "na",
        )
        for a, v in zip(answers, values, strict=True)
    }
    given_answers[answers[bad_at].item.code] = services.AnswerInput(value=bad)
    with pytest.raises(ValidationError):
        services.answers_save(
            actor=world.users["coordinator"],
            evaluation_round=evaluation_round,
            answers=given_answers,
        )
    assert not Answer.objects.filter(round=evaluation_round, value__isnull=False).exists()
    assert not Answer.objects.filter(round=evaluation_round, not_applicable=True).exists()
