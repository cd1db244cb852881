"""Expected-employment models of a programme, trained on its own placement history.

History: households of the programme placed at a place one of its placement locations
covers, with an arrival date, and an answer to the employment question (`work_paid`,
domain `work`) from one of their members within the horizon's window after arrival. The
household counts as employed when any member answered yes. The model itself (gradient
boosting per location, cross-validated calibration, inverse-propensity estimate) is the
pure `domain/outcome_model.py`; this module only reads rows, stores and audits.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib
import logging
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.outcomes.models import Observation
from welcomehub.people.models import Household
from welcomehub.placement.domain import Case
from welcomehub.placement.models import (
    ModelStatus,
    OutcomeHorizon,
    OutcomeModel,
    PlacementLocation,
)
from welcomehub.programmes.models import Programme

logger = logging.getLogger(__name__)

EMPLOYMENT_QUESTION = "work_paid"
# Days after arrival in which an answer counts for each horizon.
WINDOWS = {
    OutcomeHorizon.DAYS_90: (60, 150),
    OutcomeHorizon.MONTHS_12: (300, 450),
}
MIN_SAMPLES = 30  # fewer placed households with an outcome: no model is trained


def _engine() -> ModuleType | None:
    try:
        return importlib.import_module("welcomehub.placement.domain.outcome_model")
    except ModuleNotFoundError:
        return None


@dataclass(frozen=True)
class Sample:
    case: Case
    location_id: str
    employed: bool


def _case(household: Household, today: datetime.date) -> Case:
    from welcomehub.placement import services

    return services.case_of(household, today)


def history(programme: Programme, horizon: str) -> list[Sample]:
    """Placed households of the programme with an employment answer in the window."""
    start, end = WINDOWS[OutcomeHorizon(horizon)]
    location_of_place: dict[int, str] = {}
    for location in PlacementLocation.objects.filter(programme=programme).order_by("period", "pk"):
        location_of_place.setdefault(location.place_id, str(location.pk))
    households = {
        household.pk: household
        for household in Household.objects.filter(
            programme=programme,
            location_id__in=location_of_place,
            arrival_date__isnull=False,
        ).prefetch_related("members")
    }
    answers: dict[int, bool] = {}
    observations = Observation.objects.filter(
        question__code=EMPLOYMENT_QUESTION,
        assessment__person__household_id__in=households,
    ).values_list("assessment__person__household_id", "assessment__date", "value")
    for household_id, date, value in observations:
        arrival = households[household_id].arrival_date
        assert arrival is not None
        if start <= (date - arrival).days <= end:
            answers[household_id] = answers.get(household_id, False) or value == 1
    samples = []
    for household_id, employed in sorted(answers.items()):
        household = households[household_id]
        arrival = household.arrival_date
        assert arrival is not None
        assert household.location_id is not None
        samples.append(
            Sample(_case(household, arrival), location_of_place[household.location_id], employed)
        )
    return samples


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
    samples = history(model.programme, model.horizon)
    positives = sum(sample.employed for sample in samples)
    if engine is None:
        return _end(model, status=ModelStatus.FAILED, message=_("No outcome model engine."))
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
        fitted, calibration = _fit(engine, samples)
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
        calibration=calibration,
        fitted=fitted,
        digest=hashlib.sha256(fitted).hexdigest(),
    )


def _fit(engine: ModuleType, samples: list[Sample]) -> tuple[bytes, dict[str, Any]]:
    raise NotImplementedError


def load(model: OutcomeModel) -> Any:
    raise NotImplementedError


def score_matrix(
    model: OutcomeModel | None,
    households: list[Household],
    locations: list[PlacementLocation],
    today: datetime.date,
) -> Any:
    raise NotImplementedError


def policy_estimate(
    model: OutcomeModel | None, batch: Any, solution: Any, today: datetime.date
) -> dict[str, Any]:
    raise NotImplementedError
