"""Reads of the exchange: round lists, answers, the chart, suggestions, introductions."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from welcomehub.accounts.models import Organisation, User
from welcomehub.exchange.access import RESPOND
from welcomehub.exchange.models import (
    Answer,
    AnswerStatus,
    FollowUp,
    Introduction,
    Need,
    Offer,
    SurveyRound,
)
from welcomehub.exchange.selectors.chart_pages import (
    GRID_LIMIT,
    SMALL_CHART,
    TOPIC_PAGE_SIZE,
    ChartSummary,
    ChartView,
    TopicEntries,
    TopicSummary,
    chart_entries,
    chart_organisations,
    chart_summary,
    chart_topic_entries,
    chart_view,
)
from welcomehub.exchange.selectors.charts import (
    CHART_COLUMNS,
    CHART_HXL_TAGS,
    Chart,
    ChartRow,
    chart,
    uncovered_need_ids,
)

# The chart's reads live in their own modules (charts: every entry, for the downloads;
# chart_pages: the pages); callers use `selectors.<name>` either way.
__all__ = [
    "CHART_COLUMNS",
    "CHART_HXL_TAGS",
    "GRID_LIMIT",
    "SMALL_CHART",
    "TOPIC_PAGE_SIZE",
    "Chart",
    "ChartRow",
    "ChartSummary",
    "ChartView",
    "TopicEntries",
    "TopicSummary",
    "chart",
    "chart_entries",
    "chart_organisations",
    "chart_summary",
    "chart_topic_entries",
    "chart_view",
    "focal_point_contacts",
    "introduction_followups",
    "introduction_list",
    "round_answers",
    "round_list",
    "round_summary",
    "suggestion_list",
    "uncovered_need_ids",
]


def _count(rows: QuerySet[Any], column: str) -> Any:
    """Rows per round in a correlated subquery: two counts never multiply each other."""
    counted = rows.filter(**{column: OuterRef("pk")}).order_by().values(column)
    return Coalesce(
        Subquery(counted.annotate(count=Count("*")).values("count"), output_field=IntegerField()),
        0,
    )


def round_list(rounds: QuerySet[SurveyRound]) -> QuerySet[SurveyRound]:
    invited = SurveyRound.invited.through.objects.all()
    submitted = Answer.objects.filter(status=AnswerStatus.SUBMITTED)
    return (
        rounds.select_related("organisation")
        .annotate(
            invited_count=_count(invited, "surveyround_id"),
            submitted_count=_count(submitted, "round_id"),
        )
        .order_by("-period_start", "-id")
    )


def round_summary(survey_round: SurveyRound) -> dict[str, int]:
    """Counts of the round's answers by status and of their needs and offers."""
    counts = survey_round.answers.aggregate(
        answers=Count("id"),
        submitted=Count("id", filter=Q(status=AnswerStatus.SUBMITTED)),
        draft=Count("id", filter=Q(status=AnswerStatus.DRAFT)),
    )
    counts["invited"] = survey_round.invited.count()
    counts["needs"] = Need.objects.filter(answer__round=survey_round).count()
    counts["offers"] = Offer.objects.filter(answer__round=survey_round).count()
    return counts


def _entry_count(model: type[Need] | type[Offer]) -> Any:
    """The answer's needs or offers counted in a correlated subquery: no join product."""
    counted = (
        model.objects.filter(answer=OuterRef("pk"))
        .order_by()
        .values("answer")
        .annotate(count=Count("id"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def round_answers(
    survey_round: SurveyRound,
    *,
    search: str = "",
    status: str = "",
    organisation_ids: set[int] | None = None,
    excluding: set[int] | None = None,
) -> QuerySet[Answer]:
    """The round's answers by organisation name, each with its counts of needs and offers;
    those of organisations whose name contains `search`, in `status`, among
    `organisation_ids` and not among `excluding` when given."""
    answers = survey_round.answers.all()
    if organisation_ids is not None:
        answers = answers.filter(organisation_id__in=organisation_ids)
    if excluding:
        answers = answers.exclude(organisation_id__in=excluding)
    if search:
        answers = answers.filter(organisation__name__icontains=search)
    if status:
        answers = answers.filter(status=status)
    return (
        answers.select_related("organisation")
        .annotate(need_count=_entry_count(Need), offer_count=_entry_count(Offer))
        .order_by("organisation__name", "id")
    )


def suggestion_list(survey_round: SurveyRound, *, organisation_ids: set[int] | None) -> Any:
    """The round's suggestions, all of them (None) or those touching these organisations."""
    suggestions = survey_round.suggestions.select_related(
        "need__answer__organisation", "offer__answer__organisation"
    )
    if organisation_ids is not None:
        suggestions = suggestions.filter(
            Q(need__answer__organisation_id__in=organisation_ids)
            | Q(offer__answer__organisation_id__in=organisation_ids)
        )
    introduced = Introduction.objects.filter(need=OuterRef("need"), offer=OuterRef("offer"))
    return suggestions.annotate(introduced=Exists(introduced)).order_by(
        "need_id", "-score", "offer_id"
    )


def introduction_list(survey_round: SurveyRound, *, organisation_ids: set[int] | None) -> Any:
    introductions = survey_round.introductions.select_related(
        "need__answer__organisation", "offer__answer__organisation"
    )
    if organisation_ids is not None:
        introductions = introductions.filter(
            Q(need__answer__organisation_id__in=organisation_ids)
            | Q(offer__answer__organisation_id__in=organisation_ids)
        )
    return introductions.order_by("-created_at", "-id")


def focal_point_contacts(organisation: Organisation) -> list[str]:
    """E-mail addresses of the organisation's active focal points, from their accounts."""
    users = User.objects.filter(
        is_active=True,
        memberships__organisation=organisation,
        memberships__role__permissions__code=RESPOND,
    ).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def introduction_followups(introduction: Introduction) -> list[FollowUp]:
    """Both sides' follow-up rows of an introduction (organisation-level answers)."""
    return list(introduction.followups.select_related("organisation"))
