"""Rows of an uploaded XLSX workbook as text, safely (no Django).

An upload is untrusted: a zip whose parts unpack to more than `MAX_UNPACKED` bytes is
refused before openpyxl opens it (zip bombs), openpyxl parses XML through defusedxml
(entity expansion), formulas are read as their cached values, and a sheet longer than
`MAX_ROWS` is refused. Whatever goes wrong inside openpyxl becomes one `SheetError`.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from typing import Any

from openpyxl import load_workbook

MAX_UNPACKED = 50 * 1024 * 1024
MAX_ROWS = 20_000
XLSX_MAGIC = b"PK\x03\x04"


class SheetError(ValueError):
    """The file is not a workbook we can read; the message says why."""


def is_xlsx(raw: bytes) -> bool:
    return raw.startswith(XLSX_MAGIC)


def cell_text(value: Any) -> str:
    """A cell as the text a person typed: 12 not 12.0, dates as ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _open(raw: bytes) -> Any:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SheetError("not an XLSX file (save it as Excel workbook .xlsx)") from exc
    if unpacked > MAX_UNPACKED:
        raise SheetError("the workbook unpacks to more than 50 MB")
    try:
        return load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise SheetError(f"not a readable XLSX file ({type(exc).__name__})") from exc


def _rows(sheet: Any) -> list[tuple[int, list[str]]]:
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                raise SheetError(f"sheet {sheet.title!r} has more than {MAX_ROWS} rows")
            rows.append((number, [cell_text(v) for v in values]))
    except SheetError:
        raise
    except Exception as exc:  # a damaged sheet part
        raise SheetError(f"sheet {sheet.title!r} cannot be read ({type(exc).__name__})") from exc
    while rows and not any(cell.strip() for cell in rows[-1][1]):
        rows.pop()  # formatting often reaches rows nobody typed in
    return rows


def sheet_rows(raw: bytes) -> list[tuple[int, list[str]]]:
    """The first sheet's rows as (row number, cells)."""
    workbook = _open(raw)
    try:
        if not workbook.worksheets:
            raise SheetError("the workbook has no sheet")
        return _rows(workbook.worksheets[0])
    finally:
        workbook.close()


def workbook_sheets(raw: bytes, names: Iterable[str]) -> dict[str, list[tuple[int, list[str]]]]:
    """The rows of the sheets with these names (case and spaces ignored) that exist."""
    workbook = _open(raw)
    try:
        by_name = {sheet.title.strip().lower(): sheet for sheet in workbook.worksheets}
        return {name: _rows(by_name[name]) for name in names if name in by_name}
    finally:
        workbook.close()
