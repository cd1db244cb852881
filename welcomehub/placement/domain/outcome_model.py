"""Expected outcomes learnt from history, their calibration, and off-policy gain estimates.

Pure Python (numpy, scikit-learn); no Django. The caller turns outcome rows into
`HistoryRecord`s: a placed case as it was at placement, where it went, and whether the
household was employed 90 days / 12 months later (None when not yet known).

Model: one scikit-learn `HistGradientBoostingClassifier` (gradient boosting on
histograms) for all locations, on the case's attributes (size, school-age children,
adults, needs, number of languages, family tie, nationality, gender of the head), the
location as a categorical feature (one learnt effect per location, and interactions
with case attributes through the trees; a location unseen in training is treated as
missing, i.e. the trees' default branch), and pair features (a shared language, a
diaspora of the case's nationality, a stated preference, the family location). One
pooled model rather than one per location: most locations have too few records for a
model of their own, and the categorical location feature lets the trees split by
location where the data supports it. `OutcomeModel.score_matrix(instance)` gives the
predicted probability of employment for every pair, to pass as `Instance.scores`.

Calibration is measured by k-fold cross-validation (out-of-fold predictions): Brier
score against the base-rate Brier score, log loss, AUC, and a reliability table per
decile of predicted probability (mean prediction beside the observed rate).

Gains are not reported from predictions (a model grades its own recommendations too
kindly) but estimated off-policy: the propensity of each historical assignment is
estimated from the history by multinomial logistic regression of the location on the
case attributes, floored at `clip`; the mean outcome under a recommended policy is the
self-normalised inverse-propensity-weighted mean over the records whose historical
location is the one the policy recommends (sum w y / sum w, w = 1 / max(p, clip)); the
gain is that minus the historical mean, with a percentile bootstrap interval over
records (propensities fitted once). `cross_fitted_scores` predicts each record's scores
from a model that did not see it, so a policy built on them is not fitted to the very
outcomes it is judged on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

from welcomehub.placement.domain.model import Case, Instance, Location

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
HORIZONS = ("employed_90d", "employed_12m")
MAX_CATEGORIES = 250  # HistGradientBoosting's limit for one categorical feature


@dataclass(frozen=True)
class HistoryRecord:
    case: Case
    location_id: str
    employed_90d: bool | None = None
    employed_12m: bool | None = None

    def outcome(self, horizon: str) -> bool | None:
        if horizon not in HORIZONS:
            raise ValueError(f"unknown horizon {horizon!r}; expected one of {HORIZONS}")
        value: bool | None = getattr(self, horizon)
        return value


@dataclass(frozen=True)
class Encoder:
    """Fixed vocabularies, so training and prediction columns line up."""

    needs: tuple[str, ...]
    nationalities: tuple[str, ...]
    genders: tuple[str, ...]
    location_ids: tuple[str, ...]

    @classmethod
    def fit(cls, cases: Sequence[Case], location_ids: Sequence[str]) -> Encoder:
        counts: dict[str, int] = {}
        for location_id in location_ids:
            counts[location_id] = counts.get(location_id, 0) + 1
        # The most frequent locations get a category; any beyond the limit are "missing".
        kept = sorted(counts, key=lambda key: (-counts[key], key))[:MAX_CATEGORIES]
        return cls(
            needs=tuple(sorted({need for case in cases for need in case.needs})),
            nationalities=tuple(sorted({case.nationality for case in cases})),
            genders=tuple(sorted({case.head_gender for case in cases})),
            location_ids=tuple(sorted(kept)),
        )

    @property
    def case_names(self) -> tuple[str, ...]:
        return (
            "size",
            "school_age_children",
            "adults",
            "languages",
            "family_tie",
            *(f"need:{code}" for code in self.needs),
            *(f"nationality:{code}" for code in self.nationalities),
            *(f"head_gender:{code}" for code in self.genders),
        )

    def cases(self, cases: Sequence[Case]) -> FloatArray:
        """(cases, case features)."""
        need = {code: k for k, code in enumerate(self.needs)}
        nation = {code: k for k, code in enumerate(self.nationalities)}
        gender = {code: k for k, code in enumerate(self.genders)}
        base = 5
        out = np.zeros((len(cases), len(self.case_names)))
        for row, case in enumerate(cases):
            out[row, :base] = (
                case.size,
                case.school_age_children,
                max(case.size - case.school_age_children, 1),
                len(case.languages),
                float(bool(case.family_location_id)),
            )
            for code in case.needs:
                if code in need:
                    out[row, base + need[code]] = 1.0
            offset = base + len(self.needs)
            if case.nationality in nation:
                out[row, offset + nation[case.nationality]] = 1.0
            offset += len(self.nationalities)
            if case.head_gender in gender:
                out[row, offset + gender[case.head_gender]] = 1.0
        return out

    def pairs(self, cases: Sequence[Case], locations: Sequence[Location]) -> FloatArray:
        """(cases * locations, all features), row i * len(locations) + j for pair (i, j):
        case features, the location category (NaN when unknown) and pair features."""
        case_part = self.cases(cases)
        n, m = len(cases), len(locations)
        category = {location_id: float(k) for k, location_id in enumerate(self.location_ids)}
        location_code = np.array([category.get(loc.location_id, np.nan) for loc in locations])
        pair = np.zeros((n, m, 4))
        for i, case in enumerate(cases):
            for j, loc in enumerate(locations):
                pair[i, j] = (
                    float(bool(case.languages & loc.languages)),
                    float(case.nationality in loc.diaspora_nationalities),
                    float(loc.location_id in case.preferred_location_ids),
                    float(case.family_location_id == loc.location_id),
                )
        return np.concatenate(
            [
                np.repeat(case_part, m, axis=0),
                np.tile(location_code, n)[:, None],
                pair.reshape(n * m, 4),
            ],
            axis=1,
        )

    def records(
        self, records: Sequence[HistoryRecord], locations: Sequence[Location]
    ) -> FloatArray:
        """One row per record: its case at its historical location."""
        index = {loc.location_id: loc for loc in locations}
        rows = [self.pairs([record.case], [index[record.location_id]])[0] for record in records]
        return np.array(rows).reshape(len(records), -1)

    @property
    def location_column(self) -> int:
        return len(self.case_names)


@dataclass(frozen=True)
class ReliabilityBin:
    lower: float
    upper: float
    mean_predicted: float
    observed: float
    count: int


@dataclass(frozen=True)
class Calibration:
    """Out-of-fold figures from k-fold cross-validation."""

    folds: int
    records: int
    base_rate: float
    brier: float
    brier_base_rate: float  # Brier score of always predicting the base rate
    log_loss: float
    auc: float
    reliability: tuple[ReliabilityBin, ...]


@dataclass
class OutcomeModel:
    horizon: str
    encoder: Encoder
    estimator: HistGradientBoostingClassifier
    calibration: Calibration | None = None

    def predict(self, cases: Sequence[Case], locations: Sequence[Location]) -> FloatArray:
        """(cases, locations) predicted probability of employment at the horizon."""
        if not cases or not locations:
            return np.zeros((len(cases), len(locations)))
        features = self.encoder.pairs(cases, locations)
        probability = self.estimator.predict_proba(features)[:, 1]
        return np.asarray(probability, dtype=np.float64).reshape(len(cases), len(locations))

    def score_matrix(self, instance: Instance) -> FloatArray:
        """Scores for `Instance.scores`: the predicted probability of every pair."""
        return self.predict(instance.cases, instance.locations)


def _labelled(records: Sequence[HistoryRecord], horizon: str) -> list[HistoryRecord]:
    return [record for record in records if record.outcome(horizon) is not None]


def _estimator(encoder: Encoder, seed: int) -> HistGradientBoostingClassifier:
    n_features = encoder.location_column + 5
    categorical = np.zeros(n_features, dtype=bool)
    categorical[encoder.location_column] = True
    return HistGradientBoostingClassifier(
        # Chosen on the synthetic history (bench/placement/history.py): out-of-fold Brier
        # 0.2086 against 0.2099 for 0.1 / 40, with deciles closer to their observed rates.
        max_iter=100,
        learning_rate=0.05,
        max_leaf_nodes=15,
        min_samples_leaf=50,
        l2_regularization=1.0,
        categorical_features=categorical,
        early_stopping=False,
        random_state=seed,
    )


def _reliability(predicted: FloatArray, observed: FloatArray) -> tuple[ReliabilityBin, ...]:
    """Ten bins of equal count (deciles of the prediction)."""
    order = np.argsort(predicted, kind="stable")
    bins = []
    for chunk in np.array_split(order, 10):
        if not len(chunk):
            continue
        bins.append(
            ReliabilityBin(
                lower=float(predicted[chunk].min()),
                upper=float(predicted[chunk].max()),
                mean_predicted=float(predicted[chunk].mean()),
                observed=float(observed[chunk].mean()),
                count=len(chunk),
            )
        )
    return tuple(bins)


def fit(
    records: Sequence[HistoryRecord],
    locations: Sequence[Location],
    *,
    horizon: str = "employed_90d",
    folds: int = 5,
    seed: int = 0,
) -> OutcomeModel:
    """The model on every labelled record, with its cross-validated calibration."""
    labelled = _labelled(records, horizon)
    outcomes = np.array([float(bool(r.outcome(horizon))) for r in labelled])
    if len(labelled) < 2 * folds or len(set(outcomes.tolist())) < 2:
        raise ValueError(
            f"need at least {2 * folds} records with both outcomes at {horizon}, "
            f"have {len(labelled)}"
        )
    encoder = Encoder.fit([r.case for r in labelled], [r.location_id for r in labelled])
    features = encoder.records(labelled, locations)
    out_of_fold = np.zeros(len(labelled))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(features, outcomes):
        estimator = _estimator(encoder, seed).fit(features[train], outcomes[train])
        out_of_fold[test] = estimator.predict_proba(features[test])[:, 1]
    base_rate = float(outcomes.mean())
    calibration = Calibration(
        folds=folds,
        records=len(labelled),
        base_rate=base_rate,
        brier=float(brier_score_loss(outcomes, out_of_fold)),
        brier_base_rate=float(np.mean((outcomes - base_rate) ** 2)),
        log_loss=float(log_loss(outcomes, np.clip(out_of_fold, 1e-6, 1 - 1e-6))),
        auc=float(roc_auc_score(outcomes, out_of_fold)),
        reliability=_reliability(out_of_fold, outcomes),
    )
    estimator = _estimator(encoder, seed).fit(features, outcomes)
    return OutcomeModel(horizon, encoder, estimator, calibration)


def cross_fitted_scores(
    records: Sequence[HistoryRecord],
    locations: Sequence[Location],
    *,
    horizon: str = "employed_90d",
    folds: int = 5,
    seed: int = 0,
) -> FloatArray:
    """(labelled records, locations): each record's predicted outcome at every location
    from a model fitted without its fold (records in the order of `labelled_records`)."""
    labelled = _labelled(records, horizon)
    outcomes = np.array([float(bool(r.outcome(horizon))) for r in labelled])
    encoder = Encoder.fit([r.case for r in labelled], [r.location_id for r in labelled])
    features = encoder.records(labelled, locations)
    scores = np.zeros((len(labelled), len(locations)))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(features, outcomes):
        estimator = _estimator(encoder, seed).fit(features[train], outcomes[train])
        model = OutcomeModel(horizon, encoder, estimator)
        scores[test] = model.predict([labelled[i].case for i in test], locations)
    return scores


def labelled_records(records: Sequence[HistoryRecord], horizon: str) -> list[HistoryRecord]:
    """The records with a known outcome at `horizon`, in order."""
    return _labelled(records, horizon)


def propensities(
    records: Sequence[HistoryRecord], locations: Sequence[Location], *, seed: int = 0
) -> FloatArray:
    """(records, locations): estimated probability that each record's case would have
    gone to each location under the historical practice (multinomial logistic
    regression of the location on the case attributes); 0 for locations never used."""
    encoder = Encoder.fit([r.case for r in records], [r.location_id for r in records])
    features = StandardScaler().fit_transform(encoder.cases([r.case for r in records]))
    column = {loc.location_id: j for j, loc in enumerate(locations)}
    target = np.array([column[r.location_id] for r in records])
    out = np.zeros((len(records), len(locations)))
    used = np.unique(target)
    if len(used) == 1:
        out[:, used[0]] = 1.0
        return out
    regression = LogisticRegression(C=1.0, max_iter=2000, random_state=seed)
    regression.fit(features, target)
    out[:, regression.classes_] = regression.predict_proba(features)
    return out


@dataclass(frozen=True)
class GainEstimate:
    horizon: str
    records: int
    historical: float  # observed mean outcome under the historical placements
    policy: float  # IPW estimate of the mean outcome under the recommended policy
    gain: float  # policy - historical
    interval: tuple[float, float]  # percentile bootstrap interval of the gain
    level: float
    matched: int  # records whose historical location is the recommended one
    effective_sample_size: float  # (sum w)^2 / sum w^2 over the matched records
    clip: float
    notes: tuple[str, ...] = field(default_factory=tuple)


def ipw_gain(
    records: Sequence[HistoryRecord],
    locations: Sequence[Location],
    policy: Mapping[str, str] | Sequence[str],
    *,
    horizon: str = "employed_90d",
    clip: float = 0.02,
    bootstrap: int = 500,
    level: float = 0.95,
    seed: int = 0,
    propensity: FloatArray | None = None,
) -> GainEstimate:
    """Off-policy estimate of the mean outcome if each labelled record's case had gone
    where `policy` says (by case id, or a location id per labelled record in order).

    `propensity` may give the (labelled records, locations) propensities; otherwise
    they are estimated by `propensities`."""
    labelled = _labelled(records, horizon)
    if isinstance(policy, Mapping):
        chosen = [policy.get(r.case.case_id, "") for r in labelled]
    else:
        chosen = list(policy)
        if len(chosen) != len(labelled):
            raise ValueError(f"policy has {len(chosen)} entries for {len(labelled)} records")
    column = {loc.location_id: j for j, loc in enumerate(locations)}
    y = np.array([float(bool(r.outcome(horizon))) for r in labelled])
    historical = np.array([column[r.location_id] for r in labelled])
    p = propensities(labelled, locations, seed=seed) if propensity is None else propensity
    p_hist = p[np.arange(len(labelled)), historical]
    weight = 1.0 / np.maximum(p_hist, clip)
    match = np.array([choice == r.location_id for choice, r in zip(chosen, labelled, strict=True)])
    notes: list[str] = []
    clipped = int(np.sum(match & (p_hist < clip)))
    if clipped:
        notes.append(f"{clipped} matched records had propensities below {clip} and were clipped.")

    def estimate(rows: IntArray) -> tuple[float, float]:
        w = weight[rows] * match[rows]
        total = w.sum()
        value = float((w * y[rows]).sum() / total) if total > 0 else float("nan")
        return value, float(y[rows].mean())

    every = np.arange(len(labelled))
    policy_value, historical_value = estimate(every)
    rng = np.random.default_rng(seed)
    gains = []
    for _ in range(bootstrap):
        value, base = estimate(rng.integers(len(labelled), size=len(labelled)))
        if np.isfinite(value):
            gains.append(value - base)
    tail = (1 - level) / 2
    interval = (
        (float(np.quantile(gains, tail)), float(np.quantile(gains, 1 - tail)))
        if gains
        else (float("nan"), float("nan"))
    )
    w = weight[match]
    ess = float(w.sum() ** 2 / (w**2).sum()) if len(w) else 0.0
    if ess < 30:
        notes.append(f"Only {ess:.0f} effective matched records: the estimate is unreliable.")
    return GainEstimate(
        horizon=horizon,
        records=len(labelled),
        historical=historical_value,
        policy=policy_value,
        gain=policy_value - historical_value,
        interval=interval,
        level=level,
        matched=int(match.sum()),
        effective_sample_size=ess,
        clip=clip,
        notes=tuple(notes),
    )
