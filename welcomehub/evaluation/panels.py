"""The outcome panel beside the policy scores: aggregates of the programme's people from
the outcomes app, and the feedback app's accountability figures when it offers them.

Only counts pass through disclosure control (`protect_counts`, `protect_table`); a mean
change is shown only for a domain whose count of people is published, so no figure
describes fewer than k people.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from welcomehub.core import taxonomy
from welcomehub.core.disclosure import protect_counts, protect_table, suppress_value
from welcomehub.feedback.selectors import accountability_figures
from welcomehub.outcomes.models import AssessmentKind, Observation
from welcomehub.outcomes.selectors import normalise
from welcomehub.people.models import Person
from welcomehub.programmes.models import Programme


@dataclass(frozen=True)
class DomainRow:
    code: str
    name: str
    improved: int | None
    same: int | None
    worse: int | None
    people: int | None  # with a baseline and a later score in the domain
    mean_change: float | None  # shown only when `people` is published


@dataclass(frozen=True)
class OutcomePanel:
    people: int | None
    with_baseline: int | None
    without_baseline: int | None
    share_with_baseline: float | None  # percent, when both counts are published
    domains: list[DomainRow]
    k: int


Scores = dict[int, tuple[dict[str, float], dict[str, float]]]


def _scores_by_person(programme_ids: list[int]) -> dict[int, Scores]:
    """Programme → person → (baseline score per domain, latest later score per domain),
    on 0-100, as `outcomes.selectors.person_progress` computes them, in one query for
    all the programmes (the comparison page shows many)."""
    rows = (
        Observation.objects.filter(assessment__person__household__programme__in=programme_ids)
        .order_by("assessment__date", "assessment_id")
        .values_list(
            "assessment__person__household__programme_id",
            "assessment__person_id",
            "assessment_id",
            "assessment__kind",
            "question__domain",
            "value",
            "question__scale__minimum",
            "question__scale__maximum",
            "question__higher_is_better",
        )
    )
    grouped: dict[tuple[int, int], dict[int, tuple[str, dict[str, list[float]]]]] = {}
    for programme_id, person, assessment, kind, domain, value, low, high, better in rows:
        per_person = grouped.setdefault((programme_id, person), {})
        _kind, domains = per_person.setdefault(assessment, (kind, {}))
        score = normalise(value, minimum=low, maximum=high, higher_is_better=better)
        domains.setdefault(domain, []).append(score)
    result: dict[int, Scores] = {pid: {} for pid in programme_ids}
    for (programme_id, person), assessments in grouped.items():
        baseline: dict[str, float] = {}
        latest: dict[str, float] = {}
        for kind, domains in assessments.values():  # in date order
            means = {d: fmean(v) for d, v in domains.items()}
            if kind == AssessmentKind.BASELINE:
                baseline = means
            else:
                latest.update(means)
        result[programme_id][person] = (baseline, latest)
    return result


def outcome_panel(programme: Programme, k: int | None = None) -> OutcomePanel:
    return outcome_panels([programme], k)[0]


def outcome_panels(programmes: list[Programme], k: int | None = None) -> list[OutcomePanel]:
    """The panels of several programmes in two queries, in the order given."""
    ids = [programme.pk for programme in programmes]
    people = dict(
        Person.objects.filter(household__programme__in=ids)
        .values("household__programme_id")
        .annotate(n=Count("id"))
        .values_list("household__programme_id", "n")
    )
    scores = _scores_by_person(ids)
    return [_panel(people.get(pid, 0), scores[pid], k) for pid in ids]


def _panel(people: int, scores: Scores, k: int | None) -> OutcomePanel:
    with_baseline = sum(1 for baseline, _latest in scores.values() if baseline)
    counts = protect_counts({"with": with_baseline, "without": people - with_baseline}, k)
    published_people = suppress_value(people, k)
    share = None
    if counts["with"] is not None and counts["without"] is not None and people:
        share = 100.0 * with_baseline / people
    codes = taxonomy.codes("integration_domains")
    table: list[list[int]] = []
    changes: dict[str, list[float]] = {}
    for code in codes:
        moved = [
            latest[code] - baseline[code]
            for baseline, latest in scores.values()
            if code in baseline and code in latest
        ]
        changes[code] = moved
        table.append(
            [
                sum(1 for m in moved if m > 0),
                sum(1 for m in moved if m == 0),
                sum(1 for m in moved if m < 0),
            ]
        )
    protected = protect_table(table, k)
    domains = []
    for index, code in enumerate(codes):
        cells = protected.cells[index]
        total = protected.row_totals[index]
        domains.append(
            DomainRow(
                code=code,
                name=taxonomy.label("integration_domains", code),
                improved=cells[0],
                same=cells[1],
                worse=cells[2],
                people=total,
                mean_change=fmean(changes[code]) if total and changes[code] else None,
            )
        )
    return OutcomePanel(
        people=published_people,
        with_baseline=counts["with"],
        without_baseline=counts["without"],
        share_with_baseline=share,
        domains=domains,
        k=protected.k,
    )


def _shown(value: Any, kind: str = "") -> str:
    if value is None:
        return "\u2013"
    if kind == "share":
        return f"{100 * value:.0f}%"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def feedback_rows(programme: Programme) -> list[tuple[str, str]]:
    """The feedback figures as (label, shown value) rows for the panel."""
    found = feedback_figures(programme)
    labels = [
        ("total", _("Feedback items"), ""),
        ("share_answered", _("Share answered"), "share"),
        ("median_days_to_response", _("Median days to a response"), ""),
        ("listening_sessions", _("Listening sessions"), ""),
        ("listening_participants", _("People in listening sessions"), ""),
        ("satisfaction_n", _("Satisfaction answers"), ""),
    ]
    rows = [(label, _shown(found[key], kind)) for key, label, kind in labels if key in found]
    for entry in found.get("by_category") or []:
        code, total = entry[0], entry[-1]
        rows.append((taxonomy.label("feedback_categories", code), _shown(total)))
    for entry in found.get("satisfaction") or []:
        rows.append((str(entry[0]), _shown(entry[1])))
    return rows


def feedback_figures(programme: Programme) -> dict[str, Any]:
    """The feedback app's accountability figures as name → value (that function does its
    own disclosure control)."""
    return accountability_figures(programme)
