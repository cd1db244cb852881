"""Read NEEDS.csv and OFFERS.csv (DESIGN §4) into engine objects, or say exactly what is wrong.

Every problem names the file, the physical line and the column. All problems of both
files are collected before anything is matched, so one run shows them all. Codes are
checked against `welcomehub/core/data/codes.json`, read as plain JSON (no Django).
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from welcomehub.exchange.matching.codes import vocabulary
from welcomehub.exchange.matching.model import Entry, Need, Offer

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


class _Reader:
    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.name = name
        self.problems: list[InputProblem] = []

    def problem(self, line: int, column: str, message: str) -> None:
        self.problems.append(InputProblem(self.name, line, column, message))

    def text(self) -> str | None:
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            self.problem(0, "-", f"cannot read the file: {exc.strerror or exc}")
            return None
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            self._encoding_problem(raw, exc)
            return None

    def _encoding_problem(self, raw: bytes, exc: UnicodeDecodeError) -> None:
        line = raw[: exc.start].count(b"\n") + 1
        header = next(csv.reader([raw.split(b"\n", 1)[0].decode("utf-8", "replace")]), [])
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        before = raw[line_start : exc.start].decode("utf-8", "replace")
        fields = next(csv.reader([before]), [""])
        index = len(fields) - 1
        column = header[index].strip() if 0 <= index < len(header) else "-"
        self.problem(
            line,
            column,
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
        )

    def entries(self, kind: type[E]) -> list[E]:
        text = self.text()
        if text is None:
            return []
        reader = csv.reader(io.StringIO(text, newline=""))
        header = [name.strip() for name in next(reader, [])]
        if not self._header_ok(header):
            return []
        seen: dict[str, int] = {}
        entries: list[E] = []
        line = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                entry = self._entry(kind, header, row, line, seen)
                if entry is not None:
                    entries.append(entry)
            line = reader.line_num + 1
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


def read_entries(path: Path | str, kind: type[E], name: str | None = None) -> list[E]:
    reader = _Reader(Path(path), name or str(path))
    entries = reader.entries(kind)
    if reader.problems:
        raise ExchangeInputError(reader.problems)
    return entries


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
