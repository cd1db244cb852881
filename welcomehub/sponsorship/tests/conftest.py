from __future__ import annotations

import pytest

from conftest import World
from welcomehub.sponsorship.tests.support import Sponsoring, build_sponsoring


@pytest.fixture
def sponsoring(world: World) -> Sponsoring:
    return build_sponsoring(world)
