"""Anonymous feedback is structurally unlinkable: nothing in its row, the rows around it
or the audit trail ties it to a person (issue 8)."""

from __future__ import annotations

import pytest
from django.db import models
from django.urls import reverse

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.feedback.models import Feedback, SatisfactionResponse

pytestmark = pytest.mark.django_db

# What a Feedback row may hold. A new field (a user, a household, an address, a
# timestamp with the time of day) must be argued for here, not slipped in.
ALLOWED_FEEDBACK_FIELDS = {
    "id",
    "reference",
    "programme",
    "place",
    "channel",
    "category",
    "language",
    "text",
    "contact",
    "received_on",
    "routed_to",
    "status",
    "response",
    "responded_on",
}


def _concrete(model: type[models.Model]) -> dict[str, models.Field]:
    return {f.name: f for f in model._meta.concrete_fields}


def test_feedback_rows_cannot_point_at_a_person_or_a_moment() -> None:
    fields = _concrete(Feedback)
    assert set(fields) == ALLOWED_FEEDBACK_FIELDS
    assert not any(isinstance(f, models.DateTimeField) for f in fields.values())
    for model in (Feedback, SatisfactionResponse):
        targets = {
            f.related_model._meta.label
            for f in _concrete(model).values()
            if f.is_relation and f.related_model is not None
        }
        assert targets <= {"programmes.Programme", "programmes.Place", "accounts.Organisation"}


def test_an_anonymous_submission_by_a_signed_in_refugee_leaves_no_link(world: World) -> None:
    refugee = world.users["refugee"]
    client = world.client(refugee)
    events_before = set(AuditEvent.objects.values_list("pk", flat=True))
    client.post(
        reverse("feedback:give", kwargs={"programme_id": world.programme.pk}),
        {"category": "staff_conduct", "text": "A volunteer was rude", "language": "en"},
    )
    feedback = Feedback.objects.get()
    new_events = AuditEvent.objects.exclude(pk__in=events_before)
    assert not new_events.filter(actor=refugee).exists()
    assert not new_events.filter(object_type="feedback.feedback").exists()
    assert not hasattr(feedback, "author") or feedback.author is None
    # the staff see the text and when, never who
    page = world.client(world.users["coordinator"]).get(
        reverse("feedback:detail", kwargs={"feedback_ref": feedback.reference})
    )
    body = page.content.decode()
    assert "A volunteer was rude" in body
    assert refugee.get_username() not in body
    assert world.head_a is not None
    assert world.head_a.given_name not in body
