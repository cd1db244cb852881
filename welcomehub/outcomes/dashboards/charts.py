"""The breakdown as an SVG heat map: one row per domain, one column per group, the colour
the mean change from baseline (blue up, orange down, grey hidden or nobody).

Presentation attributes only (the CSP forbids inline styles); labels escaped; the same
figures are in the table under it for screen readers. Coordinates run left to right in
every language, like the progress chart.
"""

from __future__ import annotations

from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from welcomehub.outcomes.dashboards.figures import Dashboard, Figure

LABEL_WIDTH = 200
CELL_WIDTH = 64
CELL_HEIGHT = 22
HEADER = 40
NOBODY = "#e9ecef"
SCALE = 50.0  # a mean change of 50 points or more takes the full colour


def _fill(change: float) -> str:
    """Blue for a gain, orange for a loss, paler the nearer to no change."""
    strength = min(abs(change) / SCALE, 1.0)
    red, green, blue = (13, 110, 253) if change >= 0 else (253, 126, 20)

    def mix(channel: int) -> int:
        return round(255 - (255 - channel) * (0.15 + 0.85 * strength))

    return f"#{mix(red):02x}{mix(green):02x}{mix(blue):02x}"


def _cell(x: int, y: int, figure: Figure, title: str) -> str:
    if figure.change is None:
        text = _("hidden") if figure.n is None else _("nobody measured")
        return (
            f'<rect x="{x}" y="{y}" width="{CELL_WIDTH - 2}" height="{CELL_HEIGHT - 2}" '
            f'fill="{NOBODY}"><title>{escape(title)}: {escape(text)}</title></rect>'
        )
    value = floatformat(figure.change, 0)
    return (
        f'<rect x="{x}" y="{y}" width="{CELL_WIDTH - 2}" height="{CELL_HEIGHT - 2}" '
        f'fill="{_fill(figure.change)}"><title>{escape(title)}: {value}</title></rect>'
        f'<text x="{x + CELL_WIDTH // 2 - 1}" y="{y + CELL_HEIGHT - 7}" font-size="11" '
        f'text-anchor="middle">{value}</text>'
    )


def breakdown_svg(board: Dashboard) -> SafeString:
    columns = [_("All"), *board.groups]
    width = LABEL_WIDTH + CELL_WIDTH * len(columns) + 10
    height = HEADER + CELL_HEIGHT * len(board.domains) + 10
    label = _("Mean change from baseline by domain and group")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" '
        f'viewBox="0 0 {width} {height}" class="wh-breakdown-chart" direction="ltr" '
        f'aria-label="{escape(label)}">'
    ]
    for index, column in enumerate(columns):
        x = LABEL_WIDTH + index * CELL_WIDTH + CELL_WIDTH // 2
        parts.append(
            f'<text x="{x}" y="{HEADER - 8}" font-size="11" text-anchor="middle">'
            f"{escape(column[:12])}</text>"
        )
    for row_index, row in enumerate(board.domains):
        y = HEADER + row_index * CELL_HEIGHT
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + CELL_HEIGHT - 7}" font-size="12" '
            f'text-anchor="end">{escape(row.name)}</text>'
        )
        for index, (column, figure) in enumerate(
            zip(columns, [row.total, *row.groups], strict=True)
        ):
            x = LABEL_WIDTH + index * CELL_WIDTH
            parts.append(_cell(x, y, figure, f"{row.name}, {column}"))
    parts.append("</svg>")
    # Every interpolated text above is escaped; the rest are numbers and constants.
    return mark_safe("".join(parts))  # noqa: S308  # nosec - every interpolated text is escaped above
