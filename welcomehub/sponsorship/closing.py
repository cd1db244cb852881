"""The end of a sponsorship: when the group's commitment period ends, the coordinator of
the overseeing organisation records a closing review and the sponsorship is completed.
Forward-only: a completed sponsorship is never reopened."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.sponsorship.models import (
    AreaOutcome,
    Closing,
    ClosingTheme,
    Outcome,
    Sponsorship,
    SponsorshipStatus,
)
from welcomehub.sponsorship.rules import commitment_ends
from welcomehub.sponsorship.selectors import plan_areas
from welcomehub.sponsorship.services import require_manage


def _check_codes(field: str, codes: Sequence[str]) -> list[str]:
    unknown = sorted(set(codes) - set(ClosingTheme.values))
    if unknown:
        raise ValidationError({field: _("Unknown codes: %s") % ", ".join(unknown)})
    return sorted(set(codes))


def _check_outcomes(sponsorship: Sponsorship, outcomes: Mapping[str, str]) -> None:
    areas = dict(plan_areas(sponsorship))
    missing = [label for code, label in areas.items() if not outcomes.get(code)]
    if missing:
        raise ValidationError({"outcomes": _("Give an outcome for: %s") % ", ".join(missing)})
    if set(outcomes) - set(areas):
        raise ValidationError({"outcomes": _("Give outcomes for the areas of the plan only.")})
    if set(outcomes.values()) - set(Outcome.values):
        raise ValidationError({"outcomes": _("Unknown outcome.")})


@transaction.atomic
def sponsorship_close(
    *,
    actor: Any,
    sponsorship: Sponsorship,
    closed_on: datetime.date,
    outcomes: Mapping[str, str],
    stay_in_touch: bool,
    went_well: Sequence[str] = (),
    was_hard: Sequence[str] = (),
    note: str = "",
    channel: str = AuditChannel.WEB,
) -> Closing:
    """The closing review of a running sponsorship whose commitment period has ended;
    the sponsorship becomes completed, its check-ins stop and the group has room again."""
    require_manage(actor, sponsorship.group.organisation_id)
    sponsorship = Sponsorship.objects.select_for_update().get(pk=sponsorship.pk)
    if sponsorship.status == SponsorshipStatus.COMPLETED:
        raise ValidationError(_("This sponsorship is already completed."))
    if sponsorship.status != SponsorshipStatus.INTRODUCED:
        raise ValidationError(_("Only a running sponsorship can be closed."))
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": _("The closing cannot be in the future.")})
    if sponsorship.arrival_date is None:  # set by the introduction; never missing then
        raise ValidationError(_("Only a running sponsorship can be closed."))
    ends = commitment_ends(sponsorship.arrival_date)
    if closed_on < ends:
        raise ValidationError(
            {
                "closed_on": _("The group's commitment runs until %(date)s; close it from then.")
                % {"date": ends.isoformat()}
            }
        )
    _check_outcomes(sponsorship, outcomes)
    closing = Closing(
        sponsorship=sponsorship,
        closed_on=closed_on,
        went_well=_check_codes("went_well", went_well),
        was_hard=_check_codes("was_hard", was_hard),
        note=note.strip(),
        stay_in_touch=stay_in_touch,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    closing.full_clean()
    closing.save()
    for area, _label in plan_areas(sponsorship):
        row = AreaOutcome(closing=closing, area=area, outcome=outcomes[area])
        row.full_clean()
        row.save()
    sponsorship.status = SponsorshipStatus.COMPLETED
    sponsorship.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=closing,
        organisation_id=sponsorship.group.organisation_id,
        channel=channel,
        detail={
            "sponsorship": sponsorship.pk,
            "status": sponsorship.status,
            "stay_in_touch": stay_in_touch,
        },
    )
    return closing
