"""The household page's small section: the family's volunteer buddy or mentor."""

from __future__ import annotations

from typing import Any

from django import template

from welcomehub.connections.models import ACTIVE_MATCH_STATUSES, Match

register = template.Library()


@register.inclusion_tag("connections/_household_volunteer.html")
def household_volunteer(household: Any) -> dict[str, Any]:
    """Shown to whoever sees the household page (its caseworkers): the open match, if
    any, with the volunteer's first name, the status and the first meeting place."""
    match = (
        Match.objects.filter(household=household, status__in=ACTIVE_MATCH_STATUSES)
        .select_related("volunteer")
        .first()
    )
    return {"match": match}
