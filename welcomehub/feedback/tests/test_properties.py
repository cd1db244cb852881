"""Rules that hold for every input: statuses only move forward, no published count of
feedback is small. One world serves every example (hypothesis runs many per test)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import World
from welcomehub.feedback import selectors, services
from welcomehub.feedback.models import Feedback, Status
from welcomehub.feedback.tests.conftest import anonymous_feedback

pytestmark = pytest.mark.django_db


@settings(max_examples=25, deadline=None)
@given(steps=st.lists(st.sampled_from(list(Status.values)), max_size=6))
def test_status_never_moves_backwards(world_for_hypothesis: World, steps: list[str]) -> None:
    feedback = anonymous_feedback(world_for_hypothesis)
    coordinator = world_for_hypothesis.users["coordinator"]
    order = [
        Status.RECEIVED,
        Status.ACKNOWLEDGED,
        Status.IN_PROGRESS,
        Status.ANSWERED,
        Status.CLOSED,
    ]
    for step in steps:
        before = feedback.status
        try:
            services.feedback_status_set(actor=coordinator, feedback=feedback, status=step)
        except ValidationError:
            feedback.refresh_from_db()
            assert feedback.status == before
            continue
        assert order.index(Status(step)) > order.index(Status(before))
        assert step not in {Status.ANSWERED, Status.CLOSED}  # no response was written


@settings(max_examples=30, deadline=None)
@given(counts=st.lists(st.integers(min_value=0, max_value=12), min_size=2, max_size=5))
def test_no_published_category_count_is_small(
    world_for_hypothesis: World, counts: list[int]
) -> None:
    Feedback.objects.all().delete()
    categories = ["services", "housing", "health", "safety", "other"]
    for category, count in zip(categories, counts, strict=False):
        for _ in range(count):
            services.feedback_submit(
                actor=None,
                programme=world_for_hypothesis.programme,
                category=category,
                text="x",
                language="en",
            )
    figures = selectors.figures(world_for_hypothesis.programme)
    published = [v for row in figures.by_category for v in row[1:] if v is not None]
    assert all(v == 0 or v >= figures.k for v in published)
