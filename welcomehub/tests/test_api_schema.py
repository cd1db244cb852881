"""schemathesis against /api/openapi.json, in-process through the WSGI application and the
test database, as each role of the test world (API tokens) and anonymously: no 5xx, and
every response's content type and body conform to the schema (issue 9, decision 0033).

One Hypothesis run per operation draws the role with the request, EXAMPLES requests per
operation, so the whole API is exercised in a minute or two on 2 cores.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from conftest import World
from welcomehub.accounts.services import token_create

EXAMPLES = 12
ROLES = ["platform_admin", "org_admin", "coordinator", "caseworker", "analyst", "refugee"]


def _no_server_error(ctx: Any, response: Any, case: Any) -> bool:
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"
    return True


def _schema() -> Any:
    from config.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/openapi.json", application)


def _tokens(world: World) -> dict[str, str | None]:
    tokens: dict[str, str | None] = {"anonymous": None}
    for role in ROLES:
        if role in world.users:
            tokens[role] = token_create(actor=None, user=world.users[role], name="fuzz")[1]
    if "caseworker" in world.users_b:
        tokens["caseworker_b"] = token_create(
            actor=None, user=world.users_b["caseworker"], name="fuzz"
        )[1]
    return tokens


@pytest.fixture
def _test_connection_kept() -> Any:
    """Calling the WSGI application directly fires request_started/finished, whose
    close_old_connections would close the test's connection (it is inside the test's
    transaction, so its autocommit differs from the settings'); Django's test client
    disconnects them the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("_test_connection_kept")
def test_every_operation_as_every_role(world: World) -> None:
    schema = _schema()
    tokens = _tokens(world)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 10
    failures: list[str] = []
    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), role=st.sampled_from(sorted(tokens)))
        def run(case: Any, role: str) -> None:
            token = tokens[role]
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            case.call_and_validate(
                headers=headers,
                checks=[_no_server_error, content_type_conformance, response_schema_conformance],
            )

        try:
            run()
        except Exception as error:  # collect every operation's failure, then report all
            failures.append(f"{operation.method.upper()} {operation.path}: {error}"[:1500])
    assert not failures, "\n\n".join(failures)


@pytest.mark.django_db
def test_a_huge_offset_is_an_empty_page_not_a_server_error(world: World) -> None:
    """Found by schemathesis: offset=10**25 overflowed SQLite's integers (500)."""
    from django.test import Client

    response = Client().get("/api/services", {"offset": 10**25, "limit": 10**10})
    assert response.status_code == 200
    assert response.json()["items"] == []
