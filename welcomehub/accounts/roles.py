"""Load the role → permission table from its data file (DESIGN §3 rule 4)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "roles.json"


@cache
def read_roles_file() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def expand(granted: list[str], implies: dict[str, list[str]]) -> dict[str, bool]:
    """Every permission a role holds, mapped to whether it is only implied."""
    held: dict[str, bool] = dict.fromkeys(granted, False)
    pending = list(granted)
    while pending:
        for implied in implies.get(pending.pop(), []):
            if implied not in held:
                held[implied] = True
                pending.append(implied)
    return held


def sync_roles(apps: Any = None) -> None:
    """Make the Permission, Role and RolePermission tables match the data file.

    Takes the historical app registry when called from a migration.
    """
    if apps is None:
        from django.apps import apps as registry

        apps = registry
    permission_model = apps.get_model("accounts", "Permission")
    role_model = apps.get_model("accounts", "Role")
    link_model = apps.get_model("accounts", "RolePermission")
    data = read_roles_file()
    for code, description in data["permissions"].items():
        permission_model.objects.update_or_create(code=code, defaults={"description": description})
    permission_model.objects.exclude(code__in=list(data["permissions"])).delete()
    for spec in data["roles"]:
        role, _ = role_model.objects.update_or_create(
            code=spec["code"],
            defaults={"name": spec["name"], "scope": spec["scope"], "staff": spec["staff"]},
        )
        link_model.objects.filter(role=role).delete()
        link_model.objects.bulk_create(
            link_model(role=role, permission_id=code, implied=implied)
            for code, implied in expand(spec["permissions"], data["implies"]).items()
        )


def _translated(kind: str, code: str, fallback: str) -> str:
    from django.utils.translation import get_language

    labels = read_roles_file().get(kind, {}).get(code, {})
    language = (get_language() or "en").lower()
    return labels.get(language) or labels.get(language.split("-")[0]) or fallback


def role_label(code: str, fallback: str) -> str:
    """A role's name in the active language (translations live in the data file)."""
    return _translated("role_labels", code, fallback)


def permission_label(code: str, fallback: str) -> str:
    return _translated("permission_labels", code, fallback)
