"""Reading KoboToolbox and ODK exports of the questionnaire, and XLSX in the §4 contract:
valid files parse, every problem names file, line and column, and no input raises
anything but ExchangeInputError."""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from welcomehub.exchange.io import (
    COLUMNS,
    ExchangeInputError,
    contract_answers,
    read_entries_bytes,
    read_needs_and_offers,
    read_workbook,
)
from welcomehub.exchange.kobo import example_rows, read_export
from welcomehub.exchange.matching import Need, Offer

SUBMISSION_A = {
    "organisation/name": "Welcome Network A",
    "organisation/country": "PT",
    "need_1/topics": "housing employment",
    "need_1/modalities": "training",
    "need_1/languages": "pt en",
    "need_1/description": "Training for housing staff",
    "offer_1/kind": "study_visit",
    "offer_1/topics": "language",
    "offer_1/languages": "pt",
    "offer_1/description": "Visits to our language classes",
    "twinning": "mentor",
    "funding_sources": "Travel grants of the city",
    "_submitted_by": "kobo-user-amira",
}
SUBMISSION_B = {
    "organisation/name": "Community Partner B",
    "organisation/country": "PT",
    "offer_1/kind": "training",
    "offer_1/topics": "housing",
    "offer_2/kind": "resource",
    "offer_2/topics": "orientation",
    "twinning": "peer",
    "uuid": "b-1",
}


def csv_export(rows: list[list[str]], delimiter: str = ";") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx(rows: list[list[Any]], title: str = "Sheet") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:  # a workbook cannot hold control characters: Excel drops them
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def problems(raw: bytes, name: str = "export.csv") -> list[str]:
    with pytest.raises(ExchangeInputError) as caught:
        read_export(raw, name)
    return [str(p) for p in caught.value.problems]


def test_a_kobo_csv_export_becomes_answers() -> None:
    answers, skipped = read_export(csv_export(example_rows([SUBMISSION_A, SUBMISSION_B])), "k.csv")
    assert skipped == 0
    a, b = answers
    assert (a.organisation, a.country, a.line, a.twinning) == (
        "Welcome Network A",
        "PT",
        2,
        "mentor",
    )
    assert a.needs[0].topics == ("housing", "employment")
    assert a.needs[0].languages == ("pt", "en")
    assert a.offers[0].kind == "study_visit"
    assert a.funding_sources == "Travel grants of the city"
    assert a.reference == "uuid:uuid-1"
    assert [o.kind for o in b.offers] == ["training", "resource"]
    assert b.needs == ()
    assert "kobo-user-amira" not in repr(answers)  # the submitter's name is never read


def test_odk_central_headers_and_comma_csv_and_xlsx() -> None:
    rows = example_rows([SUBMISSION_A])
    rows[0] = [h.replace("/", "-") for h in rows[0]]
    rows[0][rows[0].index("_uuid")] = "KEY"
    answers, _ = read_export(csv_export(rows, ","), "odk.csv")
    assert answers[0].needs[0].topics == ("housing", "employment")
    answers, _ = read_export(xlsx(example_rows([SUBMISSION_A, SUBMISSION_B])), "kobo.xlsx")
    assert [a.organisation for a in answers] == ["Welcome Network A", "Community Partner B"]


def test_rejected_submissions_are_left_out() -> None:
    rejected = {**SUBMISSION_B, "_validation_status": "validation_status_not_approved"}
    answers, skipped = read_export(csv_export(example_rows([SUBMISSION_A, rejected])), "k.csv")
    assert (len(answers), skipped) == (1, 1)


BAD: dict[str, tuple[dict[str, str], str]] = {
    "unknown topic": (
        {"need_1/topics": "housing hosing"},
        "k.csv:2: column need_1/topics: unknown topic 'hosing'; did you mean 'housing'?",
    ),
    "offer without kind": (
        {"offer_1/kind": ""},
        "k.csv:2: column offer_1/kind: must not be empty",
    ),
    "entry without topic": (
        {"need_1/topics": ""},
        "k.csv:2: column need_1/topics: at least one topic is needed",
    ),
    "bad twinning": ({"twinning": "sister"}, "k.csv:2: column twinning: 'sister' is not one of"),
    "bad country": (
        {"organisation/country": "XX"},
        "k.csv:2: column organisation/country: unknown country code 'XX'",
    ),
    "no organisation": (
        {"organisation/name": " "},
        "k.csv:2: column organisation/name: must not be empty",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_submissions_name_file_line_and_column(case: str) -> None:
    change, expected = BAD[case]
    raw = csv_export(example_rows([SUBMISSION_B, {**SUBMISSION_A, **change}]))
    found = problems(raw, "k.csv")
    assert found[0].replace("k.csv:3", "k.csv:2").startswith(expected), found


def test_every_problem_of_the_file_is_listed() -> None:
    bad_a = {**SUBMISSION_A, "need_1/topics": "hosing"}
    bad_b = {**SUBMISSION_B, "offer_2/kind": "gift"}
    found = problems(csv_export(example_rows([bad_a, bad_b])), "k.csv")
    assert [p.split(": ")[0] for p in found] == ["k.csv:2", "k.csv:3"]


def test_labels_instead_of_xml_names_are_explained() -> None:
    rows = [["Name of the organisation, as the coordinator invited it", "Topics"], ["A", "x"]]
    assert "XML values and headers" in problems(csv_export(rows))[0]


def test_duplicate_submission() -> None:
    same = {**SUBMISSION_B, "uuid": "x"}
    rows = example_rows([same, {**same, "organisation/name": "Other"}])
    assert "the same submission as on line 2" in problems(csv_export(rows))[0]


def test_not_utf8_and_not_a_workbook() -> None:
    assert (
        "not valid UTF-8"
        in problems("organisation/name;need_1/topics\nC\xe2mara;x\n".encode("latin-1"))[0]
    )
    assert "not an XLSX file" in problems(b"PK\x03\x04garbage", "k.xlsx")[0]
    assert "the file is empty" in problems(b"")[0]


def test_contract_xlsx_reads_like_csv_with_row_numbers() -> None:
    needs_rows: list[list[Any]] = [
        list(COLUMNS),
        ["n1", "Welcome Network A", "ngo", "PT", "housing", "", "pt", "Housing staff training"],
        [None] * 8,
        ["n2", "Welcome Network A", "ngo", "pt", "Housing;EMPLOYMENT", None, "en", 12],
    ]
    lines: dict[str, int] = {}
    needs = read_entries_bytes(xlsx(needs_rows), Need, "needs.xlsx", lines)
    assert [n.id for n in needs] == ["n1", "n2"]
    assert needs[1].topics == ("housing", "employment")
    assert needs[1].description == "12"
    assert lines == {"n1": 2, "n2": 4}
    needs_rows[3][4] = "hosing"
    with pytest.raises(ExchangeInputError, match=r"needs\.xlsx:4: column topics: unknown topic"):
        read_entries_bytes(xlsx(needs_rows), Need, "needs.xlsx")


def test_a_workbook_with_needs_and_offers_sheets() -> None:
    book = Workbook()
    book.active.title = "Needs"
    book.active.append(list(COLUMNS))
    book.active.append(["n1", "Welcome Network A", "ngo", "PT", "housing", "", "", ""])
    offers = book.create_sheet("offers")
    offers.append(list(COLUMNS))
    offers.append(["o1", "Community Partner B", "refugee_led", "PT", "hosing", "", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ExchangeInputError) as caught:
        read_workbook(buffer.getvalue(), "answers.xlsx")
    assert str(caught.value).startswith("answers.xlsx [offers]:2: column topics")
    offers["E2"] = "housing"
    buffer = io.BytesIO()
    book.save(buffer)
    lines: dict[str, dict[str, int]] = {}
    needs, found = read_workbook(buffer.getvalue(), "answers.xlsx", lines)
    assert [type(x) for x in (*needs, *found)] == [Need, Offer]
    answers = contract_answers(
        needs, found, files=("a [needs]", "a [offers]"), lines=(lines["needs"], lines["offers"])
    )
    assert [(a.organisation, len(a.needs), len(a.offers)) for a in answers] == [
        ("Welcome Network A", 1, 0),
        ("Community Partner B", 0, 1),
    ]
    assert answers[1].offers[0].file == "a [offers]"


cell = st.one_of(st.text(max_size=20), st.sampled_from(["housing", "pt", "", "PT", "ngo", "="]))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(cell, min_size=1, max_size=12), max_size=5), st.sampled_from([";", ","]))
def test_any_cell_text_gives_answers_or_our_error(rows: list[list[str]], delimiter: str) -> None:
    header = example_rows([])[0]
    raw = csv_export([header, *rows], delimiter)
    problems = []
    try:
        read_export(raw, "fuzz.csv")
    except ExchangeInputError as error:
        problems = error.problems
    assert all(p.file == "fuzz.csv" and p.line >= 0 for p in problems)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(cell, min_size=8, max_size=8), max_size=4))
def test_any_cell_text_in_a_contract_xlsx(rows: list[list[str]]) -> None:
    raw = xlsx([list(COLUMNS), *rows])
    with contextlib.suppress(ExchangeInputError):
        read_entries_bytes(raw, Need, "fuzz.xlsx")


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_answers_or_our_error(raw: bytes) -> None:
    for data in (raw, b"PK\x03\x04" + raw):
        with contextlib.suppress(ExchangeInputError):
            read_export(data, "fuzz.bin")
        with contextlib.suppress(ExchangeInputError):
            read_entries_bytes(data, Offer, "fuzz.bin")


def test_the_stateless_reader_takes_xlsx_files_too(tmp_path: Path) -> None:
    needs = tmp_path / "needs.xlsx"
    needs.write_bytes(
        xlsx(
            [
                list(COLUMNS),
                ["n1", "Câmara de Braga", "municipality", "PT", "housing", "", "pt", ""],
            ]
        )
    )
    offers = tmp_path / "offers.csv"
    offers.write_text(
        ",".join(COLUMNS) + "\no1,City of Winnipeg,municipality,CA,housing,,en,\n", encoding="utf-8"
    )
    found_needs, found_offers = read_needs_and_offers(needs, offers)
    assert [n.id for n in found_needs] == ["n1"]
    assert [o.id for o in found_offers] == ["o1"]
    with pytest.raises(ExchangeInputError, match=r"nope\.xlsx:0: column -: cannot read"):
        read_needs_and_offers(tmp_path / "nope.xlsx", offers)
