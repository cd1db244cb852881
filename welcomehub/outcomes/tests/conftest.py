from __future__ import annotations

import pytest

from conftest import World
from welcomehub.outcomes.tests.support import consent, head_a


@pytest.fixture
def consented(world: World) -> World:
    """The world with A's head consenting to case management."""
    consent(world, head_a(world))
    return world
