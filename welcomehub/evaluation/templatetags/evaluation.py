"""Template filters of the evaluation pages."""

from __future__ import annotations

from typing import Any

from django import template

from welcomehub.evaluation.frameworks import localised as _localised

register = template.Library()
DASH = "\u2013"  # an en dash: no score


@register.filter
def localised(texts: Any) -> str:
    """A text stored per language, in the active language (English as fallback)."""
    return _localised(texts or {})


@register.filter
def score(value: float | None) -> str:
    """A score on 0-100 as a whole number, or a dash when there is none."""
    return f"{value:.0f}" if isinstance(value, int | float) else DASH


@register.filter
def percent(value: float | None) -> str:
    return f"{value * 100:.0f}%" if isinstance(value, int | float) else DASH


@register.simple_tag
def evaluation_nav(user: Any) -> bool:
    """Whether the navigation shows the evaluation section to this user."""
    from welcomehub.evaluation.access import may_use_evaluation

    return bool(user.is_authenticated and may_use_evaluation(user))


@register.simple_tag
def reads_evaluation(user: Any, programme: Any) -> bool:
    """Whether the user may open this programme's evaluation (programme page link)."""
    from welcomehub.evaluation.access import readable_programmes

    return bool(
        user.is_authenticated and readable_programmes(user).filter(pk=programme.pk).exists()
    )
