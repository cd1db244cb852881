"""Expected-employment models of a programme, trained on its own placement history.

History: households of the programme placed at a place one of its placement locations
covers, with an arrival date, and an answer to the employment question (`work_paid`,
domain `work`) within the horizon's window after arrival from a member with an active
consent to aggregate statistics (no other answer is read). The household counts as
employed when any such member answered yes. The model itself (gradient
boosting per location, cross-validated calibration, inverse-propensity estimate) is the
pure `domain/outcome_model.py`; this module only reads rows, stores and audits.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import logging
import math
import pickle
from types import ModuleType
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from threadpoolctl import threadpool_limits

from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.outcomes.models import Observation
from welcomehub.people.models import Consent, Household
from welcomehub.placement.domain import Instance, Location, Solution
from welcomehub.placement.models import (
    ModelStatus,
    OutcomeHorizon,
    OutcomeModel,
    PlacementLocation,
)
from welcomehub.programmes.models import Programme

logger = logging.getLogger(__name__)

EMPLOYMENT_QUESTION = "work_paid"
# Only answers of people who agreed to their data being used for aggregate statistics
STATISTICS_PURPOSE = "aggregate_statistics"
# Days after arrival in which an answer counts for each horizon.
HORIZONS = {OutcomeHorizon.DAYS_90: "employed_90d", OutcomeHorizon.MONTHS_12: "employed_12m"}
WINDOWS = {
    OutcomeHorizon.DAYS_90: (60, 150),
    OutcomeHorizon.MONTHS_12: (300, 450),
}
MIN_SAMPLES = 30  # fewer placed households with an outcome: no model is trained


# scikit-learn calls run with one OpenMP thread (`threadpool_limits(1)`): gradient
# boosting spins its threads, and on a busy machine (the web server, its worker, other
# jobs on 2 cores) that made a 0.2 s fit of 40 records take 19 s.


def _engine() -> ModuleType | None:
    try:
        return importlib.import_module("welcomehub.placement.domain.outcome_model")
    except ModuleNotFoundError:
        return None


def _locations(programme: Programme) -> tuple[dict[int, PlacementLocation], list[Location]]:
    """One placement location per place of the programme (the earliest period's), as the
    history knows places, not periods; and the engine's view of them."""
    from welcomehub.placement import services

    by_place: dict[int, PlacementLocation] = {}
    for location in PlacementLocation.objects.filter(programme=programme).order_by("period", "pk"):
        by_place.setdefault(location.place_id, location)
    return by_place, [services.location_of(location) for location in by_place.values()]


def history(programme: Programme) -> tuple[list[Any], list[Location]]:
    """`HistoryRecord`s of the programme's households placed at one of its locations'
    places, with an arrival date and an employment answer in a horizon's window; and the
    locations. A household is employed when any member answered yes in the window."""
    from welcomehub.placement import services

    engine = _engine()
    assert engine is not None
    by_place, locations = _locations(programme)
    households = {
        household.pk: household
        for household in Household.objects.filter(
            programme=programme, location_id__in=by_place, arrival_date__isnull=False
        ).prefetch_related("members")
    }
    answers: dict[tuple[int, str], bool] = {}
    consented = Consent.objects.filter(
        purpose=STATISTICS_PURPOSE, withdrawn_at__isnull=True, person__household_id__in=households
    ).values("person_id")
    observations = Observation.objects.filter(
        question__code=EMPLOYMENT_QUESTION,
        assessment__person__household_id__in=households,
        assessment__person_id__in=consented,
    ).values_list("assessment__person__household_id", "assessment__date", "value")
    for household_id, date, value in observations:
        arrival = households[household_id].arrival_date
        assert arrival is not None
        for horizon, (start, end) in WINDOWS.items():
            if start <= (date - arrival).days <= end:
                key = (household_id, horizon)
                answers[key] = answers.get(key, False) or value == 1
    records = []
    for household_id in sorted({household_id for household_id, _horizon in answers}):
        household = households[household_id]
        arrival = household.arrival_date
        assert arrival is not None
        assert household.location_id is not None
        records.append(
            engine.HistoryRecord(
                case=services.case_of(household, arrival),
                location_id=str(by_place[household.location_id].pk),
                employed_90d=answers.get((household_id, OutcomeHorizon.DAYS_90)),
                employed_12m=answers.get((household_id, OutcomeHorizon.MONTHS_12)),
            )
        )
    return records, locations


@transaction.atomic
def model_queue(
    *, actor: Any, programme: Programme, horizon: str, channel: str = AuditChannel.WEB
) -> OutcomeModel:
    if horizon not in OutcomeHorizon.values:
        raise ValidationError({"horizon": _("Choose an outcome.")})
    if _engine() is None:
        raise ValidationError(_("The outcome model is not available in this installation."))
    model = OutcomeModel(
        programme=programme,
        horizon=horizon,
        status=ModelStatus.QUEUED,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    model.full_clean()
    model.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=model,
        organisation_id=programme.lead_id,
        channel=channel,
        detail={"horizon": horizon},
    )
    return model


def _end(model: OutcomeModel, **values: Any) -> OutcomeModel:
    with transaction.atomic():
        for name, value in values.items():
            setattr(model, name, value)
        model.finished_at = timezone.now()
        model.full_clean(exclude=["fitted"])
        model.save()
        audit_record(
            actor=model.created_by,
            action=AuditAction.UPDATE,
            obj=model,
            organisation_id=model.programme.lead_id,
            channel=AuditChannel.SYSTEM,
            detail={"status": model.status, "samples": model.samples},
        )
    return model


def model_train(*, outcome_model_id: int) -> OutcomeModel | None:
    """Train a queued model (the background task's work); None when it has gone."""
    model = OutcomeModel.objects.select_related("programme").filter(pk=outcome_model_id).first()
    if model is None or model.status != ModelStatus.QUEUED:
        return model
    OutcomeModel.objects.filter(pk=model.pk).update(status=ModelStatus.TRAINING)
    engine = _engine()
    if engine is None:
        return _end(model, status=ModelStatus.FAILED, message=_("No outcome model engine."))
    records, locations = history(model.programme)
    horizon = HORIZONS[OutcomeHorizon(model.horizon)]
    samples = engine.labelled_records(records, horizon)
    positives = sum(bool(record.outcome(horizon)) for record in samples)
    if len(samples) < MIN_SAMPLES or positives in (0, len(samples)):
        return _end(
            model,
            status=ModelStatus.INSUFFICIENT,
            samples=len(samples),
            message=_(
                "%(count)d placed households with an employment answer; at least %(minimum)d "
                "are needed, with both outcomes."
            )
            % {"count": len(samples), "minimum": MIN_SAMPLES},
        )
    try:
        with threadpool_limits(1):
            fitted = engine.fit(records, locations, horizon=horizon)
        data = pickle.dumps(fitted)
    except Exception:
        logger.exception("outcome model %s failed", model.pk)
        return _end(
            model,
            status=ModelStatus.FAILED,
            samples=len(samples),
            message=_("Training stopped with an error; the details are in the server log."),
        )
    return _end(
        model,
        status=ModelStatus.READY,
        samples=len(samples),
        base_rate=positives / len(samples),
        calibration=_figures(fitted.calibration),
        fitted=data,
        digest=hashlib.sha256(data).hexdigest(),
        message="",
    )


def _figures(calibration: Any) -> dict[str, Any]:
    """The cross-validated calibration as stored and shown."""
    return {
        "folds": calibration.folds,
        "records": calibration.records,
        "base_rate": calibration.base_rate,
        "brier": calibration.brier,
        "brier_base": calibration.brier_base_rate,
        "log_loss": calibration.log_loss,
        "auc": calibration.auc,
        "bins": [[b.mean_predicted, b.observed, b.count] for b in calibration.reliability],
    }


def load(model: OutcomeModel) -> Any:
    """The fitted domain model; refused when the stored bytes do not match their digest."""
    data = bytes(model.fitted or b"")
    if not data or hashlib.sha256(data).hexdigest() != model.digest:
        raise ValueError(f"outcome model {model.pk}: stored model does not match its digest")
    return pickle.loads(data)  # noqa: S301 - written by model_train, checked above  # nosec B301 - bytes written by model_train and digest-checked


def with_scores(model: OutcomeModel, instance: Instance) -> Instance:
    """The instance with every pair scored by the model's expected employment."""
    with threadpool_limits(1):
        return dataclasses.replace(instance, scores=load(model).score_matrix(instance))


def policy_estimate(model: OutcomeModel, options: Any, seconds: float) -> dict[str, Any]:
    """Off-policy (inverse propensity weighted) estimate of the employment gain of the
    run's policy over the historical placements: the engine, with the run's options and
    the model's scores cross-fitted on the history (no record scores itself), places the
    historical households within what history used of each location; the estimate
    re-weights the observed outcomes of the records whose historical location the policy
    chose. Empty when there is too little history."""
    from welcomehub.placement.domain.solver import solve

    engine = _engine()
    assert engine is not None
    horizon = HORIZONS[OutcomeHorizon(model.horizon)]
    records, locations = history(model.programme)
    labelled = engine.labelled_records(records, horizon)
    if len(labelled) < MIN_SAMPLES:
        return {}
    with threadpool_limits(1):
        scores = engine.cross_fitted_scores(records, locations, horizon=horizon)
    used: dict[str, list[int]] = {location.location_id: [0, 0, 0] for location in locations}
    for record in labelled:
        for index, amount in enumerate(record.case.demand):
            used[record.location_id][index] += amount
    capped = tuple(
        dataclasses.replace(
            location,
            capacity_persons=used[location.location_id][0],
            capacity_school_places=used[location.location_id][1],
            capacity_medical_cases=used[location.location_id][2],
        )
        for location in locations
    )
    instance = Instance(
        cases=tuple(record.case for record in labelled), locations=capped, scores=scores
    )
    solution: Solution = solve(
        instance, dataclasses.replace(options, time_limit=seconds, warm_start=None)
    )
    policy = dict(solution.assignments)
    with threadpool_limits(1):
        estimate = engine.ipw_gain(labelled, locations, policy, horizon=horizon)
    if not math.isfinite(estimate.gain):
        return {}
    return {
        "horizon": model.horizon,
        "samples": estimate.records,
        "historical": estimate.historical,
        "policy": estimate.policy,
        "gain": estimate.gain,
        "low": estimate.interval[0],
        "high": estimate.interval[1],
        "level": round(estimate.level * 100),
        "matched": estimate.matched,
        "effective_sample_size": estimate.effective_sample_size,
        "notes": list(estimate.notes),
    }
