"""Exports parsed back the way their readers parse them: csv, libhxl, openpyxl."""

from __future__ import annotations

import csv
import datetime as dt
import io

import hxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from welcomehub.reports.exports import (
    XLSX_TYPE,
    HXLExportError,
    csv_bytes,
    csv_response,
    hxl_bytes,
    hxl_response,
    safe_text,
    xlsx_bytes,
    xlsx_response,
)
from welcomehub.reports.tables import Table


def _table(**extra: object) -> Table:
    return Table(
        title="Needs by topic",
        columns=["topic", "region", "needs"],
        rows=[
            ["housing", "Europe", 7],
            ['=HYPERLINK("http://evil")', "+1", -3],
            ["@SUM(A1)", "-x", None],
            ["لغة", "Україна", 0],
        ],
        **extra,  # type: ignore[arg-type]
    )


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))


def test_csv_has_header_rows_and_neutralises_formulas() -> None:
    rows = _csv_rows(csv_bytes(_table()))
    assert rows[0] == ["topic", "region", "needs"]
    assert rows[1] == ["housing", "Europe", "7"]
    assert rows[2] == ['\'=HYPERLINK("http://evil")', "'+1", "-3"]  # numbers stay numbers
    assert rows[3] == ["'@SUM(A1)", "'-x", ""]
    assert rows[4] == ["لغة", "Україна", "0"]


def test_csv_response_is_a_download() -> None:
    response = csv_response(_table(), 'chart "1".csv')
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="chart-1-.csv"'
    assert _csv_rows(response.content)[0] == ["topic", "region", "needs"]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_no_csv_cell_starts_like_a_formula(text: str) -> None:
    out = safe_text(text)
    assert not out.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert out.endswith(text)


def test_hxl_parses_back_with_libhxl() -> None:
    table = _table(hxl=["#sector", "#region +name", "#indicator +num"])
    content = hxl_bytes(table)
    dataset = hxl.data(io.BytesIO(content), hxl.InputOptions(allow_local=True))
    assert [c.display_tag for c in dataset.columns] == ["#sector", "#region+name", "#indicator+num"]
    assert [c.header for c in dataset.columns] == ["topic", "region", "needs"]
    values = [row.values for row in dataset]
    assert values[0] == ["housing", "Europe", "7"]
    assert values[3] == ["لغة", "Україна", "0"]
    assert len(values) == 4
    assert hxl_response(table, "x.csv").content == content


def test_hxl_refuses_tables_without_or_with_broken_tags() -> None:
    with pytest.raises(HXLExportError):
        hxl_bytes(_table())
    with pytest.raises(HXLExportError):
        hxl_bytes(_table(hxl=["sector", "#region", "#indicator"]))
    with pytest.raises(HXLExportError):
        hxl_bytes(_table(hxl=["#sector", "#region name", "#indicator"]))


def test_table_checks_its_shape() -> None:
    with pytest.raises(ValueError, match="row 1"):
        Table(title="t", columns=["a", "b"], rows=[["x"]])
    with pytest.raises(ValueError, match="HXL tags"):
        Table(title="t", columns=["a", "b"], rows=[], hxl=["#a"])


def test_xlsx_one_sheet_per_table_with_header_widths_and_note() -> None:
    first = _table(note="Cells under 5 are hidden.", hxl=["#sector", "#region", "#indicator"])
    second = Table(
        title="Needs by topic",  # same title: the sheet name is made unique
        columns=["when", "share"],
        rows=[[dt.date(2026, 1, 2), 0.25], [dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC), 1.0]],
    )
    book = load_workbook(io.BytesIO(xlsx_bytes([first, second])))
    assert book.sheetnames == ["Needs by topic", "Needs by topic (2)"]
    sheet = book["Needs by topic"]
    assert [c.value for c in sheet[1]] == ["topic", "region", "needs"]
    assert sheet["A1"].font.bold
    assert [c.value for c in sheet[2]] == ["#sector", "#region", "#indicator"]
    assert sheet.freeze_panes == "A3"
    assert [c.value for c in sheet[4]] == ['=HYPERLINK("http://evil")', "+1", -3]
    assert sheet["A4"].data_type == "s"  # text, not a formula
    assert [c.value for c in sheet[6]] == ["لغة", "Україна", 0]
    assert sheet.cell(row=8, column=1).value == "Cells under 5 are hidden."
    assert sheet.column_dimensions["A"].width >= len('=HYPERLINK("http://evil")')
    other = book["Needs by topic (2)"]
    assert other.freeze_panes == "A2"
    assert other["A2"].value == dt.datetime(2026, 1, 2)
    assert other["B2"].value == 0.25


def test_xlsx_sheet_names_are_legal_and_control_characters_dropped() -> None:
    table = Table(title="a/b:c*d?[e]" + "x" * 40, columns=["c"], rows=[["ok\x00\x07 text"]])
    book = load_workbook(io.BytesIO(xlsx_bytes([table])))
    (name,) = book.sheetnames
    assert len(name) <= 31
    assert not set(name) & set("/:*?[]\\")
    assert book[name]["A2"].value == "ok text"


def test_xlsx_response_is_a_download() -> None:
    response = xlsx_response([_table()], "chart.xlsx")
    assert response["Content-Type"] == XLSX_TYPE
    assert response.content[:2] == b"PK"


def _as_xml_keeps_it(text: str) -> str:
    """XML turns line ends into \\n; control characters XML cannot hold are dropped."""
    return ILLEGAL_CHARACTERS_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.text(max_size=30), min_size=2, max_size=2), max_size=6))
def test_any_text_round_trips_through_csv_and_xlsx(rows: list[list[str]]) -> None:
    table = Table(title="t", columns=["a", "b"], rows=rows)
    expected_csv = [[safe_text(c) for c in r] for r in rows]
    assert _csv_rows(csv_bytes(table))[1:] == expected_csv
    sheet = load_workbook(io.BytesIO(xlsx_bytes([table])))["t"]
    read = [[c.value or "" for c in r] for r in sheet.iter_rows(min_row=2, max_row=len(rows) + 1)]
    assert read == [[_as_xml_keeps_it(c) for c in r] for r in rows]
