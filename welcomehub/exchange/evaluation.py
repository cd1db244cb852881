"""Evaluating the exchange itself (DESIGN §1 B): is there a need, and is the mechanism
effective? Read-only figures over one round or several, as report tables.

Counts of organisations' needs, offers, suggestions and introductions are about
organisations, not people, and the chart already names each organisation; they are
published as they are. Participants' ratings from the follow-up survey and twinning
reviews are the organisations' confidential opinions: their distributions pass through
`core.disclosure.protect_table` (cells under the threshold hidden, with secondary
suppression), and a mean is shown only from at least that many answers. Free-text
comments never enter an aggregate.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from welcomehub.core import taxonomy
from welcomehub.core.disclosure import min_cell_threshold, protect_table
from welcomehub.exchange import selectors
from welcomehub.exchange.models import (
    AnswerStatus,
    FollowUp,
    Introduction,
    IntroductionStatus,
    Suggestion,
    SurveyRound,
    TwinningPair,
    TwinningPairStatus,
    TwinningReview,
    TwinningSignup,
)
from welcomehub.exchange.regions import region_of
from welcomehub.reports.tables import Table

ACCEPTED = {
    IntroductionStatus.ACCEPTED,
    IntroductionStatus.IN_CONTACT,
    IntroductionStatus.EXCHANGE_HELD,
    IntroductionStatus.OUTCOME_RECORDED,
}
HELD = {IntroductionStatus.EXCHANGE_HELD, IntroductionStatus.OUTCOME_RECORDED}
RATINGS = (1, 2, 3, 4, 5)


@dataclass
class Figures:
    """The evaluation of some rounds: headline figures and the tables behind them."""

    rounds: list[SurveyRound]
    need: Table  # is there a need? (summary)
    needs_by_region: Table
    coverage: Table
    unmet: Table
    effect: Table  # is the mechanism effective? (summary)
    introductions: Table
    declines: Table
    ratings: Table
    twinning: Table
    by_round: Table
    k: int

    def tables(self) -> list[Table]:
        return [
            self.need,
            self.needs_by_region,
            self.coverage,
            self.unmet,
            self.effect,
            self.introductions,
            self.declines,
            self.ratings,
            self.twinning,
            self.by_round,
        ]


def _pct(part: int, whole: int) -> str | None:
    return f"{100 * part / whole:.0f} %" if whole else None


def _charts(rounds: Sequence[SurveyRound]) -> list[selectors.Chart]:
    return [selectors.chart(r) for r in rounds]


def _need_tables(rounds: Sequence[SurveyRound], charts: list[selectors.Chart]) -> list[Table]:
    invited = sum(r.invited.count() for r in rounds)
    answered = sum(r.answers.filter(status=AnswerStatus.SUBMITTED).count() for r in rounds)
    rows = [row for chart in charts for row in chart.rows]
    needs = {n.pk: n for row in rows for n in row.needs}
    offers = {o.pk: o for row in rows for o in row.offers}
    uncovered = {n.pk: (row.topic, n) for row in rows for n in row.uncovered_needs}
    with_need = {n.answer.organisation_id for n in needs.values()}
    summary = Table(
        title=_("Is there a need?"),
        columns=[_("Figure"), _("Value")],
        rows=[
            [_("Organisations invited"), invited],
            [_("Answers submitted"), answered],
            [_("Response rate"), _pct(answered, invited)],
            [_("Organisations stating a need"), len(with_need)],
            [_("Needs"), len(needs)],
            [_("Offers"), len(offers)],
            [_("Needs without any offer on their topic"), len(uncovered)],
        ],
    )
    return [summary, _by_region(rows), _coverage(rows), _unmet(uncovered.values())]


def _by_region(rows: Iterable[selectors.ChartRow]) -> Table:
    counts: Counter[tuple[str, str]] = Counter()
    for row in rows:
        for need in row.needs:
            counts[row.topic, region_of(need.answer.organisation.country)] += 1
    topics = sorted({t for t, _r in counts}, key=taxonomy.codes("exchange_topics").index)
    regions = [r for r in taxonomy.codes("regions") if any(k[1] == r for k in counts)]
    if any(k[1] == "" for k in counts):
        regions.append("")
    return Table(
        title=_("Needs by topic and region"),
        columns=[_("Topic"), *[taxonomy.label("regions", r) or _("Other") for r in regions]],
        rows=[
            [taxonomy.label("exchange_topics", t), *[counts[t, r] for r in regions]] for t in topics
        ],
        note=_("A need on several topics counts once under each. Region of the organisation."),
    )


def _coverage(rows: Iterable[selectors.ChartRow]) -> Table:
    totals: dict[str, list[int]] = {}
    for row in rows:
        line = totals.setdefault(row.topic, [0, 0, 0])
        line[0] += len(row.needs)
        line[1] += len(row.offers)
        line[2] += len(row.uncovered_ids)
    order = taxonomy.codes("exchange_topics")
    return Table(
        title=_("Coverage of needs by offers"),
        columns=[_("Topic"), _("Needs"), _("Offers"), _("Needs without offer"), _("Covered")],
        rows=[
            [taxonomy.label("exchange_topics", t), n, o, u, _pct(n - u, n)]
            for t, (n, o, u) in sorted(totals.items(), key=lambda item: order.index(item[0]))
        ],
        note=_("A need is covered when another organisation offers something on its topic."),
    )


def _unmet(uncovered: Iterable[tuple[str, Any]]) -> Table:
    return Table(
        title=_("Unmet needs"),
        columns=[_("Topic"), _("Organisation"), _("Country"), _("Description")],
        rows=[
            [
                taxonomy.label("exchange_topics", topic),
                need.answer.organisation.name,
                need.answer.organisation.country,
                need.description,
            ]
            for topic, need in uncovered
        ],
    )


def _days_to_introduction(introductions: Iterable[Introduction]) -> list[float]:
    """Days from the need's answer being submitted to both sides accepting."""
    days = []
    for item in introductions:
        if item.need_accepted_at is None or item.offer_accepted_at is None:
            continue
        start = item.need.answer.submitted_at or item.created_at
        done = max(item.need_accepted_at, item.offer_accepted_at)
        days.append(max(0.0, (done - start).total_seconds() / 86400))
    return days


def _effect_tables(rounds: Sequence[SurveyRound]) -> list[Table]:
    suggestions = Suggestion.objects.filter(round__in=rounds)
    introductions = list(
        Introduction.objects.filter(round__in=rounds).select_related("need__answer")
    )
    statuses = Counter(i.status for i in introductions)
    accepted = sum(statuses[s] for s in ACCEPTED)
    declined = statuses[IntroductionStatus.DECLINED]
    held = sum(statuses[s] for s in HELD)
    from_suggestion = sum(1 for i in introductions if i.suggestion_id is not None)
    days = _days_to_introduction(introductions)
    median = round(statistics.median(days), 1) if days else None
    summary = Table(
        title=_("Is the mechanism effective?"),
        columns=[_("Figure"), _("Value")],
        rows=[
            [_("Suggestions made"), suggestions.count()],
            [
                _("Needs with at least one suggestion"),
                suggestions.values("need").distinct().count(),
            ],
            [_("Introductions proposed"), len(introductions)],
            [_("Introductions that followed a suggestion"), from_suggestion],
            [_("Introductions accepted by both sides"), accepted],
            [_("Introductions declined"), declined],
            [_("Acceptance rate (of those decided)"), _pct(accepted, accepted + declined)],
            [_("Exchanges held"), held],
            [_("Median days from answer to introduction"), median],
            [_("Introductions timed"), len(days)],
        ],
    )
    by_status = Table(
        title=_("Introductions by status"),
        columns=[_("Status"), _("Introductions")],
        rows=[[label, statuses[code]] for code, label in IntroductionStatus.choices],
    )
    reasons = Counter(i.declined_reason_code or "" for i in introductions if i.status == "declined")
    declines = Table(
        title=_("Reasons for declining"),
        columns=[_("Reason"), _("Introductions")],
        rows=[
            [taxonomy.label("exchange_decline_reasons", code) if code else _("Not given"), n]
            for code, n in reasons.most_common()
        ],
    )
    return [summary, by_status, declines]


def _protected_distribution(values: list[int], what: str, k: int) -> list[Any]:
    counts = [sum(1 for v in values if v == score) for score in RATINGS]
    protected = protect_table([counts], k) if values else None
    cells = protected.cells[0] if protected else [0] * len(RATINGS)
    mean = round(statistics.mean(values), 2) if len(values) >= k else None
    total = protected.row_totals[0] if protected else 0
    return [what, *cells, total, mean]


def _ratings_table(rounds: Sequence[SurveyRound], k: int) -> Table:
    followups = FollowUp.objects.filter(introduction__round__in=rounds)
    answered = [f.rating for f in followups if f.answered_at is not None and f.rating]
    reviews = [r.rating for r in TwinningReview.objects.filter(agreement__pair__round__in=rounds)]
    note = _(
        "Counts under %(k)s are hidden (blank), with more cells hidden where a total would "
        "reveal them; a mean is shown from %(k)s answers. Asked: %(asked)s, answered: "
        "%(answered)s."
    ) % {"k": k, "asked": followups.count(), "answered": len(answered)}
    return Table(
        title=_("Participants' ratings (1 = not useful, 5 = very useful)"),
        columns=[_("Survey"), *[str(r) for r in RATINGS], _("Answers"), _("Mean")],
        rows=[
            _protected_distribution(answered, _("Follow-up of introductions"), k),
            _protected_distribution(reviews, _("Closing reviews of twinnings"), k),
        ],
        note=note,
    )


def _twinning_table(rounds: Sequence[SurveyRound]) -> Table:
    signups = TwinningSignup.objects.filter(round__in=rounds, withdrawn_at__isnull=True)
    roles = Counter(signups.values_list("role", flat=True))
    pairs = Counter(TwinningPair.objects.filter(round__in=rounds).values_list("status", flat=True))
    agreements = TwinningPair.objects.filter(round__in=rounds, agreement__isnull=False)
    checkins = [c.on_track for pair in agreements for c in pair.agreement.checkins.all()]
    rows: list[list[Any]] = [
        [_("Organisations signed up"), signups.count()],
        *[
            [_("Signed up as %(role)s") % {"role": label}, roles[code]]
            for code, label in TwinningSignup._meta.get_field("role").choices or []
        ],
        *[
            [_("Pairs: %(status)s") % {"status": label}, pairs[code]]
            for code, label in TwinningPairStatus.choices
        ],
        [_("Agreements"), agreements.count()],
        [_("Check-ins"), len(checkins)],
        [_("Check-ins on track"), _pct(sum(checkins), len(checkins))],
    ]
    return Table(title=_("Twinning outcomes"), columns=[_("Figure"), _("Value")], rows=rows)


def _by_round(rounds: Sequence[SurveyRound], charts: list[selectors.Chart]) -> Table:
    rows = []
    for survey_round, chart in zip(rounds, charts, strict=True):
        introductions = survey_round.introductions.all()
        rows.append(
            [
                survey_round.title,
                survey_round.period_start,
                survey_round.answers.filter(status=AnswerStatus.SUBMITTED).count(),
                len({n.pk for r in chart.rows for n in r.needs}),
                len({o.pk for r in chart.rows for o in r.offers}),
                len({pk for r in chart.rows for pk in r.uncovered_ids}),
                survey_round.suggestions.count(),
                introductions.count(),
                introductions.filter(status__in=ACCEPTED).count(),
                introductions.filter(status__in=HELD).count(),
            ]
        )
    return Table(
        title=_("Rounds compared"),
        columns=[
            _("Round"),
            _("Start"),
            _("Answers"),
            _("Needs"),
            _("Offers"),
            _("Needs without offer"),
            _("Suggestions"),
            _("Introductions"),
            _("Accepted"),
            _("Exchanges held"),
        ],
        rows=rows,
        note=_("A need counts as without offer when no offer answers one of its topics."),
    )


def mechanism_figures(rounds: Iterable[SurveyRound], k: int | None = None) -> Figures:
    """The evaluation of these rounds (one for a round's dashboard, several across)."""
    chosen = sorted(rounds, key=lambda r: (r.period_start, r.pk))
    threshold = k or min_cell_threshold()
    charts = _charts(chosen)
    need, by_region, coverage, unmet = _need_tables(chosen, charts)
    effect, introductions, declines = _effect_tables(chosen)
    return Figures(
        rounds=chosen,
        need=need,
        needs_by_region=by_region,
        coverage=coverage,
        unmet=unmet,
        effect=effect,
        introductions=introductions,
        declines=declines,
        ratings=_ratings_table(chosen, threshold),
        twinning=_twinning_table(chosen),
        by_round=_by_round(chosen, charts),
        k=threshold,
    )
