"""The short satisfaction survey, a versioned data file (DESIGN §3 rule 6)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

DATA_FILE = Path(__file__).resolve().parent / "data" / "satisfaction.json"


def _pick(texts: dict[str, str]) -> str:
    language = (get_language() or "en").lower()
    for candidate in (language, language.split("-")[0], "en"):
        if texts.get(candidate):
            return texts[candidate]
    return next(iter(texts.values()))


@dataclass(frozen=True)
class Question:
    code: str
    texts: dict[str, str]

    @property
    def text(self) -> str:
        """In the active language, falling back to English."""
        return _pick(self.texts)


@dataclass(frozen=True)
class Survey:
    version: str
    questions: tuple[Question, ...]
    scale: dict[str, dict[str, str]]

    def scale_label(self, point: int) -> str:
        texts = self.scale.get(str(point))
        return _pick(texts) if texts else str(point)


@cache
def survey() -> Survey:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return Survey(
        version=data["version"],
        questions=tuple(Question(q["code"], q["text"]) for q in data["questions"]),
        scale=data["scale"],
    )
