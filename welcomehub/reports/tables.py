"""A table to publish: the one shape every export (CSV, HXL, XLSX, PDF) takes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass
class Table:
    """A titled table of rows; `hxl` holds one HXL hashtag spec per column (or None).

    Cells are plain values (str, int, float, Decimal, date, datetime, bool or None);
    anything else is exported as its `str()`. `note` says what the figures are and how
    they were protected (e.g. "Cells under 5 are hidden"); every export carries it.
    """

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]
    hxl: Sequence[str] | None = None
    note: str = ""

    def __post_init__(self) -> None:
        width = len(self.columns)
        if self.hxl is not None and len(self.hxl) != width:
            raise ValueError(f"{len(self.hxl)} HXL tags for {width} columns in {self.title!r}")
        for number, row in enumerate(self.rows, start=1):
            if len(row) != width:
                raise ValueError(
                    f"row {number} of {self.title!r} has {len(row)} cells for {width} columns"
                )
