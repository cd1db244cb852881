"""Reading and validating the CSV files of the stateless placement contract (DESIGN §4).

Everything here is plain Python: the management command and, later, an upload form call
it and get either an `Instance` or an `InputError` naming the file, the line (1 is the
header) and the column. Lists are `;`-separated and may be empty. Need and service
codes are the `placement_needs` vocabulary of the versioned reference file
`welcomehub/core/data/codes.json` (DESIGN §5); languages and nationalities are kept as
given. Columns beyond the contract's are ignored, except an optional `head_gender` in
CASES.csv (a group key for fairness floors). Optional PAIRS files (`case_id,location_id`)
give locks and bars for `read_instance`.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from welcomehub.placement.domain import Case, Instance, Location

CASE_COLUMNS = (
    "case_id",
    "size",
    "school_age_children",
    "needs",
    "languages",
    "nationality",
    "family_location_id",
    "preferred_location_ids",
)
LOCATION_COLUMNS = (
    "location_id",
    "name",
    "capacity_persons",
    "capacity_school_places",
    "capacity_medical_cases",
    "services",
    "languages",
    "diaspora_nationalities",
)
SCORE_COLUMNS = ("case_id", "location_id", "score")
PAIR_COLUMNS = ("case_id", "location_id")
CODES_FILE = Path(__file__).resolve().parent.parent / "core" / "data" / "codes.json"


@cache
def placement_codes() -> frozenset[str]:
    with CODES_FILE.open(encoding="utf-8") as handle:
        data = json.load(handle)
    return frozenset(entry["code"] for entry in data["vocabularies"]["placement_needs"]["codes"])


class InputError(ValueError):
    """A bad input file, located as `FILE:LINE: column COLUMN: message`."""

    def __init__(self, file: str, line: int, column: str, message: str) -> None:
        super().__init__(f"{file}:{line}: column {column}: {message}")
        self.file, self.line, self.column, self.message = file, line, column, message


@dataclass(frozen=True)
class Row:
    file: str
    line: int
    values: dict[str, str]

    def error(self, column: str, message: str) -> InputError:
        return InputError(self.file, self.line, column, message)

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.values[column]
        if required and not value:
            raise self.error(column, "must not be empty")
        return value

    def integer(self, column: str, *, minimum: int) -> int:
        value = self.values[column]
        try:
            number = int(value)
        except ValueError:
            raise self.error(column, f"{value!r} is not an integer") from None
        if number < minimum:
            raise self.error(column, f"{number} is below the minimum of {minimum}")
        return number

    def items(self, column: str) -> tuple[str, ...]:
        return tuple(item.strip() for item in self.values[column].split(";") if item.strip())

    def codes(self, column: str) -> frozenset[str]:
        items = self.items(column)
        for item in items:
            if item not in placement_codes():
                known = ", ".join(sorted(placement_codes()))
                raise self.error(column, f"unknown code {item!r} (known: {known})")
        return frozenset(items)


def _decode(path: Path, name: str) -> tuple[str, bool]:
    """The file's text and whether it held bytes that are not UTF-8; those are kept as
    lone surrogates so that parsing can name the line and column they are in."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(name, 1, "-", f"cannot read the file: {error.strerror}") from None
    try:
        return raw.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "surrogateescape"), True


def _not_utf8(fields: list[str]) -> int | None:
    for index, field in enumerate(fields):
        if any("\udc80" <= char <= "\udcff" for char in field):
            return index
    return None


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[Row]:
    """Rows of a CSV file as dicts, with the header checked; blank lines are skipped."""
    name = str(path)
    text, undecodable = _decode(path, name)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [field.strip() for field in next(reader)]
    except StopIteration:
        raise InputError(name, 1, required[0], "the file is empty; a header is required") from None
    except csv.Error as error:
        raise InputError(name, 1, "-", f"malformed CSV: {error}") from None
    if undecodable and (bad := _not_utf8(header)) is not None:
        raise InputError(name, 1, f"#{bad + 1}", "is not valid UTF-8")
    for column in header:
        if header.count(column) > 1:
            raise InputError(name, 1, column, "appears twice in the header")
    for column in required:
        if column not in header:
            raise InputError(name, 1, column, "missing column")
    line = reader.line_num
    while True:
        start = line + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise InputError(name, start, "-", f"malformed CSV: {error}") from None
        line = reader.line_num
        if undecodable and (bad := _not_utf8(fields)) is not None:
            column = header[bad] if bad < len(header) else f"#{bad + 1}"
            raise InputError(name, start, column, "is not valid UTF-8")
        if not fields or all(not field.strip() for field in fields):
            continue
        if len(fields) != len(header):
            column = header[len(fields)] if len(fields) < len(header) else f"#{len(fields)}"
            raise InputError(
                name, start, column, f"expected {len(header)} fields, found {len(fields)}"
            )
        values = {key: value.strip() for key, value in zip(header, fields, strict=True)}
        yield Row(name, start, values)


def _unique(row: Row, column: str, seen: set[str]) -> str:
    value = row.text(column, required=True)
    if value in seen:
        raise row.error(column, f"duplicate id {value!r}")
    seen.add(value)
    return value


def read_locations(path: Path) -> list[Location]:
    locations: list[Location] = []
    seen: set[str] = set()
    for row in _rows(path, LOCATION_COLUMNS):
        locations.append(
            Location(
                location_id=_unique(row, "location_id", seen),
                name=row.text("name"),
                capacity_persons=row.integer("capacity_persons", minimum=0),
                capacity_school_places=row.integer("capacity_school_places", minimum=0),
                capacity_medical_cases=row.integer("capacity_medical_cases", minimum=0),
                services=row.codes("services"),
                languages=frozenset(row.items("languages")),
                diaspora_nationalities=frozenset(row.items("diaspora_nationalities")),
            )
        )
    return locations


def _case(row: Row, seen: set[str], location_ids: set[str]) -> Case:
    case_id = _unique(row, "case_id", seen)
    size = row.integer("size", minimum=1)
    children = row.integer("school_age_children", minimum=0)
    if children > size:
        raise row.error("school_age_children", f"{children} is more than the size {size}")
    family = row.text("family_location_id") or None
    if family is not None and family not in location_ids:
        raise row.error("family_location_id", f"unknown location {family!r}")
    preferred = row.items("preferred_location_ids")
    for location_id in preferred:
        if location_id not in location_ids:
            raise row.error("preferred_location_ids", f"unknown location {location_id!r}")
    return Case(
        case_id=case_id,
        size=size,
        school_age_children=children,
        needs=row.codes("needs"),
        languages=frozenset(row.items("languages")),
        nationality=row.text("nationality"),
        family_location_id=family,
        preferred_location_ids=tuple(dict.fromkeys(preferred)),
        head_gender=row.values.get("head_gender", ""),
    )


def read_cases(path: Path, location_ids: set[str]) -> list[Case]:
    seen: set[str] = set()
    return [_case(row, seen, location_ids) for row in _rows(path, CASE_COLUMNS)]


def read_scores(path: Path, cases: list[Case], locations: list[Location]) -> np.ndarray:
    """A (cases, locations) matrix of given scores, NaN where SCORES.csv has none."""
    case_index = {case.case_id: i for i, case in enumerate(cases)}
    location_index = {location.location_id: j for j, location in enumerate(locations)}
    scores = np.full((len(cases), len(locations)), np.nan)
    for row in _rows(path, SCORE_COLUMNS):
        case_id, location_id = row.text("case_id"), row.text("location_id")
        if case_id not in case_index:
            raise row.error("case_id", f"unknown case {case_id!r}")
        if location_id not in location_index:
            raise row.error("location_id", f"unknown location {location_id!r}")
        try:
            value = float(row.text("score"))
        except ValueError:
            raise row.error("score", f"{row.text('score')!r} is not a number") from None
        if not math.isfinite(value):
            raise row.error("score", "must be a finite number")
        i, j = case_index[case_id], location_index[location_id]
        if not np.isnan(scores[i, j]):
            raise row.error("location_id", f"second score for the pair {case_id}/{location_id}")
        scores[i, j] = value
    return scores


def read_pairs(
    path: Path, case_ids: set[str], location_ids: set[str], *, one_per_case: bool
) -> list[tuple[str, str]]:
    """(case_id, location_id) pairs of a PAIRS file; `one_per_case` for locks."""
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for row in _rows(path, PAIR_COLUMNS):
        case_id = row.text("case_id", required=True)
        location_id = row.text("location_id", required=True)
        if case_id not in case_ids:
            raise row.error("case_id", f"unknown case {case_id!r}")
        if location_id not in location_ids:
            raise row.error("location_id", f"unknown location {location_id!r}")
        if one_per_case and case_id in seen:
            raise row.error("case_id", f"second lock for case {case_id!r}")
        seen.add(case_id)
        pairs.append((case_id, location_id))
    return pairs


def read_instance(
    cases: Path,
    locations: Path,
    scores: Path | None = None,
    *,
    locks: Path | None = None,
    bars: Path | None = None,
) -> Instance:
    """The instance of the contract files (and optional lock and bar files), or
    `InputError` at the first problem."""
    location_list = read_locations(locations)
    location_ids = {location.location_id for location in location_list}
    case_list = read_cases(cases, location_ids)
    case_ids = {case.case_id for case in case_list}
    matrix = read_scores(scores, case_list, location_list) if scores is not None else None
    locked = {}
    if locks is not None:
        locked = dict(read_pairs(locks, case_ids, location_ids, one_per_case=True))
    barred: frozenset[tuple[str, str]] = frozenset()
    if bars is not None:
        barred = frozenset(read_pairs(bars, case_ids, location_ids, one_per_case=False))
    return Instance(
        cases=tuple(case_list),
        locations=tuple(location_list),
        scores=matrix,
        locked=locked,
        barred=barred,
    )
