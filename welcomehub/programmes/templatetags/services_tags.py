"""Template tags for links to the directory and referrals from pages of other apps,
whose views do not know about them."""

from __future__ import annotations

from typing import Any

from django import template

from welcomehub.accounts.permissions import has_any, has_perm

register = template.Library()


@register.simple_tag(takes_context=True)
def may_refer_from(context: dict[str, Any], household: Any) -> bool:
    """Whether the user refers people of this household's caseload."""
    return has_perm(context["request"].user, "referral.manage", household.organisation_id)


@register.simple_tag(takes_context=True)
def handles_referrals(context: dict[str, Any]) -> bool:
    request = context.get("request")
    return request is not None and has_any(request.user, "referral.manage")
