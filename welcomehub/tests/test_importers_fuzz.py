"""Fuzzing of every file importer (issue 9): arbitrary bytes, CSV-shaped text with hostile
cells, and broken or random workbooks never raise anything but the importer's own error
type; a failed import through the web writes nothing.

Importers: exchange needs/offers (CSV/XLSX), exchange workbooks, Kobo/ODK exports,
placement contract files, evaluation item banks (CSV/XLSX) and the connections CLI files.
Nothing in the platform reads HXL (it is only written), so there is no HXL reader to fuzz.
"""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from welcomehub.connections.matching.files import MatchInputError, read_problem
from welcomehub.evaluation import imports as bank
from welcomehub.exchange import kobo, matching
from welcomehub.exchange.io import ExchangeInputError, read_entries, read_entries_bytes
from welcomehub.exchange.io import read_workbook as exchange_workbook
from welcomehub.placement import io as placement_io

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)

EXCHANGE_COLUMNS = [
    "id",
    "organisation",
    "organisation_type",
    "country",
    "topics",
    "modalities",
    "languages",
    "description",
]
BANK_COLUMNS = [
    "area",
    "area_title",
    "code",
    "dimension",
    "tier",
    "text",
    "guidance",
    "evidence",
    "area_weight",
]
NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "nan",
    "inf",
    "9" * 40,
    "a;b;;c",
    ";",
    '"',
    "\n",
    "\r\n",
    "\x00",
    "\ufeff",
    "=cmd|' /C calc'!A0",
    "حماية",
    "Ωmega",
    "<script>",
    "../../etc/passwd",
    "true",
    "yes",
    "x" * 300,
]

cells = st.one_of(st.sampled_from(NASTY), st.text(max_size=30))


def csv_text(columns: list[str]) -> st.SearchStrategy[str]:
    """A header mixing expected and unexpected columns, then ragged rows of hostile cells."""

    @st.composite
    def build(draw: Any) -> str:
        header = draw(
            st.lists(st.one_of(st.sampled_from(columns), st.text(max_size=10)), max_size=12)
        )
        if draw(st.booleans()):
            header = list(columns) + header[:2]
        rows = draw(st.lists(st.lists(cells, max_size=len(header) + 2), max_size=8))
        delimiter = draw(st.sampled_from([",", ";", "\t"]))
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
        return out.getvalue()

    return build()


def encoded(columns: list[str]) -> st.SearchStrategy[bytes]:
    text = csv_text(columns)
    return st.one_of(
        st.binary(max_size=3000),
        text.map(lambda t: t.encode("utf-8")),
        text.map(lambda t: "\ufeff".encode() + t.encode("utf-16")),
        st.tuples(text, st.binary(max_size=20), st.integers(0, 500)).map(
            lambda x: x[0].encode()[: x[2]] + x[1] + x[0].encode()[x[2] :]
        ),
        zips(),
        workbooks(columns),
    )


def zips() -> st.SearchStrategy[bytes]:
    """Zip archives that look like a workbook from outside but hold anything."""
    names = st.sampled_from(
        ["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "docProps/app.xml"]
    )

    def build(members: list[tuple[str, bytes]]) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for name, content in members:
                archive.writestr(name, content)
        return out.getvalue()

    members = st.lists(
        st.tuples(names, st.binary(max_size=200)), max_size=4, unique_by=lambda m: m[0]
    )
    return members.map(build)


def workbooks(columns: list[str]) -> st.SearchStrategy[bytes]:
    """Real XLSX files: sheets with random names and cells of any type, maybe truncated."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    values = st.one_of(
        cells.map(lambda s: ILLEGAL_CHARACTERS_RE.sub("", s)),
        st.integers(-(10**12), 10**12),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.none(),
        st.dates(),
    )

    @st.composite
    def build(draw: Any) -> bytes:
        book = Workbook()
        sheet = book.active
        sheet.title = draw(st.sampled_from(["needs", "offers", "Sheet", "data", "framework"]))
        header = draw(st.lists(st.sampled_from(columns), max_size=len(columns), unique=True))
        sheet.append(header)
        for row in draw(st.lists(st.lists(values, max_size=len(columns) + 1), max_size=5)):
            sheet.append(row)
        if draw(st.booleans()):
            book.create_sheet(draw(st.sampled_from(["offers", "needs", "other"])))
        out = io.BytesIO()
        book.save(out)
        raw = out.getvalue()
        cut = draw(st.sampled_from([None, len(raw) // 2, len(raw) - 30]))
        return raw if cut is None else raw[:cut]

    return build()


def only(
    error_type: type[BaseException] | tuple[type[BaseException], ...], call: Callable[[], Any]
):
    """Either a result or the importer's own error; anything else fails the test."""
    try:
        return call()
    except error_type:
        return None


def _file(raw: bytes, suffix: str = ".csv") -> Path:
    handle = tempfile.NamedTemporaryFile(delete=False, suffix=suffix)  # noqa: SIM115
    with handle:
        handle.write(raw)
    return Path(handle.name)


# --- exchange -----------------------------------------------------------------------------


@FUZZ
@given(raw=encoded(EXCHANGE_COLUMNS), kind=st.sampled_from([matching.Need, matching.Offer]))
def test_exchange_needs_and_offers_upload(raw: bytes, kind: type) -> None:
    only(ExchangeInputError, lambda: read_entries_bytes(raw, kind, "upload.csv"))


@FUZZ
@given(raw=encoded(EXCHANGE_COLUMNS), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_exchange_needs_file_from_the_command_line(raw: bytes, suffix: str) -> None:
    path = _file(raw, suffix)
    try:
        only(ExchangeInputError, lambda: read_entries(path, matching.Need))
    finally:
        path.unlink()


@FUZZ
@given(raw=st.one_of(workbooks(EXCHANGE_COLUMNS), zips(), st.binary(max_size=500)))
def test_exchange_workbook(raw: bytes) -> None:
    only(ExchangeInputError, lambda: exchange_workbook(raw, "book.xlsx"))


@FUZZ
@given(raw=encoded([*kobo.example_rows([])[0], "_validation_status", "_uuid"]))
def test_kobo_and_odk_export(raw: bytes) -> None:
    only(ExchangeInputError, lambda: kobo.read_export(raw, "export.csv"))


# --- evaluation item bank -----------------------------------------------------------------


@FUZZ
@given(raw=encoded(BANK_COLUMNS), name=st.sampled_from(["bank.csv", "bank.xlsx", "bank.CSV"]))
def test_item_bank_import(raw: bytes, name: str) -> None:
    def run() -> Any:
        rows = bank.read_table(raw, name)
        return bank.parse(rows, code="fuzz", version="1", title="Fuzz")

    only(bank.ImportProblems, run)


# --- placement contract files -------------------------------------------------------------


@FUZZ
@given(
    cases=encoded(list(placement_io.CASE_COLUMNS)),
    locations=encoded(list(placement_io.LOCATION_COLUMNS)),
    scores=encoded(list(placement_io.SCORE_COLUMNS)),
    pairs=encoded(list(placement_io.PAIR_COLUMNS)),
)
def test_placement_files(cases: bytes, locations: bytes, scores: bytes, pairs: bytes) -> None:
    paths = [_file(raw) for raw in (cases, locations, scores, pairs)]
    try:
        only(
            placement_io.InputError,
            lambda: placement_io.read_instance(
                paths[0], paths[1], paths[2], locks=paths[3], bars=paths[3]
            ),
        )
        only(placement_io.InputError, lambda: placement_io.read_locations(paths[1]))
    finally:
        for path in paths:
            path.unlink()


# --- connections command-line files -------------------------------------------------------


@FUZZ
@given(
    households=encoded(["household_id", "preferences", "language"]),
    mentors=encoded(["mentor_id", "capacity", "preferences"]),
)
def test_connections_match_files(households: bytes, mentors: bytes) -> None:
    paths = [_file(households), _file(mentors)]
    try:
        only(MatchInputError, lambda: read_problem(paths[0], paths[1]))
    finally:
        for path in paths:
            path.unlink()


# --- edges hypothesis rarely reaches ------------------------------------------------------

HUGE_FIELD = b'id,description\n1,"' + b"x" * 200_000 + b'"\n'


def test_a_field_beyond_the_csv_limit_is_a_clear_problem_everywhere(tmp_path: Path) -> None:
    """Python's csv module raises csv.Error above 131,072 characters in a field."""
    only(ExchangeInputError, lambda: read_entries_bytes(HUGE_FIELD, matching.Need, "n.csv"))
    only(ExchangeInputError, lambda: kobo.read_export(HUGE_FIELD, "export.csv"))
    only(bank.ImportProblems, lambda: bank.read_table(HUGE_FIELD, "bank.csv"))
    path = tmp_path / "cases.csv"
    path.write_bytes(HUGE_FIELD)
    only(placement_io.InputError, lambda: placement_io.read_locations(path))
    only(MatchInputError, lambda: read_problem(path, path))


@pytest.mark.parametrize("name", ["bank.xlsx", "needs.xlsx"])
def test_a_zip_bomb_is_refused(name: str) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * 60_000_000 + b">")
    raw = out.getvalue()
    assert len(raw) < bank.MAX_BYTES
    only(ExchangeInputError, lambda: read_entries_bytes(raw, matching.Need, name))
    only(bank.ImportProblems, lambda: bank.read_table(raw, name))


# --- a failed import through the web writes nothing -----------------------------------


def _state() -> tuple[int, ...]:
    from welcomehub.core.models import AuditEvent
    from welcomehub.evaluation.models import Framework
    from welcomehub.exchange.models import Answer, Need, Offer

    return (
        Need.objects.count(),
        Offer.objects.count(),
        Answer.objects.filter(status="submitted").count(),
        Framework.objects.count(),
        AuditEvent.objects.count(),
    )


WEB = settings(
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.django_db
@WEB
@given(
    raw=encoded(EXCHANGE_COLUMNS),
    field=st.sampled_from(["export", "workbook", "needs"]),
    submit=st.booleans(),
)
def test_a_failed_round_import_on_the_page_writes_nothing(
    world: Any, raw: bytes, field: str, submit: bool
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from welcomehub.exchange.tests.support import build_exchange

    exchange = getattr(world, "_fuzz_exchange", None) or build_exchange(world)
    world._fuzz_exchange = exchange
    url = reverse("exchange:round_import", args=[exchange.draft_round.pk])
    client = world.client(world.users["coordinator"])  # signing in is audited: before counting
    before = _state()
    data: dict[str, Any] = {field: SimpleUploadedFile(f"{field}.csv", raw)}
    if submit:
        data["submit"] = "on"
    response = client.post(url, data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:  # refused, with the problems on the page
        assert _state() == before


@pytest.mark.django_db
@WEB
@given(raw=encoded(BANK_COLUMNS), name=st.sampled_from(["bank.csv", "bank.xlsx"]))
def test_a_failed_item_bank_import_on_the_page_writes_nothing(
    world: Any, raw: bytes, name: str
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client = world.client(world.users["coordinator"])
    before = _state()
    response = client.post(
        reverse("evaluation:framework_import"),
        {
            "organisation": world.org_a.pk,
            "code": "fuzz",
            "version": "1",
            "title": "Fuzz",
            "file": SimpleUploadedFile(name, raw),
        },
    )
    assert response.status_code in (200, 302, 404)
    if response.status_code != 302:
        assert _state() == before
