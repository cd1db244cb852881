"""How answers become domain scores: plain Python, shared by a person's progress page and
the per-person table the programme dashboards aggregate, so both always agree."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean


def normalise(value: int, *, minimum: int, maximum: int, higher_is_better: bool = True) -> float:
    """A value of a scale on 0-100, 100 being the best answer."""
    share = (value - minimum) / (maximum - minimum)
    return 100.0 * (share if higher_is_better else 1.0 - share)


@dataclass(frozen=True)
class Answer:
    """One scored answer of one person, in the order the assessments were made."""

    assessment: int
    is_baseline: bool
    domain: str
    score: float


def baseline_and_latest(
    answers: Iterable[Answer],
) -> tuple[dict[str, float], dict[str, float]]:
    """Per domain: the baseline score and the latest later score.

    A domain's score in one assessment is the mean of its answered questions; "latest"
    is the most recent follow-up or event assessment that answered the domain. `answers`
    come ordered by assessment date (then id), so a later assessment overwrites.
    """
    by_assessment: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    baseline_id = None
    order: list[int] = []
    for answer in answers:
        if answer.assessment not in by_assessment:
            order.append(answer.assessment)
        if answer.is_baseline:
            baseline_id = answer.assessment
        by_assessment[answer.assessment][answer.domain].append(answer.score)
    baseline = {d: fmean(s) for d, s in by_assessment.get(baseline_id or 0, {}).items()}
    latest: dict[str, float] = {}
    for assessment_id in order:
        if assessment_id != baseline_id:
            latest.update({d: fmean(s) for d, s in by_assessment[assessment_id].items()})
    return baseline, latest
