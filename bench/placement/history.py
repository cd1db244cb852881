"""Synthetic placement history with a planted outcome model and a known historical policy.

Cases as in `generate.py`; locations with services, languages and diaspora communities.
The historical practice sent case i to location j with probability softmax_j(b_j +
c_{nationality(i), j} + d_j * size_i) (caseworkers favour some locations for some
nationalities and family sizes): a function of the case's attributes only, so the
propensity model of `outcome_model.propensities` is well specified. Employment at 90
days is Bernoulli(sigmoid(alpha_i + beta_j + LANGUAGE * shared language + DIASPORA *
diaspora + gamma_j * school-age children)), with alpha from the case's attributes: the
planted effect a better placement can gain. 12-month employment adds 0.5 to the logit.

    .venv/bin/python -m bench.placement.history [--records 6000] [--locations 8] [--seed 0]

fits the outcome model, prints its cross-validated calibration, and compares the
inverse-propensity estimate of the gain of the model's recommendations (cross-fitted,
each case at its best predicted location) with the true gain from the planted model.
"""

from __future__ import annotations

import argparse
import dataclasses
from dataclasses import dataclass

import numpy as np

from welcomehub.placement.domain import Case, Location
from welcomehub.placement.domain.outcome_model import (
    HistoryRecord,
    cross_fitted_scores,
    fit,
    ipw_gain,
    labelled_records,
)

from .generate import NATIONALITIES, _cases, _locations

LANGUAGE = 0.8
DIASPORA = 0.5
GENDERS = ("female", "male")


@dataclass(frozen=True)
class Truth:
    """The planted model: true outcome probabilities and historical propensities."""

    probability: np.ndarray  # (records, locations) at 90 days
    propensity: np.ndarray  # (records, locations)

    def value(self, columns: np.ndarray) -> float:
        """The true mean 90-day outcome if record r went to location columns[r]."""
        return float(self.probability[np.arange(len(columns)), columns].mean())


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-x)))


def generate_history(
    n_records: int, n_locations: int, seed: int = 0
) -> tuple[list[HistoryRecord], tuple[Location, ...], Truth]:
    rng = np.random.default_rng(seed)
    locations = tuple(_locations(rng, n_locations))
    cases: list[Case] = [
        dataclasses.replace(case, head_gender=str(rng.choice(GENDERS)), family_location_id=None)
        for case in _cases(rng, n_records, n_locations)
    ]
    nationality = {code: k for k, code in enumerate(NATIONALITIES)}
    nat = np.array([nationality[case.nationality] for case in cases])
    size = np.array([case.size for case in cases], dtype=float)
    children = np.array([case.school_age_children for case in cases], dtype=float)
    female = np.array([case.head_gender == "female" for case in cases], dtype=float)
    # Historical practice.
    b = rng.normal(0.0, 0.5, size=n_locations)
    c = rng.normal(0.0, 0.8, size=(len(NATIONALITIES), n_locations))
    d = rng.normal(0.0, 0.15, size=n_locations)
    logits = b[None, :] + c[nat] + d[None, :] * size[:, None]
    propensity = np.exp(logits - logits.max(axis=1, keepdims=True))
    propensity /= propensity.sum(axis=1, keepdims=True)
    historical = np.array([rng.choice(n_locations, p=row) for row in propensity])
    # Outcomes.
    alpha = -0.3 - 0.1 * (size - 3) - 0.3 * female + rng.normal(0.0, 0.3, size=n_records)
    beta = rng.normal(0.0, 0.6, size=n_locations)
    gamma = rng.normal(0.0, 0.2, size=n_locations)
    language = np.array([[bool(x.languages & loc.languages) for loc in locations] for x in cases])
    diaspora = np.array(
        [[x.nationality in loc.diaspora_nationalities for loc in locations] for x in cases]
    )
    logit = (
        alpha[:, None]
        + beta[None, :]
        + LANGUAGE * language
        + DIASPORA * diaspora
        + gamma[None, :] * children[:, None]
    )
    probability = _sigmoid(logit)
    rows = np.arange(n_records)
    employed_90d = rng.random(n_records) < probability[rows, historical]
    employed_12m = rng.random(n_records) < _sigmoid(logit[rows, historical] + 0.5)
    records = [
        HistoryRecord(
            case=case,
            location_id=locations[historical[i]].location_id,
            employed_90d=bool(employed_90d[i]),
            employed_12m=bool(employed_12m[i]),
        )
        for i, case in enumerate(cases)
    ]
    return records, locations, Truth(probability, propensity)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=6000)
    parser.add_argument("--locations", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    records, locations, truth = generate_history(args.records, args.locations, args.seed)
    model = fit(records, locations)
    calibration = model.calibration
    assert calibration is not None
    print(
        f"{calibration.records} records, {calibration.folds}-fold cross-validation: "
        f"Brier {calibration.brier:.4f} (base rate {calibration.base_rate:.3f}: "
        f"{calibration.brier_base_rate:.4f}), log loss {calibration.log_loss:.4f}, "
        f"AUC {calibration.auc:.3f}"
    )
    print("decile  predicted  observed  count")
    for k, row in enumerate(calibration.reliability, 1):
        print(f"{k:>6}  {row.mean_predicted:>9.3f}  {row.observed:>8.3f}  {row.count:>5}")
    labelled = labelled_records(records, "employed_90d")
    scores = cross_fitted_scores(records, locations)
    best = scores.argmax(axis=1)
    policy = [locations[j].location_id for j in best]
    estimate = ipw_gain(records, locations, policy)
    column = {loc.location_id: j for j, loc in enumerate(locations)}
    historical = np.array([column[r.location_id] for r in labelled])
    true_gain = truth.value(best) - truth.value(historical)
    low, high = estimate.interval
    print(
        f"recommended policy: IPW mean {estimate.policy:.4f} vs historical "
        f"{estimate.historical:.4f}: gain {estimate.gain:+.4f} "
        f"({100 * estimate.level:.0f}% bootstrap interval {low:+.4f} to {high:+.4f}; "
        f"{estimate.matched} matched records, effective {estimate.effective_sample_size:.0f})"
    )
    rows = np.arange(len(best))
    claimed = scores[rows, best].mean() - scores[rows, historical].mean()
    print(
        f"planted truth: {truth.value(best):.4f} vs {truth.value(historical):.4f}: "
        f"gain {true_gain:+.4f}; the model's own predictions claim {claimed:+.4f}"
    )


if __name__ == "__main__":
    main()
