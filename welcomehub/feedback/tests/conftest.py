from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from conftest import World
from welcomehub.feedback import services
from welcomehub.feedback.models import Feedback


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Any:
    cache.clear()
    yield
    cache.clear()


def anonymous_feedback(
    world: World, text: str = "The bus to the language course is late"
) -> Feedback:
    return services.feedback_submit(
        actor=None,
        programme=world.programme,
        category="services",
        text=text,
        language="en",
    )


def answered_feedback(world: World) -> Feedback:
    feedback = anonymous_feedback(world)
    return services.feedback_respond(
        actor=world.users["coordinator"],
        feedback=feedback,
        response="We asked the bus company to change the timetable.",
    )


@pytest.fixture(scope="module")
def world_for_hypothesis(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """One world for a module's property tests (hypothesis reuses a fixture across its
    examples, so the examples clean up what they made)."""
    from django.db import transaction

    from conftest import build_world

    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)
