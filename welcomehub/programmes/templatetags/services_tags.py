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


@register.inclusion_tag("programmes/referral_household.html", takes_context=True)
def household_referrals(context: dict[str, Any], household: Any) -> dict[str, Any]:
    """The household's referrals, on its page, for those who refer its caseload (the page
    itself is behind the household's access gate and audited)."""
    user = context["request"].user
    if not has_perm(user, "referral.manage", household.organisation_id):
        return {"referrals": None}
    referrals = household.referrals.select_related("service", "to_organisation").order_by(
        "-created_at"
    )
    return {"referrals": list(referrals), "household": household}
