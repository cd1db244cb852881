"""The transparent rule-based score and the score breakdown of a pair.

A pair without a given expected outcome scores, per case (not per person):

    language   1.0  the location supports at least one of the case's languages
    community  1.0  the location has a diaspora community of the case's nationality
    preference 1.0  the location is the case's first stated preference, 0.5 a later one
    family     2.0  the location is where the case's (consented) family tie lives

and the rule score is their sum. A given score (SCORES.csv, or a fitted model's expected
outcome) replaces the rule score of that pair entirely; the breakdown then shows it as
`expected_outcome`. The weights are data on `RuleWeights` so a run can change them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from welcomehub.placement.domain.model import Instance

FloatMatrix = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class RuleWeights:
    language: float = 1.0
    community: float = 1.0
    first_preference: float = 1.0
    other_preference: float = 0.5
    family: float = 2.0


COMPONENTS = ("language", "community", "preference", "family")


def _incidence(items: list[frozenset[str]], vocabulary: dict[str, int]) -> npt.NDArray[np.float32]:
    matrix = np.zeros((len(items), max(len(vocabulary), 1)), dtype=np.float32)
    for row, codes in enumerate(items):
        for code in codes:
            matrix[row, vocabulary[code]] = 1.0
    return matrix


def rule_components(instance: Instance, weights: RuleWeights) -> dict[str, FloatMatrix]:
    """Each rule component as a (cases, locations) matrix, already weighted."""
    cases, locations = instance.cases, instance.locations
    languages = sorted({code for case in cases for code in case.languages})
    vocabulary = {code: index for index, code in enumerate(languages)}
    case_languages = _incidence([case.languages for case in cases], vocabulary)
    location_languages = _incidence(
        [location.languages & vocabulary.keys() for location in locations], vocabulary
    )
    language = (case_languages @ location_languages.T > 0).astype(np.float64)

    nationalities = sorted({case.nationality for case in cases if case.nationality})
    nation_index = {code: index for index, code in enumerate(nationalities)}
    diaspora = _incidence(
        [location.diaspora_nationalities & nation_index.keys() for location in locations],
        nation_index,
    )
    case_nation = np.array([nation_index.get(case.nationality, -1) for case in cases], dtype=int)
    community = np.zeros((len(cases), len(locations)))
    known = case_nation >= 0
    community[known] = diaspora[:, case_nation[known]].T

    index = {location.location_id: column for column, location in enumerate(locations)}
    preference = np.zeros((len(cases), len(locations)))
    family = np.zeros((len(cases), len(locations)))
    for row, case in enumerate(cases):
        for rank, location_id in enumerate(case.preferred_location_ids):
            column = index.get(location_id)
            if column is not None and preference[row, column] == 0:
                preference[row, column] = (
                    weights.first_preference if rank == 0 else weights.other_preference
                )
        if case.family_location_id in index:
            family[row, index[case.family_location_id]] = weights.family
    return {
        "language": language * weights.language,
        "community": community * weights.community,
        "preference": preference,
        "family": family,
    }


@dataclass(frozen=True)
class ScoreTable:
    """The score of every pair and where it came from."""

    scores: FloatMatrix
    given: npt.NDArray[np.bool_]
    components: dict[str, FloatMatrix]

    def breakdown(self, row: int, column: int) -> dict[str, float]:
        if self.given[row, column]:
            return {"expected_outcome": float(self.scores[row, column])}
        return {name: float(self.components[name][row, column]) for name in COMPONENTS}


def score_table(instance: Instance, weights: RuleWeights | None = None) -> ScoreTable:
    components = rule_components(instance, weights or RuleWeights())
    rule = sum(components.values(), np.zeros((len(instance.cases), len(instance.locations))))
    if instance.scores is None:
        given = np.zeros(rule.shape, dtype=bool)
        return ScoreTable(scores=rule, given=given, components=components)
    given = ~np.isnan(instance.scores)
    scores = np.where(given, instance.scores, rule)
    return ScoreTable(scores=scores, given=given, components=components)
