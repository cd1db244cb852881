"""Import of other item banks: all-or-nothing, every problem named by line and column."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from conftest import World
from welcomehub.evaluation import imports, services
from welcomehub.evaluation.models import Framework, Item

HEADER = ["area", "area_title", "code", "dimension", "tier", "text", "guidance", "area_weight"]
GOOD = [
    ["gov", "Governance", "gov.1", "legal_framework", "essential", "A law names the lead", "", "2"],
    ["gov", "Governance", "gov.2", "policy", "fundamental", "A strategy exists", "Ask", ""],
    ["hous", "Housing", "hous.1", "implementation", "essential", "Housing before arrival", "", ""],
]


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def parse(content: bytes, name: str = "bank.csv") -> dict[str, Any]:
    return imports.parse(
        imports.read_table(content, name), code="national", version="1", title="National"
    )


def test_a_good_csv_gives_areas_items_and_weights() -> None:
    document = parse(csv_bytes([HEADER, *GOOD]))
    assert [a["code"] for a in document["areas"]] == ["gov", "hous"]
    assert document["areas"][0]["weight"] == 2.0
    assert [i["code"] for i in document["areas"][0]["items"]] == ["gov.1", "gov.2"]


def test_the_same_rows_from_xlsx() -> None:
    assert parse(xlsx_bytes([HEADER, *GOOD]), "bank.xlsx") == parse(csv_bytes([HEADER, *GOOD]))


def test_every_bad_line_is_named_with_its_column() -> None:
    rows = [
        HEADER,
        GOOD[0],
        ["gov", "Governance", "gov.1", "policy", "essential", "Twice", "", ""],
        ["hous", "Housing", "hous.9", "law", "someday", "", "", "-1"],
    ]
    with pytest.raises(imports.ImportProblems) as caught:
        parse(csv_bytes(rows))
    problems = caught.value.problems
    assert "line 3: column code: 'gov.1' appears twice" in problems
    assert any(p.startswith("line 4: column dimension: 'law'") for p in problems)
    assert any(p.startswith("line 4: column tier: 'someday'") for p in problems)
    assert "line 4: column text: empty" in problems
    assert any(p.startswith("line 4: column area_weight") for p in problems)


def test_a_missing_column_is_named() -> None:
    with pytest.raises(imports.ImportProblems, match="line 1: missing column"):
        parse(csv_bytes([["area", "code"], ["a", "b"]]))


def test_not_utf8_names_the_line() -> None:
    content = csv_bytes([HEADER, GOOD[0]]) + "hous,Logement,h.1,policy,essential,é\n".encode(
        "latin-1"
    )
    with pytest.raises(imports.ImportProblems, match="line 3: the file is not UTF-8"):
        parse(content)


def test_a_damaged_xlsx_is_refused() -> None:
    with pytest.raises(imports.ImportProblems, match="not a readable XLSX"):
        parse(b"PK\x03\x04 not really", "bank.xlsx")


cells = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
fuzz_rows = st.lists(
    st.lists(
        st.one_of(cells, st.sampled_from(["gov", "policy", "essential", "x.1", ""])), max_size=9
    ),
    max_size=8,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fuzz_rows)
def test_fuzzed_files_give_a_document_or_line_precise_problems(rows: list[list[str]]) -> None:
    for content, name in (
        (csv_bytes([HEADER, *rows]), "f.csv"),
        (xlsx_bytes([HEADER, *rows]), "f.xlsx"),
    ):
        try:
            document = parse(content, name)
        except imports.ImportProblems as error:
            problems = error.problems
        else:
            problems = []
            codes = [i["code"] for a in document["areas"] for i in a["items"]]
            assert len(codes) == len(set(codes))
            assert all(a["weight"] > 0 for a in document["areas"])
        # every problem names a line of the file (the header is line 1)
        lines = [int(p.split(":")[0].removeprefix("line ")) for p in problems]
        assert all(1 <= line <= len(rows) + 1 for line in lines)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_fuzzed_bytes_never_crash(content: bytes) -> None:
    for name in ("f.csv", "f.xlsx"):
        problems: list[str] = []
        try:
            parse(content, name)
        except imports.ImportProblems as error:
            problems = error.problems
        assert all(p.startswith("line ") for p in problems)


def test_the_service_imports_all_or_nothing(world: World) -> None:
    coordinator = world.users["coordinator"]
    document = parse(csv_bytes([HEADER, *GOOD]))
    framework = services.framework_import(
        actor=coordinator, organisation=world.org_a, document=document
    )
    assert framework.organisation == world.org_a
    assert framework.items.count() == 3
    before = Item.objects.count()
    with pytest.raises(Exception, match="exist already"):
        services.framework_import(actor=coordinator, organisation=world.org_a, document=document)
    assert Item.objects.count() == before


def test_only_a_manager_of_the_organisation_imports(world: World) -> None:
    document = parse(csv_bytes([HEADER, *GOOD]))
    for user in (world.users["analyst"], world.users_b["coordinator"]):
        with pytest.raises(Exception, match="do not manage"):
            services.framework_import(actor=user, organisation=world.org_a, document=document)
    assert not Framework.objects.filter(code="national").exists()
