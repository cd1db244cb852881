"""An exchange on top of the shared test world, for the exchange tests and the
authorisation matrix: organisation A's coordinator runs two rounds inviting A and B."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from conftest import World
from welcomehub.exchange import introductions, services
from welcomehub.exchange.matching import LexicalEncoder
from welcomehub.exchange.models import (
    Answer,
    Introduction,
    Need,
    Offer,
    Suggestion,
    SurveyRound,
    TwinningPair,
    TwinningSignup,
)


@dataclass(frozen=True)
class Exchange:
    round: SurveyRound  # both answers submitted, suggestions computed
    answer_a: Answer
    answer_b: Answer
    need_a: Need
    offer_b: Offer
    suggestion: Suggestion  # A's need, B's offer
    introduction: Introduction  # proposed by A's coordinator, nobody accepted yet
    draft_round: SurveyRound  # still open, both answers drafts
    draft_a: Answer
    draft_need_a: Need
    draft_offer_a: Offer
    draft_b: Answer


def open_round(world: World, title: str) -> SurveyRound:
    return services.round_open(
        actor=world.users["coordinator"],
        organisation=world.org_a,
        title=title,
        period_start=datetime.date(2026, 9, 1),
        period_end=datetime.date(2027, 8, 31),
        questionnaire_version="1",
        invited=[world.org_a, world.org_b],
    )


def answer_of(survey_round: SurveyRound, world: World, org: str) -> Answer:
    organisation = world.org_a if org == "a" else world.org_b
    return survey_round.answers.get(organisation=organisation)


def build_exchange(world: World) -> Exchange:
    fp_a, fp_b = world.users["focal_point"], world.users_b["focal_point"]
    survey_round = open_round(world, "Integration exchange 2026")
    answer_a, answer_b = answer_of(survey_round, world, "a"), answer_of(survey_round, world, "b")
    need_a = services.need_add(
        actor=fp_a,
        answer=answer_a,
        topics=["housing"],
        modalities=["training"],
        languages=["pt"],
        description="Training for staff who find housing for resettled families",
    )
    services.offer_add(
        actor=fp_a, answer=answer_a, kind="study_visit", topics=["language"], languages=["pt"]
    )
    services.need_add(actor=fp_b, answer=answer_b, topics=["language"], languages=["ar"])
    offer_b = services.offer_add(
        actor=fp_b,
        answer=answer_b,
        kind="training",
        topics=["housing"],
        languages=["pt", "ar"],
        description="Housing search training for caseworkers",
    )
    # on_commit never fires inside the test transaction: compute the suggestions here
    services.answer_submit(actor=fp_a, answer=answer_a)
    services.answer_submit(actor=fp_b, answer=answer_b)
    services.matches_compute(survey_round=survey_round, encoder=LexicalEncoder())
    suggestion = Suggestion.objects.get(need=need_a, offer=offer_b)
    introduction = introductions.introduction_propose(
        actor=world.users["coordinator"], need=need_a, offer=offer_b, suggestion=suggestion
    )
    draft_round = open_round(world, "Pre-departure exchange 2027")
    draft_a = answer_of(draft_round, world, "a")
    draft_need_a = services.need_add(actor=fp_a, answer=draft_a, topics=["pre_departure"])
    draft_offer_a = services.offer_add(
        actor=fp_a, answer=draft_a, kind="conference", topics=["orientation"]
    )
    return Exchange(
        round=survey_round,
        answer_a=Answer.objects.get(pk=answer_a.pk),
        answer_b=Answer.objects.get(pk=answer_b.pk),
        need_a=need_a,
        offer_b=offer_b,
        suggestion=suggestion,
        introduction=introduction,
        draft_round=draft_round,
        draft_a=draft_a,
        draft_need_a=draft_need_a,
        draft_offer_a=draft_offer_a,
        draft_b=answer_of(draft_round, world, "b"),
    )


@dataclass(frozen=True)
class Twinning:
    """Twinning in a round of A's coordinator: A signed up as a mentor, B as a mentee,
    and the coordinator proposed the pair (nobody accepted yet)."""

    round: SurveyRound
    signup_a: TwinningSignup
    signup_b: TwinningSignup
    pair: TwinningPair


def build_twinning(world: World, survey_round: SurveyRound) -> Twinning:
    from welcomehub.exchange import twinning

    signup_a = twinning.twinning_signup(
        actor=world.users["focal_point"],
        survey_round=survey_round,
        organisation=world.org_a,
        role="mentor",
        pair_kinds=["state_state", "state_ngo", "ngo_ngo"],
        topics=["language"],
        languages=["pt"],
        statement="We can share how we run language courses",
    )
    signup_b = twinning.twinning_signup(
        actor=world.users_b["focal_point"],
        survey_round=survey_round,
        organisation=world.org_b,
        role="mentee",
        pair_kinds=["state_state", "state_ngo", "ngo_ngo"],
        topics=["language", "housing"],
        languages=["pt", "ar"],
        statement="We start a language programme next year",
    )
    pair = twinning.twinning_pair_propose(
        actor=world.users["coordinator"],
        survey_round=survey_round,
        first=signup_a,
        second=signup_b,
    )
    return Twinning(survey_round, signup_a, signup_b, pair)
