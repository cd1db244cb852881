"""The exchange's follow-up and twinning in the demo world (invented, organisation-level
only), on top of the round the core demo opens and answers:

- introductions: one held with a follow-up answered by one side and asked of the other,
  one declined with a reason code, one waiting for an answer;
- the round's report and recommendations;
- twinning: six sign-ups, a pair proposed and waiting, a pair with an agreement in force
  and a check-in, and a closed pair whose review is in the library.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError

from welcomehub.core.demo import DemoWorld
from welcomehub.core.models import AuditChannel
from welcomehub.exchange import introductions, services, twinning
from welcomehub.exchange.models import Need, Offer, SurveyRound, TwinningSignup

SYSTEM = AuditChannel.SYSTEM
ALL_KINDS = ["state_state", "state_ngo", "ngo_ngo"]

FOCAL_POINTS = {
    "lisboa": "demo-focal-point",
    "pt_ngo": "focal-pt-ngo",
    "pt_rlo": "focal-pt-rlo",
    "winnipeg": "focal-winnipeg",
    "ca_ngo": "focal-ca-ngo",
    "ca_sponsor": "focal-ca-sponsor",
}

SIGNUPS: list[dict[str, Any]] = [
    {
        "organisation": "lisboa",
        "role": "mentee",
        "pair_kinds": ["state_state", "state_ngo"],
        "topics": ["housing", "volunteering"],
        "languages": ["pt", "en"],
        "statement": "A city that started resettling families three years ago, looking for "
        "a city with long experience of housing large families.",
    },
    {
        "organisation": "winnipeg",
        "role": "mentor",
        "pair_kinds": ["state_state", "state_ngo"],
        "topics": ["housing", "community_engagement"],
        "languages": ["en", "fr"],
        "statement": "Twenty years of municipal resettlement work; glad to host study "
        "visits and share our landlord partnership model.",
    },
    {
        "organisation": "pt_ngo",
        "role": "mentee",
        "pair_kinds": ["ngo_ngo", "state_ngo"],
        "topics": ["psychosocial", "employment"],
        "languages": ["pt", "en"],
        "statement": "We want to build trauma-informed casework into our programme.",
    },
    {
        "organisation": "ca_ngo",
        "role": "mentor",
        "pair_kinds": ["ngo_ngo"],
        "topics": ["psychosocial", "employment", "casework"],
        "languages": ["en"],
        "statement": "Our caseworker training team can coach another NGO over six months.",
    },
    {
        "organisation": "pt_rlo",
        "role": "peer",
        "pair_kinds": ["ngo_ngo"],
        "topics": ["refugee_participation", "community_engagement"],
        "languages": ["ar", "pt", "en"],
        "statement": "A refugee-led association looking for a peer to swap ideas on "
        "welcome visits.",
    },
    {
        "organisation": "ca_sponsor",
        "role": "peer",
        "pair_kinds": ["ngo_ngo", "state_ngo"],
        "topics": ["sponsorship", "community_engagement"],
        "languages": ["en"],
        "statement": "A community sponsorship group keen to learn from refugee-led organisations.",
    },
]

RECOMMENDATIONS = (
    "Six organisations answered. Housing for large families and trauma-informed casework "
    "are the needs most often named; study visits and secondments are the offers most "
    "often made.\n\n"
    "Recommendations: fund two study visits a year from the travel grant line; pair every "
    "new municipal programme with an experienced city for its first year; repeat the round "
    "in twelve months and compare."
)


def _round(world: DemoWorld) -> SurveyRound | None:
    return (
        SurveyRound.objects.filter(
            organisation=world.organisations["pt_state"], opened_by=world.users["demo-coordinator"]
        )
        .order_by("-id")
        .first()
    )


def _user(world: DemoWorld, org: str) -> Any:
    return world.users[FOCAL_POINTS[org]]


def _entry(
    model: type[Need] | type[Offer],
    survey_round: SurveyRound,
    world: DemoWorld,
    org: str,
    topic: str,
) -> Any:
    entries = model.objects.filter(
        answer__round=survey_round, answer__organisation=world.organisations[org]
    )
    return next((e for e in entries if topic in e.topics), entries.first())


def _introductions(world: DemoWorld, survey_round: SurveyRound) -> None:
    coordinator = world.users["demo-coordinator"]
    # Lisboa's housing need, Winnipeg's study visit: held, one follow-up answered
    held = introductions.introduction_propose(
        actor=coordinator,
        need=_entry(Need, survey_round, world, "lisboa", "housing"),
        offer=_entry(Offer, survey_round, world, "winnipeg", "housing"),
        channel=SYSTEM,
    )
    for org in ("lisboa", "winnipeg"):
        introductions.introduction_accept(
            actor=_user(world, org), introduction=held, channel=SYSTEM
        )
    introductions.introduction_advance(
        actor=_user(world, "lisboa"), introduction=held, channel=SYSTEM
    )
    introductions.introduction_advance(
        actor=_user(world, "winnipeg"), introduction=held, channel=SYSTEM
    )
    introductions.followup_answer(
        actor=_user(world, "lisboa"),
        introduction=held,
        rating=5,
        exchange_held=True,
        exchanged="A three-day study visit to Winnipeg's landlord partnership programme.",
        comment="Two housing officers came back with a plan for our own landlord network.",
        channel=SYSTEM,
    )
    # Portugal's NGO needs psychosocial training; Manitoba's NGO declines for now
    declined = introductions.introduction_propose(
        actor=_user(world, "pt_ngo"),
        need=_entry(Need, survey_round, world, "pt_ngo", "psychosocial"),
        offer=_entry(Offer, survey_round, world, "ca_ngo", "psychosocial"),
        channel=SYSTEM,
    )
    introductions.introduction_decline(
        actor=_user(world, "ca_ngo"),
        introduction=declined,
        reason_code="no_capacity",
        reason="Our trainers are fully booked until spring; the twinning covers it instead.",
        channel=SYSTEM,
    )
    # the refugee-led association's orientation need: waiting for Lisboa's answer
    try:
        waiting = introductions.introduction_propose(
            actor=coordinator,
            need=_entry(Need, survey_round, world, "winnipeg", "language"),
            offer=_entry(Offer, survey_round, world, "lisboa", "orientation"),
            channel=SYSTEM,
        )
        introductions.introduction_accept(
            actor=_user(world, "winnipeg"), introduction=waiting, channel=SYSTEM
        )
    except ValidationError:  # the demo answers changed: leave this one out
        pass


def _twinning(world: DemoWorld, survey_round: SurveyRound) -> None:
    coordinator = world.users["demo-coordinator"]
    signups: dict[str, TwinningSignup] = {}
    for item in SIGNUPS:
        org = item["organisation"]
        signups[org] = twinning.twinning_signup(
            actor=_user(world, org),
            survey_round=survey_round,
            organisation=world.organisations[org],
            channel=SYSTEM,
            **{k: v for k, v in item.items() if k != "organisation"},
        )

    def propose(first: str, second: str) -> Any:
        return twinning.twinning_pair_propose(
            actor=coordinator,
            survey_round=survey_round,
            first=signups[first],
            second=signups[second],
            channel=SYSTEM,
        )

    def accept(pair: Any, *orgs: str) -> None:
        for org in orgs:
            twinning.twinning_pair_accept(actor=_user(world, org), pair=pair, channel=SYSTEM)

    today = world.today
    # closed, with its review in the library
    closed = propose("ca_ngo", "pt_ngo")
    accept(closed, "ca_ngo", "pt_ngo")
    agreement = twinning.twinning_agreement_record(
        actor=_user(world, "pt_ngo"),
        pair=closed,
        goals="Build trauma-informed casework into the Portuguese NGO's programme: train "
        "six caseworkers, adapt the intake form, set up monthly peer supervision.",
        starts_on=today - datetime.timedelta(days=200),
        ends_on=today - datetime.timedelta(days=20),
        activities=["training", "advice", "secondment"],
        topics=["psychosocial", "casework"],
        channel=SYSTEM,
    )
    twinning.twinning_checkin_add(
        actor=_user(world, "ca_ngo"),
        agreement=agreement,
        held_on=today - datetime.timedelta(days=120),
        notes="Six caseworkers trained online; the intake form is being translated.",
        on_track=True,
        channel=SYSTEM,
    )
    twinning.twinning_review_record(
        actor=_user(world, "pt_ngo"),
        agreement=agreement,
        what_worked="Short online sessions followed by a two-week secondment; a shared "
        "glossary of terms in English and Portuguese.",
        what_did_not="Supervision across six hours of time difference; materials that "
        "assumed a Canadian health system.",
        lessons="Agree on a glossary first; plan the secondment early; adapt materials to "
        "the local referral pathways before training.",
        rating=4,
        channel=SYSTEM,
    )
    # in force, with a check-in
    active = propose("winnipeg", "lisboa")
    accept(active, "winnipeg", "lisboa")
    in_force = twinning.twinning_agreement_record(
        actor=_user(world, "lisboa"),
        pair=active,
        goals="Set up a landlord partnership for large families in Lisboa within a year.",
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=300),
        activities=["study_visit", "advice"],
        topics=["housing"],
        channel=SYSTEM,
    )
    twinning.twinning_checkin_add(
        actor=_user(world, "winnipeg"),
        agreement=in_force,
        held_on=today - datetime.timedelta(days=10),
        notes="Study visit held; Lisboa drafted its first landlord agreement.",
        on_track=True,
        channel=SYSTEM,
    )
    # the engine's optimal pairs of the sign-ups left (the two peers), waiting for answers
    twinning.twinning_pairs_propose_all(
        actor=coordinator, survey_round=survey_round, channel=SYSTEM
    )


def load(world: DemoWorld) -> None:
    survey_round = _round(world)
    if survey_round is None:
        return
    services.round_recommendations_set(
        actor=world.users["demo-coordinator"],
        survey_round=survey_round,
        text=RECOMMENDATIONS,
        channel=SYSTEM,
    )
    _introductions(world, survey_round)
    _twinning(world, survey_round)
    world.say("Exchange: introductions with follow-ups, twinning pairs and a closed review.")
