"""The demo's feedback (data/demo_feedback.json, invented): the national programme has
answered and published feedback, open items, a listening session, and enough survey
answers for its figures to show."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from welcomehub.core.demo import DemoWorld
from welcomehub.feedback import services

DATA = Path(__file__).resolve().parent / "data" / "demo_feedback.json"


def load(world: DemoWorld) -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    programme = world.programmes["pt_national"]
    coordinator = world.users["demo-coordinator"]
    caseworker = world.users["demo-caseworker"]
    start = world.today - datetime.timedelta(days=60)
    for i, item in enumerate(data["answered"]):
        feedback = services.feedback_submit(
            actor=None,
            programme=programme,
            category=item["category"],
            text=item["text"],
            language=item["language"],
            today=start + datetime.timedelta(days=7 * i),
        )
        services.feedback_respond(
            actor=coordinator,
            feedback=feedback,
            response=item["response"],
            today=start + datetime.timedelta(days=7 * i + 3 + i),
        )
        services.board_publish(
            actor=coordinator,
            feedback=feedback,
            texts={"en": {"you_said": item["you_said"], "we_did": item["we_did"]}},
            today=start + datetime.timedelta(days=7 * i + 5),
        )
    for item in data["open"]:
        services.feedback_submit(actor=None, programme=programme, **item)
    services.feedback_log(actor=caseworker, programme=programme, **data["logged"])
    services.listening_session_log(
        actor=caseworker,
        programme=programme,
        organisation=world.organisations["pt_ngo"],
        held_on=world.today - datetime.timedelta(days=14),
        **data["session"],
    )
    for answers in data["survey"]:
        services.satisfaction_submit(programme=programme, language="en", answers=answers)
    count = len(data["answered"]) + len(data["open"]) + 1
    world.say(
        f"Feedback: {count} items, 1 listening session, {len(data['survey'])} survey answers."
    )
