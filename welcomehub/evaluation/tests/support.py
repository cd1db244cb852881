"""An evaluation on top of the shared test world, for the evaluation tests and the
authorisation matrix: A's programme (B is a partner) with a signed-off round answered by
A's coordinator and signed off by A's organisation administrator, and an open round
with evidence."""

from __future__ import annotations

import datetime
import tempfile
from dataclasses import dataclass

from django.test import override_settings

from conftest import World
from welcomehub.evaluation import services
from welcomehub.evaluation.models import Action, Answer, Evidence, Framework, Round

PDF = b"%PDF-1.4\n% evaluation evidence\n"
_evidence_dir: str | None = None


def isolate_evidence() -> None:
    """Evidence files of tests go to a temporary folder, never the data directory."""
    global _evidence_dir
    if _evidence_dir is None:
        _evidence_dir = tempfile.mkdtemp(prefix="welcomehub-evidence-")
        override_settings(WELCOMEHUB_EVIDENCE_DIR=_evidence_dir).enable()


def shipped() -> Framework:
    return Framework.objects.get(code="welcomehub", version="2026.11.1")


def open_round(
    world: World,
    title: str = "Self-assessment 2026",
    assessed_on: datetime.date = datetime.date(2026, 6, 1),
    resettlement_context: str = "emerging",
) -> Round:
    return services.round_open(
        actor=world.users["coordinator"],
        programme=world.programme,
        framework=shipped(),
        title=title,
        assessed_on=assessed_on,
        resettlement_context=resettlement_context,
    )


def answer_all(world: World, evaluation_round: Round, value_of: object = None) -> None:
    """Answer every item: by default 100 for essentials, 0 for fundamentals, not
    applicable for unaccompanied minors; `value_of(code)` overrides."""
    answers = {}
    for answer in evaluation_round.answers.select_related("item__area"):
        item = answer.item
        if callable(value_of):
            given = value_of(item.code)
        elif item.area.code == "unaccompanied_minors":
            given = "na"
        else:
            given = 100 if item.tier == "essential" else 0
        answers[item.code] = services.AnswerInput(
            value=None if given == "na" else given, not_applicable=given == "na"
        )
    services.answers_save(
        actor=world.users["coordinator"], evaluation_round=evaluation_round, answers=answers
    )


def sign_off(world: World, evaluation_round: Round, shared: bool = False) -> Round:
    services.round_submit(actor=world.users["coordinator"], evaluation_round=evaluation_round)
    return services.round_sign_off(
        actor=world.users["org_admin"], evaluation_round=evaluation_round, shared=shared
    )


@dataclass(frozen=True)
class Evaluation:
    signed: Round
    open: Round
    answer: Answer  # of the open round, with evidence
    evidence: Evidence
    action: Action


def build_evaluation(world: World) -> Evaluation:
    signed = open_round(world, "Self-assessment 2025", assessed_on=datetime.date(2025, 6, 1))
    answer_all(world, signed)
    signed = sign_off(world, signed)
    current = open_round(world)
    answer = current.answers.select_related("item").order_by("item__position").first()
    assert answer is not None
    services.answers_save(
        actor=world.users["coordinator"],
        evaluation_round=current,
        answers={answer.item.code: services.AnswerInput(value=50, note="Agreement in draft")},
    )
    evidence = services.evidence_add(
        actor=world.users["coordinator"], answer=answer, filename="agreement.pdf", content=PDF
    )
    gap = signed.answers.filter(value=0).select_related("item").first()
    assert gap is not None
    action = services.action_add(
        actor=world.users["coordinator"],
        evaluation_round=signed,
        item=gap.item,
        description="Write a multi-year funding agreement",
        owner=world.org_a,
        due_on=datetime.date(2026, 12, 31),
    )
    return Evaluation(signed=signed, open=current, answer=answer, evidence=evidence, action=action)
