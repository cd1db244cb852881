"""Server-rendered SVG charts of scores (no JavaScript, no inline styles: the CSP forbids
both, so only SVG presentation attributes are used). Coordinates run left to right in
every language; the same figures are always in a table beside the chart."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#0d6efd", "#d63384", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d")
LABEL = 250
PLOT = 320
BAR = 10


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _legend(names: Sequence[str], y: int) -> list[str]:
    parts = []
    for index, name in enumerate(names):
        x = LABEL + (index % 2) * 170
        row = y + (index // 2) * 16
        parts.append(f'<rect x="{x}" y="{row}" width="10" height="10" fill="{colour(index)}"/>')
        parts.append(f'<text x="{x + 14}" y="{row + 9}" font-size="11">{escape(name[:28])}</text>')
    return parts


def bars_svg(
    title: str, rows: Sequence[tuple[str, Sequence[float | None]]], names: Sequence[str]
) -> SafeString:
    """Grouped horizontal bars on 0-100: one group per row, one bar per series."""
    legend_rows = (len(names) + 1) // 2
    top = 10 + 16 * legend_rows
    group = BAR * max(1, len(names)) + 10
    height = top + group * len(rows) + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" direction="ltr" '
        f'viewBox="0 0 {LABEL + PLOT + 50} {height}" aria-label="{escape(title)}">',
        *_legend(names, 4),
    ]
    for tick in (0, 50, 100):
        x = LABEL + PLOT * tick / 100
        parts.append(
            f'<line x1="{x}" y1="{top - 4}" x2="{x}" y2="{height - 18}" stroke="#dee2e6"/>'
            f'<text x="{x}" y="{height - 6}" font-size="10" text-anchor="middle">{tick}</text>'
        )
    for row_index, (label, values) in enumerate(rows):
        y = top + row_index * group
        parts.append(
            f'<text x="{LABEL - 8}" y="{y + group / 2}" font-size="11" text-anchor="end">'
            f"{escape(label[:36])}</text>"
        )
        for index, value in enumerate(values):
            if value is None:
                continue
            width = PLOT * max(0.0, min(float(value), 100.0)) / 100
            parts.append(
                f'<rect x="{LABEL}" y="{y + index * BAR}" width="{width:.1f}" '
                f'height="{BAR - 2}" fill="{colour(index)}"><title>'
                f"{escape(names[index])}: {float(value):.0f}</title></rect>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  # nosec - every interpolated text is escaped above


def history_svg(
    title: str, series: Sequence[tuple[str, Sequence[tuple[datetime.date, float | None]]]]
) -> SafeString:
    """Overall score over time, one line per programme, dates on a shared axis."""
    points = [(d, v) for _name, values in series for d, v in values if v is not None]
    width, height, left, top = 600, 240, 40, 50
    plot_w, plot_h = width - left - 20, height - top - 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" direction="ltr" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
    ]
    for index, (name, _values) in enumerate(series):
        key_x = left + (index % 3) * 180
        key_y = 6 + (index // 3) * 14
        parts.append(
            f'<rect x="{key_x}" y="{key_y}" width="10" height="10" fill="{colour(index)}"/>'
        )
        parts.append(
            f'<text x="{key_x + 14}" y="{key_y + 9}" font-size="11">{escape(name[:28])}</text>'
        )
    for tick in (0, 50, 100):
        y = top + plot_h * (1 - tick / 100)
        parts.append(
            f'<line x1="{left}" y1="{y}" x2="{left + plot_w}" y2="{y}" stroke="#dee2e6"/>'
            f'<text x="{left - 6}" y="{y + 4}" font-size="10" text-anchor="end">{tick}</text>'
        )
    if points:
        first = min(d for d, _v in points)
        span = max((max(d for d, _v in points) - first).days, 1)

        def xy(day: datetime.date, value: float) -> tuple[float, float]:
            share = (day - first).days / span if len(points) > 1 else 0.5
            return left + plot_w * share, top + plot_h * (1 - value / 100)

        for index, (name, values) in enumerate(series):
            coords = [xy(d, v) for d, v in values if v is not None]
            if len(coords) > 1:
                line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
                parts.append(
                    f'<polyline points="{line}" fill="none" stroke="{colour(index)}" '
                    f'stroke-width="2"/>'
                )
            for (day, value), (cx, cy) in zip(
                [(d, v) for d, v in values if v is not None], coords, strict=True
            ):
                parts.append(
                    f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{colour(index)}"><title>'
                    f"{escape(name)} {day.isoformat()}: {value:.0f}</title></circle>"
                )
        last_label = -1000.0
        for day in sorted({d for d, _v in points}):
            tx, _ty = xy(day, 0)
            if tx - last_label < 70:  # dates closer than a label's width: keep the first
                continue
            last_label = tx
            parts.append(
                f'<text x="{tx:.1f}" y="{height - 8}" font-size="10" text-anchor="middle">'
                f"{day.isoformat()}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  # nosec - every interpolated text is escaped above
