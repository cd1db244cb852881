"""The household page's sponsorship section (people/household_detail.html)."""

from __future__ import annotations

from typing import Any

from django import template

from welcomehub.accounts.permissions import has_perm
from welcomehub.sponsorship.models import Sponsorship

register = template.Library()


@register.inclusion_tag("sponsorship/_household.html")
def household_sponsorship(household: Any, user: Any) -> dict[str, Any]:
    """The household's sponsorships (group, status); a link for the group's overseers."""
    rows = [
        {
            "sponsorship": sponsorship,
            "overseer": has_perm(user, "sponsorship.manage", sponsorship.group.organisation_id),
        }
        for sponsorship in Sponsorship.objects.filter(household=household).select_related("group")
    ]
    return {"rows": rows}
