"""The community API: the public calendar as JSON (no sign-in, no personal data) and
the coordinator's event list with seats taken."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from welcomehub.community import selectors
from welcomehub.community.access import managed_organisations

router = Router(tags=["community"])


class EventOut(Schema):
    id: int
    title: str
    kind: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    venue: str
    languages: list[str]
    support: list[str]
    accessibility: str
    capacity: int
    full: bool


def _event(event: Any) -> dict[str, Any]:
    return {
        "id": event.pk,
        "title": event.title,
        "kind": event.kind,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "venue": event.venue,
        "languages": event.languages,
        "support": event.support,
        "accessibility": event.accessibility,
        "capacity": event.capacity,
        "full": getattr(event, "taken", 0) >= event.capacity,
    }


@router.get("/calendar", response=list[EventOut], auth=None)
def calendar(request: HttpRequest) -> list[dict[str, Any]]:
    """Upcoming public events; anyone, no sign-in."""
    return [_event(e) for e in selectors.public_calendar()]


class ManagedEventOut(EventOut):
    visibility: str
    cancelled: bool
    taken: int


@router.get("/events", response=list[ManagedEventOut])
def events(request: HttpRequest) -> list[dict[str, Any]]:
    """Events of the organisations where the user holds community.manage; 404 for
    anyone else."""
    org_ids = managed_organisations(request.user)
    if not org_ids:
        raise Http404
    return [
        {
            **_event(e),
            "visibility": e.visibility,
            "cancelled": e.cancelled_at is not None,
            "taken": getattr(e, "taken", 0),
        }
        for e in selectors.managed_events(org_ids)
    ]
