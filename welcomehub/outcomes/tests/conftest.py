from __future__ import annotations

import pytest
from django.core.cache import cache

from conftest import World
from welcomehub.outcomes.tests.support import consent, head_a


@pytest.fixture
def consented(world: World) -> World:
    """The world with A's head consenting to case management."""
    consent(world, head_a(world))
    return world


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Dashboards are cached by data version; ids repeat between tests, so start empty."""
    cache.clear()
