"""Who may run or join what: plain checks shared by services and access gates."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from welcomehub.accounts.permissions import has_perm
from welcomehub.community.grouping import Theme
from welcomehub.programmes.models import Programme

MANAGE = "community.manage"
OWN = "own_household.view"


def programme_organisations(programme: Programme) -> set[int]:
    return {programme.lead_id, *programme.partners.values_list("organisation_id", flat=True)}


def can_manage(user: Any, organisation_id: int) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and has_perm(
        user, MANAGE, organisation_id
    )


@cache
def themes() -> dict[str, Theme]:
    raw = json.loads((Path(__file__).parent / "data" / "themes.json").read_text("utf-8"))
    return {
        code: Theme(
            sex=rule.get("sex", ""),
            min_age=rule.get("min_age"),
            max_age=rule.get("max_age"),
            youngest_child_under=rule.get("youngest_child_under"),
            max_months_since_arrival=rule.get("max_months_since_arrival"),
            household_needs_any=tuple(rule.get("household_needs_any", ())),
        )
        for code, rule in raw.items()
    }
