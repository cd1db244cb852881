"""The audit trail: rows cannot be changed, and the search page shows each reader only
the rows their role and organisation allow."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import World
from welcomehub.accounts import services as accounts
from welcomehub.core.audit import audit_record, changed_fields
from welcomehub.core.models import AppendOnlyError, AuditAction, AuditEvent
from welcomehub.people import services as people

AUDIT_URL = "/audit/"


def _shown(client: Client, query: dict[str, Any] | None = None) -> list[AuditEvent]:
    response = client.get(AUDIT_URL, query or {})
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def _b_household_update(world: World) -> AuditEvent:
    """A caseworker of organisation B changes B's household: one row about B's record."""
    assert world.household_b is not None
    people.household_update(
        actor=world.users_b["caseworker"], household=world.household_b, status="settled"
    )
    return AuditEvent.objects.filter(
        object_type="people.household",
        object_id=str(world.household_b.pk),
        action=AuditAction.UPDATE,
    ).get()


def test_saving_an_existing_audit_row_is_refused(world: World) -> None:
    """An audit row, once written, cannot be saved again, and the stored row is unchanged."""
    event = audit_record(actor=world.users["caseworker"], action=AuditAction.VIEW)
    event.action = AuditAction.DELETE
    with pytest.raises(AppendOnlyError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).action == AuditAction.VIEW


def test_deleting_an_audit_row_is_refused(world: World) -> None:
    """An audit row cannot be deleted through the model."""
    event = audit_record(actor=None, action=AuditAction.LOGIN_FAILED)
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_row_names_the_actor_and_the_record(world: World) -> None:
    """A row keeps the actor's user name and the record's type and id, not its content."""
    user = world.users["caseworker"]
    event = audit_record(actor=user, action=AuditAction.VIEW, obj=world.org_a)
    assert event.actor_username == "a-caseworker"
    assert (event.object_type, event.object_id) == ("accounts.organisation", str(world.org_a.pk))


def test_changed_fields_lists_names_not_values() -> None:
    """changed_fields names only the fields whose values differ, sorted."""
    assert changed_fields({"a": 1, "b": 2}, {"b": 3, "a": 1, "c": 0}) == ["b", "c"]


def test_platform_admin_sees_every_row(world: World) -> None:
    """The platform administrator's search shows rows about either organisation."""
    event = _b_household_update(world)
    shown = _shown(world.client(world.users["platform_admin"]), {"object_type": "people.household"})
    assert event in shown
    assert {row.organisation_id for row in shown} == {world.org_a.pk, world.org_b.pk}


def test_org_admin_sees_own_rows_but_not_the_other_organisations(world: World) -> None:
    """An organisation's administrator sees rows about their organisation's records and
    nothing about organisation B's records."""
    event = _b_household_update(world)
    shown = _shown(world.client(world.users["org_admin"]))
    assert shown, "organisation A's administrator sees A's rows"
    assert event not in shown
    assert all(row.organisation_id != world.org_b.pk for row in shown)
    assert any(
        row.object_type == "people.household" and row.object_id == str(world.household_a.pk)
        for row in shown
        if world.household_a is not None
    )


def test_unfiltered_page_lists_each_row_once(world: World) -> None:
    """A member holding two roles in the organisation does not make their rows appear twice
    on the administrator's first (unfiltered) page."""
    caseworker = world.users["caseworker"]
    accounts.membership_add(
        actor=None, user=caseworker, organisation=world.org_a, role_code="analyst"
    )
    event = audit_record(actor=caseworker, action=AuditAction.VIEW, obj=world.org_b)
    shown = _shown(world.client(world.users["org_admin"]))
    assert shown.count(event) == 1
    assert len(shown) == len(set(shown))


def test_search_filters_by_user_and_action(world: World) -> None:
    """Filtering by user name and action keeps only matching rows."""
    audit_record(actor=world.users["caseworker"], action=AuditAction.EXPORT, obj=world.org_a)
    shown = _shown(
        world.client(world.users["platform_admin"]),
        {"actor": "A-Caseworker", "action": AuditAction.EXPORT},
    )
    assert len(shown) == 1
    assert shown[0].actor_username == "a-caseworker"


def test_caseworker_gets_404(world: World) -> None:
    """A role without audit.view does not learn the audit page exists."""
    assert world.client(world.users["caseworker"]).get(AUDIT_URL).status_code == 404


def test_anonymous_is_sent_to_sign_in(world: World) -> None:
    """An anonymous visitor is redirected to the sign-in page."""
    response = world.client(None).get(AUDIT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_start_after_end_shows_an_error_and_no_rows(world: World) -> None:
    """A date range that ends before it starts is reported and lists nothing."""
    response = world.client(world.users["platform_admin"]).get(
        AUDIT_URL, {"since": "2026-05-02", "until": "2026-05-01"}
    )
    assert response.status_code == 200
    assert "The start date is after the end date." in response.content.decode()
    assert list(response.context["page"].object_list) == []
