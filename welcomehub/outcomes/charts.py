"""A small inline SVG bar chart of progress per domain, written by hand.

The Content Security Policy forbids inline styles and scripts, so the chart uses only
SVG presentation attributes (fill=, width=, ...). Its coordinates run left to right in
every language (direction="ltr"); labels in Arabic script still read right to left.
Labels are escaped; the numbers are also in a table beside the chart for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from welcomehub.outcomes.selectors import DomainProgress

LABEL_WIDTH = 220
BAR_WIDTH = 300  # a score of 100
ROW_HEIGHT = 34
BAR_HEIGHT = 12
BASELINE_FILL = "#adb5bd"
LATEST_FILL = "#0d6efd"


def _bar(x: int, y: int, score: float | None, fill: str, title: str) -> str:
    if score is None:
        return ""
    width = round(BAR_WIDTH * max(0.0, min(score, 100.0)) / 100)
    return (
        f'<rect x="{x}" y="{y}" width="{width}" height="{BAR_HEIGHT}" fill="{fill}">'
        f"<title>{escape(title)}: {floatformat(score, 0)}</title></rect>"
    )


def progress_svg(rows: Sequence[DomainProgress]) -> SafeString:
    """Two bars per domain: baseline (grey) and latest (blue), each on 0-100."""
    height = ROW_HEIGHT * len(rows) + 40
    width = LABEL_WIDTH + BAR_WIDTH + 60
    baseline, latest = _("Baseline"), _("Latest")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" '
        f'viewBox="0 0 {width} {height}" class="wh-progress-chart" direction="ltr" '
        f'aria-label="{escape(_("Progress per domain against the baseline"))}">',
        f'<rect x="{LABEL_WIDTH}" y="4" width="12" height="12" fill="{BASELINE_FILL}"/>',
        f'<text x="{LABEL_WIDTH + 18}" y="14" font-size="12">{escape(baseline)}</text>',
        f'<rect x="{LABEL_WIDTH + 120}" y="4" width="12" height="12" fill="{LATEST_FILL}"/>',
        f'<text x="{LABEL_WIDTH + 138}" y="14" font-size="12">{escape(latest)}</text>',
    ]
    for index, row in enumerate(rows):
        top = 28 + index * ROW_HEIGHT
        parts.append(
            f'<text x="{LABEL_WIDTH - 10}" y="{top + BAR_HEIGHT + 2}" font-size="12" '
            f'text-anchor="end">{escape(row.name)}</text>'
        )
        parts.append(_bar(LABEL_WIDTH, top, row.baseline, BASELINE_FILL, baseline))
        parts.append(_bar(LABEL_WIDTH, top + BAR_HEIGHT + 2, row.latest, LATEST_FILL, latest))
        if row.baseline is None and row.latest is None:
            parts.append(
                f'<text x="{LABEL_WIDTH}" y="{top + BAR_HEIGHT + 2}" font-size="11" '
                f'fill="#6c757d">{escape(_("not answered yet"))}</text>'
            )
    parts.append("</svg>")
    # Every interpolated text above is escaped; the rest are numbers and constants.
    return mark_safe("".join(parts))  # noqa: S308  # nosec - every interpolated text is escaped above
