"""Load the indicator catalogue from its data file (DESIGN §3 rule 6).

Rows are keyed by code and upserted, so a new version of the file updates wording in
place; indicators and questions no longer in the file are kept (answers refer to
them) but marked inactive.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import get_language

DATA_FILE = Path(__file__).resolve().parent / "data" / "indicators.json"
LANGUAGES = ("en", "fr", "es", "ar", "uk", "fa-af")


@cache
def read_catalogue_file() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def version() -> str:
    return str(read_catalogue_file()["version"])


def localised(texts: dict[str, str]) -> str:
    """The text in the active language, falling back to its base language, then English."""
    language = (get_language() or "en").lower()
    for candidate in (language, language.split("-")[0], "en"):
        if texts.get(candidate):
            return texts[candidate]
    return next(iter(texts.values()), "")


def sync_catalogue(apps: Any = None) -> None:
    """Make the catalogue tables match the data file; takes a migration's app registry."""
    if apps is None:
        from django.apps import apps as registry

        apps = registry
    data = read_catalogue_file()
    catalogue, _created = apps.get_model("outcomes", "Catalogue").objects.get_or_create(
        version=data["version"]
    )
    scale_model = apps.get_model("outcomes", "Scale")
    scales = {
        spec["code"]: scale_model.objects.update_or_create(
            code=spec["code"],
            defaults={
                "kind": spec["kind"],
                "minimum": spec["minimum"],
                "maximum": spec["maximum"],
                "labels": spec["labels"],
                "catalogue": catalogue,
            },
        )[0]
        for spec in data["scales"]
    }
    indicator_codes: list[str] = []
    question_codes: list[str] = []
    for domain in data["domains"]:
        indicator_codes += _sync_indicators(apps, catalogue, domain)
        question_codes += _sync_questions(apps, catalogue, domain, scales, len(question_codes))
    indicator_model = apps.get_model("outcomes", "Indicator")
    indicator_model.objects.exclude(code__in=indicator_codes).update(active=False)
    question_model = apps.get_model("outcomes", "Question")
    question_model.objects.exclude(code__in=question_codes).update(active=False)


def _sync_indicators(apps: Any, catalogue: Any, domain: dict[str, Any]) -> list[str]:
    model = apps.get_model("outcomes", "Indicator")
    for spec in domain["indicators"]:
        model.objects.update_or_create(
            code=spec["code"],
            defaults={
                "domain": domain["code"],
                "kind": spec["kind"],
                "text": spec["text"],
                "active": True,
                "catalogue": catalogue,
            },
        )
    return [spec["code"] for spec in domain["indicators"]]


def _sync_questions(
    apps: Any, catalogue: Any, domain: dict[str, Any], scales: dict[str, Any], position: int
) -> list[str]:
    """The domain's questions, numbered on from `position` in the file's order."""
    model = apps.get_model("outcomes", "Question")
    indicators = {
        i.code: i
        for i in apps.get_model("outcomes", "Indicator").objects.filter(domain=domain["code"])
    }
    for offset, spec in enumerate(domain["questions"], start=1):
        model.objects.update_or_create(
            code=spec["code"],
            defaults={
                "domain": domain["code"],
                "indicator": indicators.get(spec["indicator"]),
                "scale": scales[spec["scale"]],
                "text": spec["text"],
                "higher_is_better": spec["higher_is_better"],
                "zaragoza": spec["zaragoza"],
                "oecd": spec["oecd"],
                "position": position + offset,
                "active": True,
                "catalogue": catalogue,
            },
        )
    return [spec["code"] for spec in domain["questions"]]
