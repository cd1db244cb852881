"""Answers from a KoboToolbox or ODK export of the exchange questionnaire (no Django).

The export is the tool's CSV or XLSX of submissions with XML names as headers, group
names included: KoboToolbox writes `need_1/topics` (CSV separated by `;` or `,`), ODK
Central `need_1-topics`; both write a select_multiple as space-separated codes. Columns
of the tool's own (`_id`, `_submission_time`, `SubmitterName`, `meta/instanceID`, the
one-column-per-option split of select_multiples, ...) are ignored, except the
submission's id (duplicates are refused) and its review state (rejected submissions are
left out). Names of people the tool records (`SubmitterName`, `_submitted_by`) are
never read.

All-or-nothing: every problem is collected with its file, line and column first.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Sequence
from typing import Any

from welcomehub.exchange import xlsform
from welcomehub.exchange.io import (
    ExchangeInputError,
    FileAnswer,
    FileEntry,
    InputProblem,
    csv_rows,
)
from welcomehub.exchange.matching.codes import vocabulary
from welcomehub.exchange.spreadsheets import SheetError, is_xlsx, sheet_rows

_GROUPED = re.compile(
    r"^(?:data[/:.-])?(organisation|need_\d+|offer_\d+)[/:.-](\w+)$", re.IGNORECASE
)
_TOP = ("twinning", "funding_sources")
_IDS = ("meta/instanceid", "_uuid", "key", "instanceid")
_REVIEW = ("_validation_status", "reviewstate")
_REJECTED = {"validation_status_not_approved", "rejected"}
CODE_COLUMNS = {
    "topics": ("exchange_topics", "topic"),
    "modalities": ("exchange_modalities", "modality"),
    "languages": ("languages", "language code"),
}
ENTRY_FIELDS = ("kind", "topics", "modalities", "languages", "description")


def _choices(list_name: str) -> tuple[str, ...]:
    return tuple(option["name"] for option in xlsform.spec()["choices"][list_name])


def _normalise(header: str) -> str:
    """`need_1-topics`, `data/need_1/topics`, `NEED_1:topics` → `need_1/topics`; other
    columns in lower case, ODK's `meta-instanceID` as `meta/instanceid`."""
    name = header.strip().lstrip("\ufeff").lower()
    match = _GROUPED.match(name)
    if match:
        return f"{match[1]}/{match[2]}"
    return name.replace("-", "/") if name.startswith("meta") else name


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return max((";", ",", "\t"), key=first.count)


class _Export:
    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[InputProblem] = []
        self.skipped = 0

    def problem(self, line: int, column: str, message: str) -> None:
        self.problems.append(InputProblem(self.name, line, column, message))

    def rows(self, raw: bytes) -> list[tuple[int, list[str]]]:
        if is_xlsx(raw):
            try:
                return sheet_rows(raw)
            except SheetError as exc:
                self.problem(0, "-", str(exc))
                return []
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            self.problem(line, "-", "not valid UTF-8; export the data again as CSV (UTF-8)")
            return []
        try:
            return list(csv_rows(text, _delimiter(text)))
        except csv.Error as exc:
            self.problem(0, "-", f"not a CSV file: {exc}")
            return []

    def header(self, cells: list[str]) -> list[str] | None:
        header = [_normalise(cell) for cell in cells]
        if "organisation/name" not in header:
            hint = (
                "; export with XML values and headers, group names included"
                if any(h in header for h in ("name", "topics"))
                or any(h.startswith("name of the organisation") for h in header)
                or not any(h.startswith(("need_", "offer_")) for h in header)
                else ""
            )
            self.problem(1, "organisation/name", f"missing column{hint}")
            return None
        if not any(re.match(r"(need|offer)_\d+/topics$", h) for h in header):
            self.problem(1, "need_1/topics", "missing column: no need or offer in the export")
            return None
        return header

    def codes(self, value: str, column: str, line: int) -> tuple[str, ...]:
        vocab_name, noun = CODE_COLUMNS[column.rsplit("/", 1)[1]]
        known = vocabulary(vocab_name).codes
        codes = [part.strip().lower() for part in value.split() if part.strip()]
        for code in codes:
            if code not in known:
                close = difflib.get_close_matches(code, known, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self.problem(line, column, f"unknown {noun} {code!r}{hint}")
        return tuple(dict.fromkeys(codes))

    def choice(self, value: str, column: str, line: int, options: Sequence[str]) -> str:
        code = value.strip().lower()
        if code and code not in options:
            self.problem(line, column, f"{code!r} is not one of {', '.join(options)}")
        return code

    def entries(self, cells: dict[str, str], side: str, line: int) -> tuple[FileEntry, ...]:
        slots = sorted(
            {int(h.split("/")[0].split("_")[1]) for h in cells if h.startswith(f"{side}_")}
        )
        entries = []
        for number in slots:
            prefix = f"{side}_{number}/"
            values = {f: cells.get(prefix + f, "").strip() for f in ENTRY_FIELDS}
            if not any(values.values()):
                continue
            topics = self.codes(values["topics"], prefix + "topics", line)
            if not topics:
                self.problem(line, prefix + "topics", "at least one topic is needed")
            kind = ""
            if side == "offer":
                kind = self.choice(values["kind"], prefix + "kind", line, _choices("offer_kinds"))
                if not kind:
                    self.problem(line, prefix + "kind", "must not be empty: what is offered?")
            entries.append(
                FileEntry(
                    line=line,
                    column=prefix,
                    topics=topics,
                    modalities=self.codes(values["modalities"], prefix + "modalities", line),
                    languages=self.codes(values["languages"], prefix + "languages", line),
                    description=values["description"],
                    kind=kind,
                )
            )
        return tuple(entries)

    def submission(self, cells: dict[str, str], line: int) -> FileAnswer | None:
        review = next((cells[c].strip().lower() for c in _REVIEW if cells.get(c)), "")
        if review in _REJECTED:
            self.skipped += 1
            return None
        before = len(self.problems)
        organisation = cells.get("organisation/name", "").strip()
        if not organisation:
            self.problem(line, "organisation/name", "must not be empty")
        country = cells.get("organisation/country", "").strip().upper()
        if country and country not in vocabulary("countries").codes:
            self.problem(line, "organisation/country", f"unknown country code {country!r}")
        twinning = cells.get("twinning", "").strip()
        twinning = self.choice(twinning, "twinning", line, _choices("twinning")) or "none"
        answer = FileAnswer(
            file=self.name,
            line=line,
            organisation=organisation,
            column="organisation/name",
            country=country,
            needs=self.entries(cells, "need", line),
            offers=self.entries(cells, "offer", line),
            twinning=twinning,
            funding_sources=cells.get("funding_sources", "").strip(),
            reference=next((cells[c].strip() for c in _IDS if cells.get(c, "").strip()), ""),
        )
        return answer if len(self.problems) == before else None

    def read(self, raw: bytes) -> list[FileAnswer]:
        rows = self.rows(raw)
        if not rows:
            if not self.problems:
                self.problem(1, "-", "the file is empty")
            return []
        header = self.header(rows[0][1])
        if header is None:
            return []
        answers: list[FileAnswer] = []
        seen: dict[str, int] = {}
        for line, row in rows[1:]:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                self.problem(line, header[-1], f"{len(row)} fields for {len(header)} columns")
                continue
            cells = dict(zip(header, row, strict=False))
            answer = self.submission(cells, line)
            if answer is None:
                continue
            if answer.reference and answer.reference in seen:
                first = seen[answer.reference]
                self.problem(line, "_uuid", f"the same submission as on line {first}")
                continue
            if answer.reference:
                seen[answer.reference] = line
            answers.append(answer)
        return answers


def read_export(raw: bytes, name: str) -> tuple[list[FileAnswer], int]:
    """The submissions of an export and how many rejected ones were left out; raises
    ExchangeInputError with every problem."""
    export = _Export(name)
    answers = export.read(raw)
    if export.problems:
        raise ExchangeInputError(export.problems)
    return answers, export.skipped


def example_rows(answers: Sequence[dict[str, Any]]) -> list[list[str]]:
    """A KoboToolbox-style export (header first) of answers given as plain dicts, for
    the documentation's example and the tests."""
    header = ["start", "end", "organisation/name", "organisation/country"]
    for side in ("need", "offer"):
        for number in range(1, xlsform.slots(side) + 1):
            header += [f"{side}_{number}/{field}" for field in xlsform.slot_fields(side)]
    header += ["twinning", "funding_sources", "meta/instanceID", "_id", "_uuid"]
    header += ["_submission_time", "_validation_status", "_submitted_by", "_index"]
    rows = [header]
    for index, answer in enumerate(answers, start=1):
        values = {
            "start": "2026-10-01T09:00:00.000+01:00",
            "end": "2026-10-01T09:20:00.000+01:00",
            "_id": str(1000 + index),
            "_uuid": answer.get("uuid", f"uuid-{index}"),
            "meta/instanceID": f"uuid:{answer.get('uuid', f'uuid-{index}')}",
            "_submission_time": "2026-10-01T08:21:00",
            "_index": str(index),
            **{k: v for k, v in answer.items() if k != "uuid"},
        }
        rows.append([values.get(column, "") for column in header])
    return rows
