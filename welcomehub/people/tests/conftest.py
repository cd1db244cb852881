from __future__ import annotations

import pytest

from conftest import World
from welcomehub.people.tests.support import Family, family_of


@pytest.fixture
def family(world: World) -> Family:
    return family_of(world)
