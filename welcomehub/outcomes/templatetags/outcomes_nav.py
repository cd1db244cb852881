"""Whether the navigation shows the outcome dashboards (the core context processor does
not know them): users who see aggregate figures somewhere."""

from typing import Any

from django import template

from welcomehub.accounts.permissions import has_any

register = template.Library()


@register.simple_tag
def dashboards_visible(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and has_any(user, "aggregate.view")
