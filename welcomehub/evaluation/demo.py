"""The evaluation's part of the demo world, written through the services.

- Portugal National Resettlement Programme (a new resettlement country): two rounds a
  year apart, answered by demo-coordinator, signed off by demo-reviewer and shared, with
  an action plan from the first round's gaps tracked into the second.
- Winnipeg Welcome Programme (a traditional resettlement country): one round answered
  by demo-coordinator-winnipeg and signed off by demo-reviewer-winnipeg; its gaps became
  draft needs and its strengths draft offers in an exchange round Winnipeg opened.
The new demo accounts share the demo password (the hash of demo-coordinator's).
"""

from __future__ import annotations

import datetime
import random

from welcomehub.accounts import services as accounts
from welcomehub.accounts.models import User
from welcomehub.core.demo import DemoWorld
from welcomehub.evaluation import selectors, services
from welcomehub.evaluation.models import Framework, Round
from welcomehub.exchange import services as exchange

# Chance that an item is fully / partly in place, by tier, for each programme's rounds.
PROFILES = {
    "pt_first": {"essential": (0.45, 0.35), "fundamental": (0.1, 0.3)},
    "pt_second": {"essential": (0.7, 0.25), "fundamental": (0.25, 0.4)},
    "winnipeg": {"essential": (0.85, 0.15), "fundamental": (0.6, 0.3)},
}
STRONG_IN_WINNIPEG = {"community_sponsorship", "social_connections", "housing"}
WEAK_IN_WINNIPEG = {"data_protection", "feedback_accountability"}


def _user(world: DemoWorld, username: str, first_name: str, roles: list[tuple[str, str]]) -> User:
    user = User(username=username, first_name=first_name)
    user.password = world.users["demo-coordinator"].password  # the demo password
    user.save()
    for organisation, role in roles:
        accounts.membership_add(
            actor=None,
            user=user,
            organisation=world.organisations[organisation],
            role_code=role,
        )
    world.users[username] = user
    return user


def _value(rng: random.Random, tier: str, profile: str, area: str) -> int | None:
    if area == "unaccompanied_minors" and profile.startswith("pt") and rng.random() < 0.7:
        return None  # no unaccompanied minors in the caseload: not applicable
    full, partly = PROFILES[profile][tier]
    if profile == "winnipeg" and area in STRONG_IN_WINNIPEG:
        full, partly = 0.95, 0.05
    if profile == "winnipeg" and area in WEAK_IN_WINNIPEG:
        full, partly = 0.1, 0.3
    draw = rng.random()
    return 100 if draw < full else 50 if draw < full + partly else 0


def _answer(world: DemoWorld, evaluation_round: Round, profile: str, actor: User) -> None:
    answers = {}
    for answer in evaluation_round.answers.select_related("item__area").order_by("item__position"):
        item = answer.item
        value = _value(world.rng, item.tier, profile, item.area.code)
        answers[item.code] = services.AnswerInput(
            value=value,
            not_applicable=value is None,
            note="" if value != 50 else "In place in some municipalities only.",
        )
    services.answers_save(actor=actor, evaluation_round=evaluation_round, answers=answers)


def _round(
    world: DemoWorld,
    *,
    programme: str,
    title: str,
    days_ago: int,
    context: str,
    profile: str,
    coordinator: User,
    reviewer: User,
    representatives: int,
) -> Round:
    evaluation_round = services.round_open(
        actor=coordinator,
        programme=world.programmes[programme],
        framework=Framework.objects.get(code="welcomehub", version="2026.11.1"),
        title=title,
        assessed_on=world.today - datetime.timedelta(days=days_ago),
        resettlement_context=context,
    )
    _answer(world, evaluation_round, profile, coordinator)
    refugee_led = [o for o in world.organisations.values() if o.org_type == "refugee_led"]
    services.participation_save(
        actor=coordinator,
        evaluation_round=evaluation_round,
        methods=["focus_group", "advisory_board"],
        sessions=2,
        representatives=representatives,
        organisations=[o for o in refugee_led if o.country == world.programmes[programme].country],
        summary="Representatives asked for evening language classes and clearer housing rules.",
    )
    services.round_submit(actor=coordinator, evaluation_round=evaluation_round)
    return services.round_sign_off(actor=reviewer, evaluation_round=evaluation_round, shared=True)


def _actions(world: DemoWorld, evaluation_round: Round, coordinator: User, done: bool) -> None:
    gaps = (
        evaluation_round.answers.filter(value=0).select_related("item").order_by("item__position")
    )
    owners = [world.organisations["pt_state"], world.organisations["pt_ngo"]]
    for index, answer in enumerate(gaps[:4]):
        action = services.action_add(
            actor=coordinator,
            evaluation_round=evaluation_round,
            item=answer.item,
            description=f"Close the gap: {answer.item.text['en']}",
            owner=owners[index % 2],
            due_on=world.today + datetime.timedelta(days=90 + 30 * index),
        )
        status = ("done", "in_progress", "planned", "dropped")[index] if done else "planned"
        if status != "planned":
            services.action_update(actor=coordinator, action=action, status=status)


def load(world: DemoWorld) -> None:
    coordinator = world.users["demo-coordinator"]
    reviewer = _user(world, "demo-reviewer", "Helena", [("pt_state", "org_admin")])
    winnipeg = _user(
        world,
        "demo-coordinator-winnipeg",
        "Grace",
        [("winnipeg", "coordinator"), ("winnipeg", "focal_point")],
    )
    winnipeg_reviewer = _user(world, "demo-reviewer-winnipeg", "Owen", [("winnipeg", "org_admin")])
    first = _round(
        world,
        programme="pt_national",
        title="Self-assessment, first year",
        days_ago=400,
        context="emerging",
        profile="pt_first",
        coordinator=coordinator,
        reviewer=reviewer,
        representatives=8,
    )
    _actions(world, first, coordinator, done=True)
    second = _round(
        world,
        programme="pt_national",
        title="Self-assessment, second year",
        days_ago=30,
        context="emerging",
        profile="pt_second",
        coordinator=coordinator,
        reviewer=reviewer,
        representatives=12,
    )
    _actions(world, second, coordinator, done=False)
    canada = _round(
        world,
        programme="winnipeg_local",
        title="Winnipeg self-assessment",
        days_ago=60,
        context="traditional",
        profile="winnipeg",
        coordinator=winnipeg,
        reviewer=winnipeg_reviewer,
        representatives=15,
    )
    survey_round = exchange.round_open(
        actor=winnipeg,
        organisation=world.organisations["winnipeg"],
        title="Manitoba partners exchange",
        period_start=world.today,
        period_end=world.today + datetime.timedelta(days=180),
        questionnaire_version="2026.1",
        invited=[world.organisations["winnipeg"], world.organisations["ca_ngo"]],
    )
    draft = survey_round.answers.get(organisation=world.organisations["winnipeg"])
    proposals = selectors.lesson_proposals(canada)
    services.lessons_send(
        actor=winnipeg,
        evaluation_round=canada,
        exchange_answer=draft,
        need_areas=[p.area for p in proposals.needs[:2]],
        offer_areas=[p.area for p in proposals.offers[:2]],
    )
    world.say(
        "Evaluation: 3 signed-off rounds of 2 programmes; demo-reviewer, "
        "demo-coordinator-winnipeg and demo-reviewer-winnipeg sign in with the demo password."
    )
