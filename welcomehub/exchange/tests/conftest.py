from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from welcomehub.exchange.tests.support import Exchange, build_exchange


@pytest.fixture(autouse=True)
def _lexical_encoder(settings: Any) -> None:
    """Tests match with the lexical encoder: fast, and no model needs to load."""
    settings.WELCOMEHUB_EXCHANGE_ENCODER = "lexical"


@pytest.fixture
def exchange(world: World) -> Exchange:
    world.users["focal_point"].email = "focal-a@example.org"
    world.users["focal_point"].save(update_fields=["email"])
    world.users_b["focal_point"].email = "focal-b@example.org"
    world.users_b["focal_point"].save(update_fields=["email"])
    return build_exchange(world)
