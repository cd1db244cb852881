"""The waiting list, for any sequence of registrations and cancellations: the seats
taken never exceed the capacity, and after a cancellation no waiting registration that
fits the free seats is left waiting."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import World
from welcomehub.community import events
from welcomehub.community.models import EventRegistration, RegistrationStatus
from welcomehub.community.tests.support import public_event

pytestmark = pytest.mark.django_db

steps = st.lists(
    st.one_of(
        st.tuples(st.just("register"), st.integers(1, 4)),
        st.tuples(st.just("cancel"), st.integers(0, 20)),
    ),
    min_size=1,
    max_size=15,
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(capacity=st.integers(1, 8), script=steps)
def test_seats_never_exceed_capacity(
    world: World, capacity: int, script: list[tuple[str, int]]
) -> None:
    event = public_event(world, capacity=capacity)
    made: list[EventRegistration] = []
    for action, value in script:
        if action == "register":
            made.append(events.event_register(actor=None, event=event, places=value, name="P"))
        elif made:
            registration = made[value % len(made)]
            registration.refresh_from_db()
            if registration.status == RegistrationStatus.CANCELLED:
                continue
            events.registration_cancel(actor=world.users["coordinator"], registration=registration)
            free = capacity - events.seats_taken(event)
            waiting = event.registrations.filter(status=RegistrationStatus.WAITING)
            assert all(w.places > free for w in waiting)
        assert events.seats_taken(event) <= capacity
