from __future__ import annotations

import pytest

from conftest import World
from welcomehub.community.tests.support import Community, build_community


@pytest.fixture
def community(world: World) -> Community:
    return build_community(world)
