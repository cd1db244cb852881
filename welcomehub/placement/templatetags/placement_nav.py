"""Whether the navigation shows Placement: coordinators who place households and staff
of organisations that receive them (the core context processor does not know the app)."""

from typing import Any

from django import template

from welcomehub.accounts.permissions import has_any

register = template.Library()


@register.simple_tag
def placement_visible(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return has_any(user, "placement.manage") or has_any(user, "household.view")
