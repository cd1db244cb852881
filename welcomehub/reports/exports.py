"""CSV, HXL-tagged CSV and XLSX files of `Table`s, as bytes or as downloads.

Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula, so text cells
of CSV exports that start so are prefixed with an apostrophe (OWASP "CSV injection");
numbers stay numbers. In XLSX every text cell is written as a string, never a formula.
HXL exports are parsed back and validated with libhxl before they are served, so a broken
tag never reaches a humanitarian data pipeline.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import hxl
from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from welcomehub.reports.tables import Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_PLAIN = (int, float, Decimal, dt.date, dt.datetime, dt.time, bool)
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_TAG_FONT = Font(italic=True, color="1F4E79")
_MAX_WIDTH = 60


class HXLExportError(ValueError):
    """The table's HXL tags do not survive a round trip through libhxl."""


def safe_text(value: Any) -> str:
    """A cell as CSV text that no spreadsheet runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, _PLAIN):
        return str(value)
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _safe_filename(filename: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", filename).strip("-") or "export"


def file_response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_safe_filename(filename)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _csv(lines: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in lines:
        writer.writerow([safe_text(cell) for cell in line])
    return buffer.getvalue().encode("utf-8")


def csv_bytes(table: Table) -> bytes:
    """UTF-8 CSV: the header row, then the rows (the note is not part of a CSV)."""
    return _csv([table.columns, *table.rows])


def csv_response(table: Table, filename: str) -> HttpResponse:
    return file_response(csv_bytes(table), "text/csv; charset=utf-8", filename)


def _normalised(tag: str) -> str:
    return hxl.model.Column.parse(tag).display_tag if tag.strip() else ""


def validate_hxl(content: bytes, table: Table) -> None:
    """Parse `content` with libhxl; raise HXLExportError unless it carries `table` intact."""
    assert table.hxl is not None
    try:
        dataset = hxl.data(io.BytesIO(content), hxl.InputOptions(allow_local=True))
        tags = [column.display_tag or "" for column in dataset.columns]
        rows = [list(row.values) for row in dataset]
        report = hxl.validate(hxl.data(io.BytesIO(content), hxl.InputOptions(allow_local=True)))
    except hxl.HXLException as exc:
        raise HXLExportError(f"{table.title}: libhxl cannot read the export: {exc}") from exc
    expected = [_normalised(tag) for tag in table.hxl]
    if tags[: len(expected)] != expected:
        raise HXLExportError(f"{table.title}: HXL tags {tags} differ from {expected}")
    if len(rows) != len(table.rows):
        raise HXLExportError(f"{table.title}: {len(rows)} HXL rows for {len(table.rows)}")
    if not report["is_valid"]:
        raise HXLExportError(f"{table.title}: libhxl reports {report['stats']}")


def hxl_bytes(table: Table) -> bytes:
    """CSV with a row of HXL hashtags under the header, validated with libhxl."""
    if table.hxl is None or not any(tag.strip() for tag in table.hxl):
        raise HXLExportError(f"{table.title}: no HXL tags")
    for tag in table.hxl:
        if tag.strip():
            try:
                hxl.model.Column.parse(tag, use_exception=True)
            except hxl.HXLException as exc:
                raise HXLExportError(f"{table.title}: bad HXL tag {tag!r}: {exc}") from exc
    content = _csv([table.columns, table.hxl, *table.rows])
    validate_hxl(content, table)
    return content


def hxl_response(table: Table, filename: str) -> HttpResponse:
    return file_response(hxl_bytes(table), "text/csv; charset=utf-8", filename)


def _xlsx_value(value: Any) -> Any:
    if value is None or isinstance(value, _PLAIN):
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)  # Excel has no time zones; values are UTC
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _sheet_title(title: str, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", title).strip().strip("'")[:31] or "Sheet"
    name, number = base, 2
    while name.lower() in used:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(name.lower())
    return name


def _write_sheet(sheet: Any, table: Table) -> None:
    widths = [len(str(c)) for c in table.columns]
    sheet.append([_xlsx_value(c) for c in table.columns])
    for cell in sheet[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    header_rows = 1
    if table.hxl is not None:
        sheet.append(list(table.hxl))
        for cell in sheet[2]:
            cell.font = _TAG_FONT
        header_rows = 2
    for row in table.rows:
        values = [_xlsx_value(v) for v in row]
        sheet.append(values)
        for cell, value in zip(sheet[sheet.max_row], values, strict=True):
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula
        widths = [max(w, len(str(v or ""))) for w, v in zip(widths, values, strict=True)]
    sheet.freeze_panes = sheet.cell(row=header_rows + 1, column=1)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(_MAX_WIDTH, width + 2)
    if table.note:
        sheet.append([])
        sheet.append([_xlsx_value(table.note)])
        note = sheet.cell(row=sheet.max_row, column=1)
        note.data_type = "s"
        note.font = Font(italic=True)


def xlsx_bytes(tables: Sequence[Table]) -> bytes:
    """One sheet per table: styled, frozen header (and HXL row), sized columns, the note
    two rows under the data."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in tables:
        _write_sheet(workbook.create_sheet(_sheet_title(table.title, used)), table)
    if not tables:
        workbook.create_sheet("Sheet")
    if tables:
        workbook.properties.title = ILLEGAL_CHARACTERS_RE.sub("", tables[0].title)
    workbook.properties.creator = "Welcome Hub"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(tables: Sequence[Table], filename: str) -> HttpResponse:
    return file_response(xlsx_bytes(tables), XLSX_TYPE, filename)
