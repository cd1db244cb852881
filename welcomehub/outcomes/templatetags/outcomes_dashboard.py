"""One cell of a dashboard table, written in Python: a page shows up to a few hundred,
and an `{% include %}` per cell would cost more than the query behind them."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from welcomehub.outcomes.dashboards.figures import Figure

register = template.Library()


def signed(value: float) -> str:
    text = str(floatformat(value, 1))
    return f"+{text}" if value > 0 else text


@register.simple_tag
def figure_cell(figure: Figure) -> SafeString:
    if figure.n is None:
        return format_html(
            '<span class="text-body-secondary" title="{}">—<span class="visually-hidden">{}'
            "</span></span>",
            _("Hidden to protect small groups"),
            _("hidden"),
        )
    if figure.n == 0 or figure.change is None:
        return format_html('<span class="text-body-secondary">{}</span>', figure.n)
    detail = _("%(n)s people") % {"n": figure.n}
    if figure.improved_share is not None:
        detail += " · " + _("%(share)s%% improved") % {
            "share": floatformat(figure.improved_share, 0)
        }
    return format_html(
        '<strong>{}</strong><br><small class="text-body-secondary">{}</small>',
        signed(figure.change),
        detail,
    )
