"""Other item banks (a national template) from CSV or XLSX, all-or-nothing.

One row per item with the columns `area, area_title, code, dimension, tier, text` and,
optionally, `guidance`, `evidence` and `area_weight` (a positive number, given on any row
of the area). Every problem is reported with its line and column; the framework is
written only when there is none. Reading is plain Python, so it is tested without a
database; `services.framework_import` writes the result.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from welcomehub.core import taxonomy

REQUIRED = ("area", "area_title", "code", "dimension", "tier", "text")
OPTIONAL = ("guidance", "evidence", "area_weight")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,59}$")
MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024


class ImportProblems(Exception):
    """Every problem of a file, each `line N: column C: message`."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


Rows = list[tuple[int, list[str]]]


def read_table(content: bytes, filename: str) -> Rows:
    """(line, cells) of a CSV (UTF-8) or XLSX file, header first, cells as stripped text;
    a CSV record spanning several lines is numbered by the line where it ends."""
    if len(content) > MAX_BYTES:
        raise ImportProblems([f"the file is larger than {MAX_BYTES // 1024 // 1024} MB"])
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(content)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise ImportProblems([f"line {line}: the file is not UTF-8 text"]) from error
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return [(reader.line_num, [_cell(c) for c in row]) for row in reader]
    except csv.Error as error:
        raise ImportProblems([f"line {reader.line_num}: {error}"]) from error


def _read_xlsx(content: bytes) -> Rows:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportProblems(
            [f"line 1: not a readable XLSX file ({type(error).__name__})"]
        ) from error
    sheet = book.worksheets[0]
    rows = [
        (line, [_cell(c) for c in row])
        for line, row in enumerate(sheet.iter_rows(values_only=True), start=1)
    ]
    book.close()
    return rows


def _header(row: Sequence[str]) -> dict[str, int]:
    names = [cell.strip().lower() for cell in row]
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise ImportProblems([f"line 1: missing column(s): {', '.join(missing)}"])
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    if repeated:
        raise ImportProblems([f"line 1: column(s) named twice: {', '.join(repeated)}"])
    return {name: names.index(name) for name in (*REQUIRED, *OPTIONAL) if name in names}


def _check_row(values: dict[str, str], line: int, seen: set[str]) -> list[str]:
    problems = []
    for name in REQUIRED:
        if not values[name]:
            problems.append(f"line {line}: column {name}: empty")
    for name in ("area", "code"):
        if values[name] and not CODE.match(values[name]):
            problems.append(
                f"line {line}: column {name}: {values[name]!r} is not a code "
                "(letters, digits, _ . -; at most 60)"
            )
    if values["code"] in seen:
        problems.append(f"line {line}: column code: {values['code']!r} appears twice")
    for name, vocabulary in (("dimension", "evaluation_dimensions"), ("tier", "evaluation_tiers")):
        if values[name] and not taxonomy.is_code(vocabulary, values[name]):
            allowed = ", ".join(taxonomy.codes(vocabulary))
            problems.append(f"line {line}: column {name}: {values[name]!r} is not one of {allowed}")
    weight = values.get("area_weight", "")
    if weight:
        try:
            number = float(weight)
        except ValueError:
            number = -1.0
        if not number > 0 or number != number or number == float("inf"):
            problems.append(f"line {line}: column area_weight: {weight!r} is not a positive number")
    return problems


def parse(
    rows: Iterable[tuple[int, Sequence[str]]], *, code: str, version: str, title: str
) -> dict[str, Any]:
    """A framework document (the shape of `data/framework_*.json`) from the numbered rows
    of a file, or ImportProblems naming every bad line. Blank rows are skipped."""
    table = [(line, list(row)) for line, row in rows if any(cell for cell in row)]
    if not table:
        raise ImportProblems(["line 1: the file is empty"])
    header_line, header = table[0]
    try:
        columns = _header(header)
    except ImportProblems as problem:
        raise ImportProblems(
            [p.replace("line 1:", f"line {header_line}:") for p in problem.problems]
        ) from None
    if len(table) - 1 > MAX_ROWS:
        raise ImportProblems([f"line {table[MAX_ROWS + 1][0]}: more than {MAX_ROWS} items"])
    problems: list[str] = []
    areas: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    for line, row in table[1:]:
        values = {name: (row[i].strip() if i < len(row) else "") for name, i in columns.items()}
        values.setdefault("area_weight", "")
        found = _check_row(values, line, seen)
        seen.add(values["code"])
        problems += found
        if found:
            continue
        area = areas.setdefault(
            values["area"],
            {
                "code": values["area"],
                "title": {"en": values["area_title"]},
                "weight": 1.0,
                "items": [],
            },
        )
        if values["area_weight"]:
            area["weight"] = float(values["area_weight"])
        area["items"].append(
            {
                "code": values["code"],
                "dimension": values["dimension"],
                "tier": values["tier"],
                "text": {"en": values["text"]},
                "guidance": {"en": values.get("guidance", "")},
                "evidence": {"en": values.get("evidence", "")},
            }
        )
    if problems:
        raise ImportProblems(problems)
    return {"code": code, "version": version, "title": {"en": title}, "areas": list(areas.values())}
