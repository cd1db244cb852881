"""A dashboard as export tables: the same protected figures as the page, nothing more."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from welcomehub.outcomes.dashboards.figures import Dashboard, Figure
from welcomehub.reports.tables import Table


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _cells(figure: Figure) -> list[Any]:
    return [
        figure.n,
        _round(figure.improved_share),
        _round(figure.baseline),
        _round(figure.latest),
        _round(figure.change),
    ]


def note(board: Dashboard) -> str:
    return _(
        "People with an active consent to aggregate statistics, measured at baseline and "
        "later in the domain; scores 0-100. Empty cells are hidden: they count fewer than "
        "%(k)s people, or would let such a count be worked out from the others."
    ) % {"k": board.k}


def dashboard_table(board: Dashboard, *, title: str = "") -> Table:
    """One row per domain and group, the domain's "all" row first."""
    columns = [
        _("Domain"),
        board.dimension_label,
        _("People"),
        _("Improved (%)"),
        _("Mean baseline"),
        _("Mean latest"),
        _("Mean change"),
    ]
    rows: list[list[Any]] = []
    everyone = _("All")
    for domain in board.domains:
        rows.append([domain.name, everyone, *_cells(domain.total)])
        rows += [
            [domain.name, label, *_cells(figure)]
            for label, figure in zip(board.groups, domain.groups, strict=True)
        ]
    title = title or _("%(programme)s: outcomes, broken down by %(dimension)s") % {
        "programme": board.programme.name,
        "dimension": board.dimension_label,
    }
    return Table(title=title, columns=columns, rows=rows, note=note(board))
