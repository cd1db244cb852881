"""Reads for feedback: the inbox, the public board and the accountability figures."""

from __future__ import annotations

import dataclasses
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from welcomehub.core import taxonomy
from welcomehub.core.disclosure import min_cell_threshold, protect_table
from welcomehub.feedback.access import handled_feedback
from welcomehub.feedback.models import (
    BoardPost,
    Feedback,
    ListeningSession,
    SatisfactionResponse,
    Status,
)
from welcomehub.feedback.survey import survey
from welcomehub.programmes.models import Programme
from welcomehub.reports.tables import Table

ANSWERED = {Status.ANSWERED, Status.CLOSED}


def inbox(
    user: Any,
    *,
    status: str = "",
    category: str = "",
    programme_id: int | None = None,
) -> QuerySet[Feedback]:
    found = handled_feedback(user).select_related("programme", "routed_to", "place")
    if status:
        found = found.filter(status=status)
    if category:
        found = found.filter(category=category)
    if programme_id:
        found = found.filter(programme_id=programme_id)
    return found


@dataclass(frozen=True)
class BoardEntry:
    category: str
    you_said: str
    we_did: str
    language: str  # of the text shown: the reader's when it exists
    published_on: Any


def _text_for(texts: dict[str, dict[str, str]], language: str) -> tuple[str, dict[str, str]]:
    for candidate in (language, language.split("-")[0]):
        if candidate in texts:
            return candidate, texts[candidate]
    first = next(iter(texts))
    return first, texts[first]


def board(programme: Programme, language: str | None = None) -> list[BoardEntry]:
    language = (language or get_language() or "en").lower()
    entries = []
    for post in BoardPost.objects.filter(programme=programme, withdrawn=False):
        shown, pair = _text_for(post.texts, language)
        entries.append(
            BoardEntry(post.category, pair["you_said"], pair["we_did"], shown, post.published_on)
        )
    return entries


def listening_sessions(programme: Programme) -> QuerySet[ListeningSession]:
    return ListeningSession.objects.filter(programme=programme).select_related("place")


@dataclass(frozen=True)
class Figures:
    """Accountability figures of one programme, safe to publish to its partners.

    `by_category` rows are (category, answered, open, total) with None for hidden
    cells; medians and means are None when fewer than `k` answers stand behind them."""

    k: int
    total: int | None
    by_category: list[tuple[str, int | None, int | None, int | None]]
    by_channel: dict[str, int | None]
    share_answered: float | None
    median_days_to_response: float | None
    satisfaction: list[tuple[str, float | None, int | None]]  # question text, mean, n
    satisfaction_n: int | None
    listening_sessions: int
    listening_participants: int | None


def _suppressed(n: int, k: int) -> int | None:
    return None if 0 < n < k else n


def accountability_figures(programme: Programme, *, k: int | None = None) -> dict[str, Any]:
    """The figures as a plain dict, for other apps (programme evaluation) and the API."""
    return dataclasses.asdict(figures(programme, k=k))


def figures(programme: Programme, *, k: int | None = None) -> Figures:
    """Volume by category, answered share, time to response, satisfaction: every count
    through disclosure control, every mean or median only over at least `k` answers."""
    k = k or min_cell_threshold()
    rows = list(
        programme.feedback.values_list(
            "category", "status", "received_on", "responded_on", "channel"
        )
    )
    categories = taxonomy.codes("feedback_categories")
    counts = {code: [0, 0] for code in categories}
    for category, status, _received, _responded, _channel in rows:
        counts.setdefault(category, [0, 0])[0 if status in ANSWERED else 1] += 1
    used = [code for code in counts if sum(counts[code])]
    by_category: list[tuple[str, int | None, int | None, int | None]] = []
    total: int | None = len(rows)
    if used:
        table = protect_table([counts[code] for code in used], k=k)
        by_category = [
            (code, table.cells[i][0], table.cells[i][1], table.row_totals[i])
            for i, code in enumerate(used)
        ]
        total = table.grand_total
    answered = [r for r in rows if r[1] in ANSWERED and r[3] is not None]
    share = len(answered) / len(rows) if len(rows) >= k else None
    days = [
        (responded - received).days
        for _c, _s, received, responded, _ch in answered
        if responded is not None
    ]
    median = float(statistics.median(days)) if len(days) >= k else None
    channels = Counter(row[4] for row in rows)
    satisfaction, n = _satisfaction(programme, k)
    sessions = list(programme.listening_sessions.values_list("participants", flat=True))
    return Figures(
        k=k,
        total=total,
        by_category=by_category,
        by_channel={channel: _suppressed(count, k) for channel, count in channels.items()},
        share_answered=share,
        median_days_to_response=median,
        satisfaction=satisfaction,
        satisfaction_n=n,
        listening_sessions=len(sessions),
        listening_participants=sum(sessions) if sessions else 0,
    )


def _satisfaction(
    programme: Programme, k: int
) -> tuple[list[tuple[str, float | None, int | None]], int | None]:
    answers = list(
        SatisfactionResponse.objects.filter(programme=programme).values_list("answers", flat=True)
    )
    result = []
    for question in survey().questions:
        values = [a[question.code] for a in answers if question.code in a]
        mean = round(statistics.fmean(values), 2) if len(values) >= k else None
        result.append((question.text, mean, _suppressed(len(values), k)))
    return result, _suppressed(len(answers), k)


def figure_tables(figures: Figures) -> list[Table]:
    """The figures as report tables; hidden cells stay empty."""
    note = _("Counts below %(k)s are hidden, with other cells where needed.") % {"k": figures.k}
    categories = Table(
        title=_("Feedback by category"),
        columns=[_("Category"), _("Answered"), _("Not answered yet"), _("Total")],
        rows=[
            [taxonomy.label("feedback_categories", code), answered, still_open, total]
            for code, answered, still_open, total in figures.by_category
        ],
        note=note,
    )
    satisfaction = Table(
        title=_("Satisfaction survey"),
        columns=[_("Question"), _("Mean (1-5)"), _("Answers")],
        rows=[list(row) for row in figures.satisfaction],
        note=_("Means are shown only over at least %(k)s answers.") % {"k": figures.k},
    )
    summary = Table(
        title=_("Summary"),
        columns=[_("Figure"), _("Value")],
        rows=[
            [_("Feedback received"), figures.total],
            [_("Share answered"), figures.share_answered],
            [_("Median days to a response"), figures.median_days_to_response],
            [_("Listening sessions"), figures.listening_sessions],
            [_("Participants in listening sessions"), figures.listening_participants],
        ],
        note=note,
    )
    return [categories, satisfaction, summary]
