"""Writes for community events: create, cancel, register (portal, staff or public) and
cancel a registration, with a waiting list that moves up when seats free."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.accounts.models import Organisation
from welcomehub.community.models import (
    CommunityEvent,
    EventRegistration,
    RegistrationStatus,
    Visibility,
)
from welcomehub.community.rules import can_manage, programme_organisations
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.people.models import Household
from welcomehub.programmes.models import Place, Programme

MAX_PLACES = 12  # seats one registration may take


def _require_manager(actor: Any, organisation_id: int) -> None:
    if not can_manage(actor, organisation_id):
        raise ValidationError(_("You do not run community work for this organisation."))


@transaction.atomic
def event_create(
    *,
    actor: Any,
    organisation: Organisation,
    programme: Programme,
    title: str,
    kind: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    venue: str,
    capacity: int,
    description: str = "",
    place: Place | None = None,
    languages: Iterable[str] = (),
    support: Iterable[str] = (),
    accessibility: str = "",
    visibility: str = Visibility.PUBLIC,
    channel: str = AuditChannel.WEB,
) -> CommunityEvent:
    _require_manager(actor, organisation.pk)
    if organisation.pk not in programme_organisations(programme):
        raise ValidationError(_("The organisation does not take part in this programme."))
    event = CommunityEvent(
        organisation=organisation,
        programme=programme,
        title=title.strip(),
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue.strip(),
        capacity=capacity,
        description=description.strip(),
        place=place,
        languages=list(languages),
        support=list(support),
        accessibility=accessibility.strip(),
        visibility=visibility,
    )
    event.full_clean()
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The event must end after it starts.")})
    if capacity < 1:
        raise ValidationError({"capacity": _("An event needs at least one place.")})
    event.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=event,
        organisation_id=organisation.pk,
        channel=channel,
    )
    return event


@transaction.atomic
def event_cancel(*, actor: Any, event: CommunityEvent) -> CommunityEvent:
    _require_manager(actor, event.organisation_id)
    if event.cancelled_at is not None:
        raise ValidationError(_("The event is already cancelled."))
    event.cancelled_at = timezone.now()
    event.save(update_fields=["cancelled_at", "updated_at"])
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=event, organisation_id=event.organisation_id
    )
    return event


def seats_taken(event: CommunityEvent) -> int:
    taken = event.registrations.filter(status=RegistrationStatus.REGISTERED).aggregate(
        n=Sum("places")
    )["n"]
    return int(taken or 0)


def _check_open(event: CommunityEvent) -> None:
    if event.cancelled_at is not None:
        raise ValidationError(_("The event is cancelled."))
    if event.ends_at <= timezone.now():
        raise ValidationError(_("The event is over."))


@transaction.atomic
def event_register(
    *,
    actor: Any,
    event: CommunityEvent,
    places: int,
    household: Household | None = None,
    name: str = "",
    contact: str = "",
    support: Iterable[str] = (),
    channel: str = AuditChannel.WEB,
) -> EventRegistration:
    """A registration, or a place on the waiting list when the seats are taken.

    A household registers through the portal or through staff of the organisation
    running the event; anyone else registers a public event with a name only."""
    event = CommunityEvent.objects.select_for_update().get(pk=event.pk)
    _check_open(event)
    if not 1 <= places <= MAX_PLACES:
        raise ValidationError({"places": _("Between 1 and 12 people per registration.")})
    if household is not None:
        own = (
            getattr(actor, "is_authenticated", False)
            and household.members.filter(user_id=actor.pk).exists()
        )
        if not own:
            _require_manager(actor, event.organisation_id)
            if household.organisation_id != event.organisation_id:
                raise ValidationError(_("Staff register households of their own caseload."))
        if household.programme_id != event.programme_id and event.visibility != Visibility.PUBLIC:
            raise ValidationError(_("This event is for another programme."))
        if (
            event.registrations.filter(household=household)
            .exclude(status=RegistrationStatus.CANCELLED)
            .exists()
        ):
            raise ValidationError(_("This household is already registered."))
        name = contact = ""
    else:
        if event.visibility != Visibility.PUBLIC:
            raise ValidationError(_("This event is not open to the public."))
        if not name.strip():
            raise ValidationError({"name": _("Please give a name.")})
    registration = EventRegistration(
        event=event,
        household=household,
        name=name.strip(),
        contact=contact.strip(),
        places=places,
        support=list(dict.fromkeys(support)),
        status=(
            RegistrationStatus.REGISTERED
            if seats_taken(event) + places <= event.capacity
            else RegistrationStatus.WAITING
        ),
    )
    registration.full_clean()
    unsupported = set(registration.support) - set(event.support)
    if unsupported:
        raise ValidationError({"support": _("This event does not offer that support.")})
    registration.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=registration,
        organisation_id=event.organisation_id,
        channel=channel,
        detail={"status": registration.status},
    )
    return registration


def _move_up(event: CommunityEvent) -> list[EventRegistration]:
    """First come, first served: waiting registrations that now fit, in order."""
    free = event.capacity - seats_taken(event)
    moved = []
    for waiting in event.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "created_at", "id"
    ):
        if waiting.places <= free:
            waiting.status = RegistrationStatus.REGISTERED
            waiting.save(update_fields=["status", "updated_at"])
            free -= waiting.places
            moved.append(waiting)
    return moved


@transaction.atomic
def registration_cancel(*, actor: Any, registration: EventRegistration) -> EventRegistration:
    event = CommunityEvent.objects.select_for_update().get(pk=registration.event_id)
    household = registration.household
    own = (
        household is not None
        and getattr(actor, "is_authenticated", False)
        and household.members.filter(user_id=actor.pk).exists()
    )
    if not own:
        _require_manager(actor, event.organisation_id)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("The registration is already cancelled."))
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    moved = _move_up(event)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=registration,
        organisation_id=event.organisation_id,
        detail={"status": "cancelled", "moved_up": [r.pk for r in moved]},
    )
    return registration
