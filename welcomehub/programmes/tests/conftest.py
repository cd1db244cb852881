from __future__ import annotations

import pytest

from conftest import World
from welcomehub.people.models import Person
from welcomehub.programmes.models import Service
from welcomehub.programmes.tests.support import service_of


@pytest.fixture
def service_b(world: World) -> Service:
    return service_of(world, "b")


@pytest.fixture
def head(world: World) -> Person:
    assert world.head_a is not None
    return world.head_a
