"""Read NEEDS.csv and OFFERS.csv (DESIGN §4) into engine objects, or say exactly what is wrong.

Every problem names the file, the physical line and the column. All problems of both
files are collected before anything is matched, so one run shows them all. Codes are
checked against `welcomehub/core/data/codes.json`, read as plain JSON (no Django).

The same columns are read from XLSX: a file of its own (its first sheet) or a workbook
with sheets `needs` and `offers`; a problem's line is then the spreadsheet's row number.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from welcomehub.exchange.matching.codes import vocabulary
from welcomehub.exchange.matching.model import Entry, Need, Offer
from welcomehub.exchange.spreadsheets import SheetError, is_xlsx, sheet_rows, workbook_sheets

COLUMNS = (
    "id",
    "organisation",
    "organisation_type",
    "country",
    "topics",
    "modalities",
    "languages",
    "description",
)
REQUIRED = ("id", "organisation", "organisation_type", "country")
CODE_LISTS = {
    "topics": ("exchange_topics", "topic"),
    "modalities": ("exchange_modalities", "modality"),
    "languages": ("languages", "language code (ISO 639-1)"),
}
E = TypeVar("E", bound=Entry)
Rows = Iterable[tuple[int, list[str]]]  # (line, cells), the header first


@dataclass(frozen=True)
class InputProblem:
    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: column {self.column}: {self.message}"


class ExchangeInputError(ValueError):
    def __init__(self, problems: Sequence[InputProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def _suggest(value: str, codes: Sequence[str]) -> str:
    close = difflib.get_close_matches(value, codes, n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _first_row(text: str) -> list[str]:
    """The first CSV row of `text`, or [] when even that cannot be read."""
    try:
        return next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error:
        return []


class _Reader:
    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.name = name
        self.problems: list[InputProblem] = []
        self.lines: dict[str, int] = {}  # entry id → the line it was read from

    def problem(self, line: int, column: str, message: str) -> None:
        self.problems.append(InputProblem(self.name, line, column, message))

    def text(self) -> str | None:
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            self.problem(0, "-", f"cannot read the file: {exc.strerror or exc}")
            return None
        return self.decode(raw)

    def decode(self, raw: bytes) -> str | None:
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            self._encoding_problem(raw, exc)
            return None

    def _encoding_problem(self, raw: bytes, exc: UnicodeDecodeError) -> None:
        line = raw[: exc.start].count(b"\n") + 1
        header = _first_row(raw.split(b"\n", 1)[0].decode("utf-8", "replace"))
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        before = raw[line_start : exc.start].decode("utf-8", "replace")
        fields = _first_row(before) or [""]
        index = len(fields) - 1
        column = header[index].strip() if 0 <= index < len(header) else "-"
        self.problem(
            line,
            column,
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
        )

    def csv_rows(self) -> Rows | None:
        text = self.text()
        return None if text is None else csv_rows(text)

    def entries(self, kind: type[E], rows: Rows | None = None) -> list[E]:
        """The entries of `rows`, or of the file's CSV text when no rows are given."""
        rows = self.csv_rows() if rows is None else rows
        if rows is None:
            return []
        iterator = iter(rows)
        try:
            first = next(iterator, None)
            header = [name.strip() for name in (first[1] if first else [])]
            if not self._header_ok(header):
                return []
            return self._entries(kind, header, iterator)
        except csv.Error as exc:  # e.g. a field beyond the csv module's size limit
            self.problem(0, "-", f"not a readable CSV file: {exc}")
            return []

    def _entries(
        self, kind: type[E], header: list[str], rows: Iterator[tuple[int, list[str]]]
    ) -> list[E]:
        seen: dict[str, int] = {}
        entries: list[E] = []
        for line, row in rows:
            if any(cell.strip() for cell in row):
                entry = self._entry(kind, header, row, line, seen)
                if entry is not None:
                    entries.append(entry)
                    self.lines[entry.id] = line
        return entries

    def _header_ok(self, header: list[str]) -> bool:
        for name in COLUMNS:
            if name not in header:
                self.problem(1, name, "missing column")
        for name in {n for n in header if header.count(n) > 1}:
            self.problem(1, name, "column appears more than once")
        return len(self.problems) == 0

    def _entry(
        self, kind: type[E], header: list[str], row: list[str], line: int, seen: dict[str, int]
    ) -> E | None:
        before = len(self.problems)
        if len(row) > len(header):
            self.problem(
                line,
                header[-1],
                f"{len(row)} fields for {len(header)} columns; quote text containing commas",
            )
            return None
        cells = {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header)}
        for name in REQUIRED:
            if not cells[name]:
                self.problem(line, name, "must not be empty")
        self._check_id(cells["id"], line, seen)
        kind_code = cells["organisation_type"].lower()
        types = vocabulary("organisation_types").codes
        if kind_code and kind_code not in types:
            message = f"unknown organisation type {kind_code!r}{_suggest(kind_code, types)}"
            self.problem(line, "organisation_type", message)
        country = cells["country"].upper()
        if country and country not in vocabulary("countries").codes:
            self.problem(line, "country", f"unknown country code {country!r} (ISO 3166-1 alpha-2)")
        lists = {name: self._codes(cells[name], name, line) for name in CODE_LISTS}
        if len(self.problems) > before:
            return None
        return kind(
            id=cells["id"],
            organisation=cells["organisation"],
            organisation_type=kind_code,
            country=country,
            description=cells["description"],
            **lists,
        )

    def _check_id(self, value: str, line: int, seen: dict[str, int]) -> None:
        if value in seen:
            self.problem(line, "id", f"duplicate id {value!r} (first on line {seen[value]})")
        elif value:
            seen[value] = line

    def _codes(self, cell: str, column: str, line: int) -> tuple[str, ...]:
        vocab_name, noun = CODE_LISTS[column]
        known = vocabulary(vocab_name).codes
        codes = [part.strip().lower() for part in cell.split(";") if part.strip()]
        for code in codes:
            if code not in known:
                self.problem(line, column, f"unknown {noun} {code!r}{_suggest(code, known)}")
        return tuple(dict.fromkeys(codes))


def csv_rows(text: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """CSV rows with the physical line each starts on (quoted text may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    for row in reader:
        yield line, row
        line = reader.line_num + 1


def read_entries(path: Path | str, kind: type[E], name: str | None = None) -> list[E]:
    """NEEDS or OFFERS from a CSV file, or from the first sheet of an XLSX file."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        try:
            raw = path.read_bytes()
        except OSError as exc:
            problem = InputProblem(name or str(path), 0, "-", f"cannot read the file: {exc}")
            raise ExchangeInputError([problem]) from exc
        return read_entries_bytes(raw, kind, name or str(path))
    reader = _Reader(path, name or str(path))
    entries = reader.entries(kind)
    if reader.problems:
        raise ExchangeInputError(reader.problems)
    return entries


def read_entries_bytes(
    raw: bytes, kind: type[E], name: str, lines: dict[str, int] | None = None
) -> list[E]:
    """An uploaded file of NEEDS or OFFERS: XLSX (its first sheet) or UTF-8 CSV; `lines`
    receives the line of each entry by id."""
    reader = _Reader(Path(name), name)
    if is_xlsx(raw):
        try:
            rows: Rows | None = sheet_rows(raw)
        except SheetError as exc:
            reader.problem(0, "-", str(exc))
            rows = None
    else:
        text = reader.decode(raw)
        rows = None if text is None else csv_rows(text)
    entries = reader.entries(kind, rows) if rows is not None else []
    if reader.problems:
        raise ExchangeInputError(reader.problems)
    if lines is not None:
        lines.update(reader.lines)
    return entries


def read_workbook(
    raw: bytes, name: str, lines: dict[str, dict[str, int]] | None = None
) -> tuple[list[Need], list[Offer]]:
    """A workbook with a sheet `needs` and a sheet `offers` (either may be absent, not
    both); all-or-nothing, every problem named by sheet, row and column."""
    try:
        sheets = workbook_sheets(raw, ("needs", "offers"))
    except SheetError as exc:
        raise ExchangeInputError([InputProblem(name, 0, "-", str(exc))]) from exc
    if not sheets:
        message = "the workbook needs a sheet named 'needs' or 'offers'"
        raise ExchangeInputError([InputProblem(name, 0, "-", message)])
    problems: list[InputProblem] = []
    found: dict[str, list[Any]] = {}
    for sheet, kind in (("needs", Need), ("offers", Offer)):
        reader = _Reader(Path(name), f"{name} [{sheet}]")
        found[sheet] = reader.entries(kind, sheets[sheet]) if sheet in sheets else []
        problems += reader.problems
        if lines is not None:
            lines[sheet] = reader.lines
    if problems:
        raise ExchangeInputError(problems)
    return found["needs"], found["offers"]


def _collect(path: Path | str, kind: type[E], problems: list[InputProblem]) -> list[E]:
    try:
        return read_entries(path, kind)
    except ExchangeInputError as exc:
        problems += exc.problems
        return []


def read_needs_and_offers(
    needs_path: Path | str, offers_path: Path | str
) -> tuple[list[Need], list[Offer]]:
    """Both files, all-or-nothing: every problem of both is reported together."""
    problems: list[InputProblem] = []
    needs = _collect(needs_path, Need, problems)
    offers = _collect(offers_path, Offer, problems)
    if problems:
        raise ExchangeInputError(problems)
    return needs, offers


# --- answers read from files: one organisation's needs and offers ----------------------


@dataclass(frozen=True)
class FileEntry:
    """A need or an offer as a file gives it; `column` prefixes the columns of problems."""

    line: int
    column: str
    topics: tuple[str, ...]
    modalities: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    description: str = ""
    kind: str = ""  # offers: what is offered ("" for needs, or derived from modalities)
    file: str = ""  # when it differs from its answer's file


@dataclass(frozen=True)
class FileAnswer:
    """One organisation's answer read from a file, before it meets the database."""

    file: str
    line: int
    organisation: str  # the organisation's name as the file spells it
    column: str  # the column that names the organisation
    needs: tuple[FileEntry, ...] = ()
    offers: tuple[FileEntry, ...] = ()
    country: str = ""  # when the file says it: checked against the organisation's
    twinning: str | None = None  # None: the file does not say; the answer keeps its own
    funding_sources: str | None = None
    reference: str = ""  # the submission's id in the tool that collected it


def contract_answers(
    needs: Sequence[Need],
    offers: Sequence[Offer],
    *,
    files: tuple[str, str],
    lines: tuple[dict[str, int], dict[str, int]],
) -> list[FileAnswer]:
    """Rows of NEEDS and OFFERS files (their names and lines by id in `files`, `lines`)
    grouped by organisation, in the order first seen."""
    grouped: dict[str, dict[str, Any]] = {}
    sides = (("needs", needs, files[0], lines[0]), ("offers", offers, files[1], lines[1]))
    for side, rows, file, at in sides:
        for row in rows:
            line = at.get(row.id, 0)
            group = grouped.setdefault(
                row.organisation.strip().casefold(),
                {"file": file, "line": line, "name": row.organisation.strip(), "c": row.country},
            )
            entry = FileEntry(
                line=line,
                column="",
                topics=row.topics,
                modalities=row.modalities,
                languages=row.languages,
                description=row.description,
                file=file,
            )
            group.setdefault(side, []).append(entry)
    return [
        FileAnswer(
            file=group["file"],
            line=group["line"],
            organisation=group["name"],
            column="organisation",
            country=group["c"],
            needs=tuple(group.get("needs", ())),
            offers=tuple(group.get("offers", ())),
        )
        for group in grouped.values()
    ]
