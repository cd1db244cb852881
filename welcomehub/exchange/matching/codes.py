"""The reference codes the exchange uses, read straight from the project's data file.

`welcomehub/core/data/codes.json` is the single source of the codes (decision 0004). This
module reads it as plain JSON so that the engine and the CSV reader stay free of Django.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CODES_FILE = Path(__file__).resolve().parents[2] / "core" / "data" / "codes.json"

VOCABULARIES = (
    "exchange_topics",
    "exchange_modalities",
    "organisation_types",
    "languages",
    "countries",
)


@dataclass(frozen=True)
class Vocabulary:
    name: str
    codes: tuple[str, ...]
    labels: dict[str, str]  # English labels, used in reasons

    def label(self, code: str) -> str:
        return self.labels.get(code, code.replace("_", " "))


@cache
def vocabulary(name: str) -> Vocabulary:
    with CODES_FILE.open(encoding="utf-8") as handle:
        data = json.load(handle)["vocabularies"][name]
    codes = tuple(entry["code"] for entry in data["codes"])
    labels = {entry["code"]: entry["labels"].get("en", entry["code"]) for entry in data["codes"]}
    return Vocabulary(name=name, codes=codes, labels=labels)
