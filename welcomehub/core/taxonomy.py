"""Reference codes (DESIGN §5) read from the versioned data file `data/codes.json`.

Codes are stable identifiers stored in the database; labels are shown in the active
language, falling back to English.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

DATA_FILE = Path(__file__).resolve().parent / "data" / "codes.json"


@cache
def _data() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def version() -> str:
    return str(_data()["version"])


@cache
def _entries(vocabulary: str) -> dict[str, dict[str, Any]]:
    try:
        codes = _data()["vocabularies"][vocabulary]["codes"]
    except KeyError as exc:
        raise LookupError(f"Unknown vocabulary {vocabulary!r}") from exc
    return {entry["code"]: entry for entry in codes}


def codes(vocabulary: str) -> list[str]:
    return list(_entries(vocabulary))


def is_code(vocabulary: str, code: str) -> bool:
    return code in _entries(vocabulary)


def entry(vocabulary: str, code: str) -> dict[str, Any]:
    return _entries(vocabulary)[code]


def _pick(labels: dict[str, str]) -> str:
    language = (get_language() or "en").lower()
    for candidate in (language, language.split("-")[0], "en"):
        if labels.get(candidate):
            return labels[candidate]
    return next(iter(labels.values()))


def label(vocabulary: str, code: str) -> str:
    """The label of a code in the active language; an unknown code shows as itself."""
    found = _entries(vocabulary).get(code)
    return _pick(found["labels"]) if found else code


label_lazy = lazy(label, str)


def choices(vocabulary: str) -> list[tuple[str, str]]:
    """Form choices in the active language (call at request time, not import time)."""
    return [(code, label(vocabulary, code)) for code in _entries(vocabulary)]


def labels(vocabulary: str, values: Iterable[str]) -> list[str]:
    return [label(vocabulary, code) for code in values]


@deconstructible
class CodeValidator:
    """Accepts one code of a vocabulary."""

    def __init__(self, vocabulary: str) -> None:
        self.vocabulary = vocabulary

    def __call__(self, value: str) -> None:
        if not is_code(self.vocabulary, value):
            raise ValidationError(
                _("%(value)s is not a known code."), code="unknown_code", params={"value": value}
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CodeValidator) and other.vocabulary == self.vocabulary

    def __hash__(self) -> int:
        return hash(self.vocabulary)


@deconstructible
class CodeListValidator(CodeValidator):
    """Accepts a list of distinct codes of a vocabulary."""

    def __call__(self, value: Any) -> None:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValidationError(_("Expected a list of codes."), code="not_a_list")
        unknown = [v for v in value if not is_code(self.vocabulary, v)]
        if unknown:
            raise ValidationError(
                _("Unknown codes: %(codes)s."),
                code="unknown_code",
                params={"codes": ", ".join(unknown)},
            )
        if len(set(value)) != len(value):
            raise ValidationError(_("A code is listed twice."), code="duplicate_code")
