"""Reads of programme evaluation: frameworks, rounds and their scores, lesson proposals,
the action plan and the history of a programme. Comparisons are in `comparison.py`, the
outcome panel in `panels.py`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from welcomehub.core import taxonomy
from welcomehub.evaluation import scoring
from welcomehub.evaluation.frameworks import localised
from welcomehub.evaluation.models import (
    Action,
    Answer,
    Area,
    Evidence,
    Framework,
    Item,
    Lesson,
    Round,
    RoundStatus,
)
from welcomehub.exchange.models import Answer as ExchangeAnswer
from welcomehub.exchange.models import AnswerStatus
from welcomehub.exchange.models import RoundStatus as ExchangeRoundStatus
from welcomehub.programmes.models import Programme


def frameworks() -> QuerySet[Framework]:
    """Active frameworks with their areas and active items, in file order."""
    return (
        Framework.objects.filter(active=True)
        .prefetch_related(
            Prefetch("areas", queryset=Area.objects.order_by("position")),
            Prefetch(
                "items",
                queryset=Item.objects.filter(active=True)
                .select_related("area")
                .order_by("position"),
            ),
        )
        .order_by("code", "-version")
    )


def framework_items(framework: Framework) -> list[dict[str, Any]]:
    """Items as the API shows them, texts in the active language."""
    return [
        {
            "code": item.code,
            "area": item.area.code,
            "area_title": localised(item.area.title),
            "dimension": item.dimension,
            "tier": item.tier,
            "text": localised(item.text),
            "guidance": localised(item.guidance) if item.guidance else "",
            "evidence": localised(item.evidence) if item.evidence else "",
        }
        for item in framework.items.all()
    ]


def round_scores(evaluation_round: Round) -> scoring.Scores:
    answers = evaluation_round.answers.select_related("item__area").order_by("item__position")
    items = [
        scoring.ItemScore(
            area=a.item.area.code,
            dimension=a.item.dimension,
            value=None if a.not_applicable or a.value is None else float(a.value),
        )
        for a in answers
    ]
    weights = {area.code: area.weight for area in evaluation_round.framework.areas.all()}
    return scoring.score(items, weights)


@dataclass
class AreaView:
    area: Area
    title: str
    answers: list[Answer]
    score: float | None
    dimensions: dict[str, float]
    weight: float  # normalised share of the overall score
    answered: int
    total: int


def round_areas(evaluation_round: Round, scores: scoring.Scores) -> list[AreaView]:
    answers = (
        evaluation_round.answers.select_related("item__area", "answered_by")
        .prefetch_related("files")
        .order_by("item__position")
    )
    by_area: dict[int, list[Answer]] = {}
    for answer in answers:
        by_area.setdefault(answer.item.area_id, []).append(answer)
    views = []
    for area in evaluation_round.framework.areas.order_by("position"):
        found = by_area.get(area.pk, [])
        if not found:
            continue
        score = scores.areas.get(area.code)
        views.append(
            AreaView(
                area=area,
                title=localised(area.title),
                answers=found,
                score=score.score if score else None,
                dimensions={
                    taxonomy.label("evaluation_dimensions", d): v
                    for d, v in (score.dimensions if score else {}).items()
                },
                weight=scores.weights.get(area.code, 0.0),
                answered=sum(1 for a in found if a.is_answered),
                total=len(found),
            )
        )
    return views


def answerers(evaluation_round: Round) -> set[int]:
    """Users who answered, submitted or uploaded evidence in the round."""
    ids = set(
        evaluation_round.answers.exclude(answered_by=None).values_list("answered_by", flat=True)
    )
    ids |= set(
        Evidence.objects.filter(answer__round=evaluation_round)
        .exclude(uploaded_by=None)
        .values_list("uploaded_by", flat=True)
    )
    if evaluation_round.submitted_by_id:
        ids.add(evaluation_round.submitted_by_id)
    return ids


def programme_organisation_ids(programme: Programme) -> set[int]:
    ids = set(programme.partners.values_list("organisation_id", flat=True))
    ids.add(programme.lead_id)
    return ids


def programme_rounds(programme: Programme) -> QuerySet[Round]:
    return (
        Round.objects.filter(programme=programme)
        .select_related("framework", "opened_by", "signed_off_by")
        .annotate(
            answered=Count(
                "answers", filter=Q(answers__value__isnull=False) | Q(answers__not_applicable=True)
            ),
            items=Count("answers"),
        )
        .order_by("-assessed_on", "-id")
    )


def history(programme: Programme, framework: Framework | None = None) -> list[Round]:
    """The programme's signed-off rounds, oldest first (over time)."""
    rounds = Round.objects.filter(programme=programme, status=RoundStatus.SIGNED_OFF)
    if framework is not None:
        rounds = rounds.filter(framework=framework)
    return list(rounds.select_related("framework").order_by("assessed_on", "id"))


def actions_to_track(programme: Programme) -> QuerySet[Action]:
    """Actions of the programme's rounds, open ones first: followed to the next round."""
    return (
        Action.objects.filter(round__programme=programme)
        .select_related("round", "item__area", "owner")
        .order_by("status", "due_on", "id")
    )


def lessons(evaluation_round: Round) -> QuerySet[Lesson]:
    return Lesson.objects.filter(round=evaluation_round).select_related(
        "area", "need__answer__round", "offer__answer__round"
    )


@dataclass
class Proposal:
    area: Area
    title: str
    score: float | None
    items: list[Item]
    topics: list[str]
    description: str


@dataclass
class Proposals:
    needs: list[Proposal]  # areas with gaps (items scored 0)
    offers: list[Proposal]  # areas scoring 75 or more


def _topics(area: Area) -> list[str]:
    return list(area.exchange_topics) or ["programme_design"]


def lesson_proposals(evaluation_round: Round) -> Proposals:
    """Gaps become needs and strengths offers; descriptions are in English, the
    exchange's working language for matching, and name the items concerned."""
    scores = round_scores(evaluation_round)
    answers = evaluation_round.answers.select_related("item__area").order_by("item__position")
    gap_items: dict[int, list[Item]] = {}
    for answer in answers:
        value = None if answer.not_applicable else answer.value
        if scoring.gaps([(answer.item.code, value)]):
            gap_items.setdefault(answer.item.area_id, []).append(answer.item)
    area_scores = {code: a.score for code, a in scores.areas.items()}
    strong = set(scoring.strengths(area_scores))
    needs, offers = [], []
    for area in evaluation_round.framework.areas.order_by("position"):
        title = localised(area.title)
        english = area.title.get("en", area.code)
        if area.pk in gap_items:
            items = gap_items[area.pk]
            texts = "; ".join(i.text.get("en", i.code) for i in items)
            needs.append(
                Proposal(
                    area=area,
                    title=title,
                    score=area_scores.get(area.code),
                    items=items,
                    topics=_topics(area),
                    description=f"Self-assessment gap in {english}: {texts}",
                )
            )
        if area.code in strong:
            score = area_scores[area.code] or 0.0
            offers.append(
                Proposal(
                    area=area,
                    title=title,
                    score=score,
                    items=[],
                    topics=_topics(area),
                    description=(
                        f"Experience to share in {english} "
                        f"(self-assessment score {score:.0f} of 100)"
                    ),
                )
            )
    return Proposals(needs=needs, offers=offers)


def exchange_drafts(programme: Programme) -> QuerySet[ExchangeAnswer]:
    """The lead organisation's draft answers in open exchange rounds: where lessons go."""
    return ExchangeAnswer.objects.filter(
        organisation_id=programme.lead_id,
        status=AnswerStatus.DRAFT,
        round__status=ExchangeRoundStatus.OPEN,
    ).select_related("round")
