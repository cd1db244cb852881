"""Exchange services against the database: rounds, answers, entries, suggestions."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.exchange import services
from welcomehub.exchange.matching import LexicalEncoder
from welcomehub.exchange.models import (
    Answer,
    AnswerStatus,
    Need,
    Offer,
    RoundStatus,
    Suggestion,
    SurveyRound,
)
from welcomehub.exchange.tasks import matches_compute_task
from welcomehub.exchange.tests.support import Exchange, answer_of, open_round

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return (
        Need.objects.count(),
        Offer.objects.count(),
        SurveyRound.objects.count(),
        AuditEvent.objects.count(),
    )


def test_round_open_gives_each_invited_organisation_a_draft(world: World) -> None:
    survey_round = open_round(world, "Round")
    assert survey_round.status == RoundStatus.OPEN
    assert survey_round.opened_by == world.users["coordinator"]
    statuses = set(survey_round.answers.values_list("organisation_id", "status"))
    assert statuses == {(world.org_a.pk, "draft"), (world.org_b.pk, "draft")}
    assert AuditEvent.objects.filter(
        object_type="exchange.surveyround", object_id=str(survey_round.pk), action="create"
    ).exists()


def test_an_organisation_invited_twice_answers_once(world: World) -> None:
    survey_round = services.round_open(
        actor=world.users["coordinator"],
        organisation=world.org_a,
        title="Round",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        questionnaire_version="1",
        invited=[world.org_b, world.org_b],
    )
    assert survey_round.answers.count() == 1


@pytest.mark.parametrize("role", ["focal_point", "caseworker", "analyst"])
def test_only_a_coordinator_opens_a_round(world: World, role: str) -> None:
    before = _counts()
    with pytest.raises(ValidationError):
        services.round_open(
            actor=world.users[role],
            organisation=world.org_a,
            title="Round",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 12, 31),
            questionnaire_version="1",
            invited=[world.org_b],
        )
    assert _counts() == before


def test_a_coordinator_of_b_cannot_open_a_round_for_a(world: World) -> None:
    before = _counts()
    with pytest.raises(ValidationError):
        services.round_open(
            actor=world.users_b["coordinator"],
            organisation=world.org_a,
            title="Round",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 12, 31),
            questionnaire_version="1",
            invited=[world.org_b],
        )
    assert _counts() == before


def test_a_period_ending_before_it_starts_is_refused(world: World) -> None:
    before = _counts()
    with pytest.raises(ValidationError) as error:
        services.round_open(
            actor=world.users["coordinator"],
            organisation=world.org_a,
            title="Round",
            period_start=datetime.date(2026, 12, 1),
            period_end=datetime.date(2026, 1, 1),
            questionnaire_version="1",
            invited=[world.org_a],
        )
    assert "period_end" in error.value.message_dict
    assert _counts() == before


def test_unknown_topic_code_is_refused_and_nothing_is_stored(world: World) -> None:
    answer = answer_of(open_round(world, "Round"), world, "a")
    before = _counts()
    with pytest.raises(ValidationError) as error:
        services.need_add(actor=world.users["focal_point"], answer=answer, topics=["astrology"])
    assert "topics" in error.value.message_dict
    assert "astrology" in str(error.value)
    with pytest.raises(ValidationError):
        services.offer_add(
            actor=world.users["focal_point"],
            answer=answer,
            kind="training",
            topics=["housing"],
            languages=["klingon"],
        )
    with pytest.raises(ValidationError):
        services.offer_add(
            actor=world.users["focal_point"], answer=answer, kind="lecture", topics=["housing"]
        )
    with pytest.raises(ValidationError):
        services.need_add(actor=world.users["focal_point"], answer=answer, topics=[])
    assert _counts() == before


def test_answering_for_another_organisation_is_refused(world: World) -> None:
    answer_a = answer_of(open_round(world, "Round"), world, "a")
    before = _counts()
    for role in ("focal_point", "coordinator"):
        with pytest.raises(ValidationError):
            services.need_add(actor=world.users_b[role], answer=answer_a, topics=["housing"])
    with pytest.raises(ValidationError):
        services.need_add(actor=world.users["coordinator"], answer=answer_a, topics=["housing"])
    with pytest.raises(ValidationError):
        services.answer_save_draft(
            actor=world.users_b["focal_point"], answer=answer_a, twinning="peer", funding_sources=""
        )
    assert _counts() == before
    assert Answer.objects.get(pk=answer_a.pk).twinning == "none"


def test_a_submitted_answer_is_read_only(exchange: Exchange, world: World) -> None:
    fp = world.users["focal_point"]
    answer = exchange.answer_a
    assert answer.status == AnswerStatus.SUBMITTED
    before = _counts()
    with pytest.raises(ValidationError, match="submitted"):
        services.need_add(actor=fp, answer=answer, topics=["housing"])
    with pytest.raises(ValidationError):
        services.need_remove(actor=fp, need=exchange.need_a)
    with pytest.raises(ValidationError):
        services.answer_save_draft(actor=fp, answer=answer, twinning="peer", funding_sources="x")
    with pytest.raises(ValidationError):
        services.answer_submit(actor=fp, answer=answer)
    assert _counts() == before


def test_draft_save_and_remove(exchange: Exchange, world: World) -> None:
    fp = world.users["focal_point"]
    services.answer_save_draft(
        actor=fp, answer=exchange.draft_a, twinning="mentee", funding_sources="Travel grants"
    )
    answer = Answer.objects.get(pk=exchange.draft_a.pk)
    assert (answer.twinning, answer.funding_sources) == ("mentee", "Travel grants")
    services.need_remove(actor=fp, need=exchange.draft_need_a)
    services.offer_remove(actor=fp, offer=exchange.draft_offer_a)
    assert not answer.needs.exists()
    assert not answer.offers.exists()


def test_an_empty_answer_cannot_be_submitted(exchange: Exchange, world: World) -> None:
    with pytest.raises(ValidationError, match="at least one"):
        services.answer_submit(actor=world.users_b["focal_point"], answer=exchange.draft_b)
    assert Answer.objects.get(pk=exchange.draft_b.pk).status == AnswerStatus.DRAFT


def test_a_closed_round_takes_no_answers(exchange: Exchange, world: World) -> None:
    services.round_close(actor=world.users["coordinator"], survey_round=exchange.draft_round)
    with pytest.raises(ValidationError, match="not open"):
        services.need_add(
            actor=world.users["focal_point"], answer=exchange.draft_a, topics=["housing"]
        )
    with pytest.raises(ValidationError):
        services.round_close(actor=world.users["coordinator"], survey_round=exchange.draft_round)


def test_submit_enqueues_matching(world: World, django_capture_on_commit_callbacks: object) -> None:
    survey_round = open_round(world, "Round")
    fp_a, fp_b = world.users["focal_point"], world.users_b["focal_point"]
    answer_a, answer_b = answer_of(survey_round, world, "a"), answer_of(survey_round, world, "b")
    services.need_add(
        actor=fp_a, answer=answer_a, topics=["employment"], description="Job coaching"
    )
    services.offer_add(actor=fp_b, answer=answer_b, kind="training", topics=["employment"])
    services.offer_add(actor=fp_a, answer=answer_a, kind="training", topics=["employment"])
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.answer_submit(actor=fp_b, answer=answer_b)
    assert not Suggestion.objects.filter(round=survey_round).exists()  # A not submitted yet
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.answer_submit(actor=fp_a, answer=answer_a)
    suggestions = list(Suggestion.objects.filter(round=survey_round))
    assert len(suggestions) == 1
    [suggestion] = suggestions
    assert suggestion.offer.answer.organisation == world.org_b  # never A's own offer
    assert suggestion.score > 0
    assert any("employment" in reason for reason in suggestion.reasons)


def test_matches_never_come_from_the_needs_own_organisation(exchange: Exchange) -> None:
    services.matches_compute(survey_round=exchange.round, encoder=LexicalEncoder())
    suggestions = Suggestion.objects.select_related("need__answer", "offer__answer")
    assert suggestions.exists()
    for suggestion in suggestions:
        assert suggestion.need.answer.organisation_id != suggestion.offer.answer.organisation_id


def test_offer_kind_counts_as_its_modality(exchange: Exchange) -> None:
    assert "training" in exchange.offer_b.engine_modalities()
    assert exchange.offer_b.modalities == []


def test_the_task_recomputes_and_audits(exchange: Exchange) -> None:
    Suggestion.objects.all().delete()
    result = matches_compute_task.enqueue(exchange.round.pk)
    assert result.return_value == Suggestion.objects.filter(round=exchange.round).count() > 0
    event = AuditEvent.objects.filter(object_type="exchange.surveyround").first()
    assert event is not None
    assert event.detail["encoder"] == "lexical"


def test_reminders_go_to_focal_points_of_draft_answers_only(
    exchange: Exchange, world: World, django_capture_on_commit_callbacks: object
) -> None:
    fp_a = world.users["focal_point"]
    services.answer_submit(actor=fp_a, answer=exchange.draft_a)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        count = services.round_remind(
            actor=world.users["coordinator"], survey_round=exchange.draft_round
        )
    assert count == 1  # B's answer is still a draft; A's was submitted
    [message] = mail.outbox
    assert message.bcc == ["focal-b@example.org"]
    assert message.to == []
    with pytest.raises(ValidationError):
        services.round_remind(actor=world.users_b["coordinator"], survey_round=exchange.round)
    with pytest.raises(ValidationError):
        services.round_remind(actor=fp_a, survey_round=exchange.draft_round)
