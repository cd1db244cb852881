"""Load the item banks shipped as `data/framework_*.json` (DESIGN §3 rule 6).

A file is one version of one framework. Loading is an upsert keyed by (code, version)
and item code, so a corrected file updates wording in place; items no longer in the file
are kept (answers refer to them) but marked inactive. A new version is a new file and a
new framework row: rounds keep the version they were answered against.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.utils.translation import get_language

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGUAGES = ("en", "fr", "es", "ar", "uk", "fa-af")


def data_files() -> list[Path]:
    return sorted(DATA_DIR.glob("framework_*.json"))


def read_file(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def localised(texts: dict[str, str] | str) -> str:
    """The text in the active language, falling back to its base language, then English."""
    if isinstance(texts, str):
        return texts
    language = (get_language() or "en").lower()
    for candidate in (language, language.split("-")[0], "en"):
        if texts.get(candidate):
            return texts[candidate]
    return next(iter(texts.values()), "")


def sync_file(data: dict[str, Any], apps: Any = None, organisation_id: int | None = None) -> Any:
    """Make the tables match one framework document; takes a migration's app registry."""
    if apps is None:
        from django.apps import apps as registry

        apps = registry
    framework, _created = apps.get_model("evaluation", "Framework").objects.update_or_create(
        code=data["code"],
        version=data["version"],
        defaults={
            "title": data["title"],
            "source": data.get("source", ""),
            "organisation_id": organisation_id,
            "active": True,
        },
    )
    area_model = apps.get_model("evaluation", "Area")
    item_model = apps.get_model("evaluation", "Item")
    position = 0
    codes: list[str] = []
    for area_position, spec in enumerate(data["areas"], start=1):
        area, _created = area_model.objects.update_or_create(
            framework=framework,
            code=spec["code"],
            defaults={
                "title": spec["title"],
                "weight": float(spec.get("weight", 1)),
                "exchange_topics": spec.get("exchange_topics", []),
                "position": area_position,
            },
        )
        for item in spec["items"]:
            position += 1
            codes.append(item["code"])
            item_model.objects.update_or_create(
                framework=framework,
                code=item["code"],
                defaults={
                    "area": area,
                    "dimension": item["dimension"],
                    "tier": item["tier"],
                    "text": item["text"],
                    "guidance": item.get("guidance", {}),
                    "evidence": item.get("evidence", {}),
                    "position": position,
                    "active": True,
                },
            )
    item_model.objects.filter(framework=framework).exclude(code__in=codes).update(active=False)
    return framework


def sync_all(apps: Any = None) -> list[Any]:
    return [sync_file(read_file(path), apps) for path in data_files()]
