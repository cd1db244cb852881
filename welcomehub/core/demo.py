"""The demo world as later parts of it see it.

`welcomehub manage load_demo` builds organisations, programmes, accounts and households
first; then every app that has a `demo` module with `load(world: DemoWorld)` adds its
own part through its services, in INSTALLED_APPS order, inside the same transaction.
"""

from __future__ import annotations

import datetime
import importlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps

from welcomehub.accounts.models import Organisation, User
from welcomehub.programmes.models import Place, Programme


@dataclass
class DemoWorld:
    rng: random.Random  # seeded: every demo is the same world
    today: datetime.date
    places: dict[str, Place]  # keys of core/data/demo_world.json
    organisations: dict[str, Organisation]
    programmes: dict[str, Programme]
    users: dict[str, User]  # by username: demo-coordinator, demo-caseworker, ...
    caseworkers: dict[str, User]  # organisation key → its caseworker
    say: Callable[[str], Any]  # one line for the terminal


def load_apps(world: DemoWorld) -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("welcomehub."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
            continue
        if hasattr(module, "load"):  # core's own demo module is this one
            module.load(world)
