"""The outcome model, its calibration and the off-policy gain estimate (no database).

The synthetic history (bench/placement/history.py) plants a known outcome model and a
known historical practice, so the estimator can be checked against the truth."""

from __future__ import annotations

import numpy as np
import pytest

from bench.placement.history import Truth, generate_history
from welcomehub.placement.domain import Instance, Location
from welcomehub.placement.domain.outcome_model import (
    HistoryRecord,
    cross_fitted_scores,
    fit,
    ipw_gain,
    labelled_records,
    propensities,
)
from welcomehub.placement.domain.solver import Options, solve

History = tuple[list[HistoryRecord], tuple[Location, ...], Truth]


@pytest.fixture(scope="module")
def history() -> History:
    return generate_history(4000, 6, seed=1)


def test_model_is_calibrated_and_beats_the_base_rate(history: History) -> None:
    records, locations, truth = history
    model = fit(records, locations, folds=4)
    calibration = model.calibration
    assert calibration is not None
    assert calibration.records == 4000
    assert calibration.brier < calibration.brier_base_rate
    assert calibration.auc > 0.6
    assert sum(row.count for row in calibration.reliability) == 4000
    assert len(calibration.reliability) == 10
    for row in calibration.reliability:
        assert abs(row.mean_predicted - row.observed) < 0.12
    # Predictions track the planted probabilities.
    predicted = model.predict([r.case for r in records[:500]], locations)
    assert predicted.shape == (500, 6)
    correlation = np.corrcoef(predicted.ravel(), truth.probability[:500].ravel())[0, 1]
    assert correlation > 0.7


def test_score_matrix_feeds_the_engine(history: History) -> None:
    records, locations, _ = history
    model = fit(records[:800], locations, folds=3)
    cases = tuple(r.case for r in records[:30])
    instance = Instance(cases=cases, locations=locations)
    scores = model.score_matrix(instance)
    assert scores.shape == (30, 6)
    assert np.all((scores >= 0) & (scores <= 1))
    sized = tuple(
        loc.__class__(loc.location_id, capacity_persons=40, capacity_school_places=40,
                      capacity_medical_cases=10, services=loc.services)
        for loc in locations
    )  # fmt: skip
    solution = solve(Instance(cases=cases, locations=sized, scores=scores), Options(time_limit=5))
    for case_id, _ in solution.assignments:
        assert "expected_outcome" in solution.explanations[case_id].breakdown


def test_propensities_recover_the_historical_practice(history: History) -> None:
    records, locations, truth = history
    estimated = propensities(records, locations)
    assert np.allclose(estimated.sum(axis=1), 1.0)
    assert np.mean(np.abs(estimated - truth.propensity)) < 0.03


def test_ipw_recovers_the_planted_gain_of_a_better_policy(history: History) -> None:
    records, locations, truth = history
    labelled = labelled_records(records, "employed_90d")
    column = {loc.location_id: j for j, loc in enumerate(locations)}
    historical = np.array([column[r.location_id] for r in labelled])
    best = truth.probability.argmax(axis=1)
    estimate = ipw_gain(records, locations, [locations[j].location_id for j in best], seed=3)
    true_gain = truth.value(best) - truth.value(historical)
    assert true_gain > 0.1  # the planted effect is real
    low, high = estimate.interval
    assert low <= true_gain <= high
    assert low > 0
    assert abs(estimate.gain - true_gain) < 0.05
    assert estimate.matched > 300


def test_ipw_of_the_historical_policy_finds_no_gain(history: History) -> None:
    records, locations, _ = history
    policy = {r.case.case_id: r.location_id for r in records}
    estimate = ipw_gain(records, locations, policy)
    assert estimate.matched == len(records)
    low, high = estimate.interval
    assert low <= 0.0 <= high
    assert abs(estimate.gain) < 0.02


def test_cross_fitted_policy_gain_is_estimated_not_predicted(history: History) -> None:
    records, locations, truth = history
    scores = cross_fitted_scores(records, locations, folds=4)
    best = scores.argmax(axis=1)
    estimate = ipw_gain(records, locations, [locations[j].location_id for j in best])
    labelled = labelled_records(records, "employed_90d")
    column = {loc.location_id: j for j, loc in enumerate(locations)}
    historical = np.array([column[r.location_id] for r in labelled])
    true_gain = truth.value(best) - truth.value(historical)
    low, high = estimate.interval
    assert low <= true_gain <= high


def test_bad_input_is_refused(history: History) -> None:
    records, locations, _ = history
    with pytest.raises(ValueError, match="horizon"):
        fit(records, locations, horizon="employed_5y")
    unlabelled = [HistoryRecord(r.case, r.location_id) for r in records[:50]]
    with pytest.raises(ValueError, match="need at least"):
        fit(unlabelled, locations)
    with pytest.raises(ValueError, match="entries"):
        ipw_gain(records, locations, ["L0000"])
