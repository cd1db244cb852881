"""The exchange questionnaire as an XLSForm, built from `data/questionnaire.json`.

The JSON is the readable source: questions with their labels in the six languages, and
the choice lists that are not reference codes. Topics, modalities, languages and countries
come from `core/data/codes.json` (DESIGN §5), so the form's codes are the platform's.
A need or offer is a group of fields; the form has a fixed number of each ("slots"),
each slot shown once the previous one has a topic, so a KoboToolbox or ODK export stays
one flat row per organisation (`need_1/topics`, `offer_2/kind`, ...), which
`kobo.py` reads back.

`python -m welcomehub.exchange.xlsform` writes `data/exchange_questionnaire.xlsx`;
a test checks that the shipped file is what this module builds, and that pyxform
converts it to a valid XForm.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from functools import cache
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

DATA = Path(__file__).resolve().parent / "data"
SPEC_FILE = DATA / "questionnaire.json"
XLSFORM_FILE = DATA / "exchange_questionnaire.xlsx"
CODES_FILE = Path(__file__).resolve().parents[1] / "core" / "data" / "codes.json"
LANGUAGES = ("en", "fr", "es", "ar", "uk", "fa-af")


@cache
def spec() -> dict[str, Any]:
    with SPEC_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def slots(kind: str) -> int:
    """How many needs ("need") or offers ("offer") the form asks for at most."""
    return next(int(item["count"]) for item in spec()["survey"] if item.get("slots") == kind)


def slot_fields(kind: str) -> list[str]:
    return next(list(item["fields"]) for item in spec()["survey"] if item.get("slots") == kind)


def _labels(texts: dict[str, str], **values: Any) -> list[str]:
    return [texts.get(code, texts["en"]).format(**values) for code in LANGUAGES]


def _code_choices(list_name: str, vocabulary: str) -> list[list[str]]:
    with CODES_FILE.open(encoding="utf-8") as handle:
        entries = json.load(handle)["vocabularies"][vocabulary]["codes"]
    rows = []
    for entry in entries:
        labels = dict(entry["labels"])
        if "native" in labels and labels["native"] != labels.get("en"):
            labels = {"en": f"{labels['en']} ({labels['native']})"}
        rows.append([list_name, entry["code"], *_labels(labels)])
    return rows


def _question(
    item: dict[str, Any], name: str, *, required: str = "", relevant: str = "", **values: Any
) -> list[Any]:
    label, hint = item.get("label"), item.get("hint")
    return [
        item["type"],
        name,
        *(_labels(label, **values) if label else [""] * len(LANGUAGES)),
        *(_labels(hint, **values) if hint else [""] * len(LANGUAGES)),
        required or ("yes" if item.get("required") else ""),
        relevant,
        item.get("appearance", ""),
    ]


def survey_rows() -> list[list[Any]]:
    rows = []
    data = spec()
    for item in data["survey"]:
        if "slots" not in item:
            rows.append(_question(item, item.get("name", "")))
            continue
        kind = item["slots"]
        for number in range(1, int(item["count"]) + 1):
            # a slot appears once the slot before it has a topic (relative XPath: the
            # names repeat across groups, so ${name} references cannot be used)
            relevant = "" if number == 1 else f"../{kind}_{number - 1}/topics != ''"
            group = {**item, "type": "begin group"}
            rows.append(_question(group, f"{kind}_{number}", relevant=relevant, n=number))
            for field in item["fields"]:
                question = data["fields"][field]
                # a slot's other fields are required only once its topics are given
                required = "../topics != ''" if question.get("required") else ""
                rows.append(_question({**question, "required": False}, field, required=required))
            rows.append(["end group", *[""] * (len(survey_header()) - 1)])
    return rows


def survey_header() -> list[str]:
    names = [spec()["languages"][code] for code in LANGUAGES]
    return [
        "type",
        "name",
        *[f"label::{name}" for name in names],
        *[f"hint::{name}" for name in names],
        "required",
        "relevant",
        "appearance",
    ]


def choice_rows() -> list[list[Any]]:
    data = spec()
    rows = []
    for list_name, vocabulary in data["code_lists"].items():
        rows += _code_choices(list_name, vocabulary)
    for list_name, options in data["choices"].items():
        rows += [[list_name, option["name"], *_labels(option["label"])] for option in options]
    return rows


def choice_header() -> list[str]:
    names = [spec()["languages"][code] for code in LANGUAGES]
    return ["list_name", "name", *[f"label::{name}" for name in names]]


def settings_rows() -> list[list[str]]:
    data = spec()
    default = data["languages"][data["default_language"]]
    title = data["title"]["en"]
    return [
        ["form_title", "form_id", "version", "default_language"],
        [title, data["form_id"], data["version"], default],
    ]


def build_workbook() -> bytes:
    """The XLSForm: sheets survey, choices and settings."""
    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    sheets = {
        "survey": (survey, [survey_header(), *survey_rows()]),
        "choices": (workbook.create_sheet("choices"), [choice_header(), *choice_rows()]),
        "settings": (workbook.create_sheet("settings"), settings_rows()),
    }
    for sheet, rows in sheets.values():
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    # fixed document dates, so building twice gives the same content
    workbook.properties.created = workbook.properties.modified = dt.datetime(2026, 1, 1)
    workbook.properties.creator = "Welcome Hub"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write(path: Path = XLSFORM_FILE) -> Path:
    path.write_bytes(build_workbook())
    return path


if __name__ == "__main__":  # pragma: no cover - the maintainer's command
    print(write())
