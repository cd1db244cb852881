"""The audit trail: one row for every read and write of personal data (DESIGN §6)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from welcomehub.core.models import AuditAction, AuditChannel, AuditEvent


def _object_type(obj: models.Model) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    organisation_id: int | None = None,
    channel: str = AuditChannel.WEB,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit row; call inside the transaction of the write it records."""
    if obj is not None:
        object_type = _object_type(obj)
        object_id = obj.pk
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_username=user.get_username() if user else "",
        action=action,
        channel=channel,
        object_type=object_type,
        object_id=str(object_id),
        organisation_id=organisation_id,
        detail=detail or {},
    )


def audit_reads(
    *,
    actor: Any,
    objects: Iterable[models.Model],
    organisation_of: Any,
    channel: str = AuditChannel.WEB,
    action: str = AuditAction.VIEW,
) -> None:
    """Record that a list of personal records was shown, one row per record."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=user,
            actor_username=user.get_username() if user else "",
            action=action,
            channel=channel,
            object_type=_object_type(obj),
            object_id=str(obj.pk),
            organisation_id=organisation_of(obj),
        )
        for obj in objects
    )


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Names of the fields whose values differ; the values themselves are not logged."""
    return sorted(name for name in after if before.get(name) != after[name])
