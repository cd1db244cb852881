"""The authorisation matrix, generated from the URL resolver and the OpenAPI schema.

Every page of our apps and every API operation is listed from the running
configuration, then requested by every kind of user: anonymous, each role of
organisation A (which owns every record named in the URLs) and each role of
organisation B (a partner in A's programme, so a real neighbour, not a stranger).
What each pair may get is written down in PAGES and API below; a route that appears
without an entry fails, so nobody adds a route without deciding who may open it.

Outcomes:
- allowed: the page answers 200/302, the API 200/201 (this proves the URL is right,
  so the refusals below are refusals of a real record);
- scoped: the user may open the route for their own caseload: 200, but nothing of
  organisation A's people in the answer and nothing changes;
- everyone else is refused: pages 302 to sign-in (anonymous) or 404 (DESIGN §3 rule 3:
  a forbidden record looks like a missing one), the API 401 or 404/403, and the
  database rows stay as they were.

Page writes are empty POSTs (CSRF checks off, as in the default test client). API
writes carry a valid body: an empty one is rejected by schema validation (422) before
the access gate runs, which would prove nothing about the gate.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import build_world
from welcomehub.accounts import services as accounts
from welcomehub.accounts.models import ApiToken, Membership
from welcomehub.api import api
from welcomehub.exchange.models import Answer, Introduction, Need, Offer, SurveyRound
from welcomehub.exchange.tests.support import build_exchange
from welcomehub.outcomes.models import Assessment, Observation
from welcomehub.people import services as people
from welcomehub.people.models import Consent, Household, Person
from welcomehub.placement.models import PlacementLocation, PlacementRun, Recommendation
from welcomehub.placement.tests.support import build_placement
from welcomehub.programmes import services as programmes
from welcomehub.programmes.models import ProgrammePartner, Responsibility
from welcomehub.tests.matrix_support import (
    A_ENTITLED,
    ALLOW,
    CASEWORKER_A,
    COORDINATOR_A,
    EXCHANGE_ROUND_A,
    EXCHANGE_SIDES,
    EXCHANGE_USERS,
    FOCAL_POINT_A,
    MEMBER_MANAGERS_A,
    ORGANISATION_A_VIEWERS,
    ORGANISATION_VIEWERS,
    PROGRAMME_VIEWERS,
    SCOPED,
    SIGNED_IN,
    USERS,
    MatrixWorld,
    Rule,
    get_post,
    keys,
    rule,
    user_of,
)

pytestmark = pytest.mark.django_db

# Routes anyone may open. Nothing else is exempt: were Django's admin mounted again,
# its routes would have to enter the matrix too.
PUBLIC = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "core:health",
        "set_language",
        "/api/openapi.json",
        "/api/docs",
        "/api/",  # Django Ninja's root: always 404, it exists only to reverse API paths
    }
)

PAGES: dict[str, dict[str, Rule]] = {
    "core:home": {"GET": rule(SIGNED_IN)},
    "core:audit": {
        "GET": rule(frozenset({"a:org_admin", "a:platform_admin"}), frozenset({"b:org_admin"}))
    },
    "accounts:two_factor": get_post(rule(SIGNED_IN)),
    "accounts:tokens": get_post(rule(SIGNED_IN)),
    "accounts:password_change": get_post(rule(SIGNED_IN)),
    "accounts:token_revoke": {"POST": rule(frozenset({"a:caseworker"}))},  # the owner only
    "accounts:organisation_list": {"GET": rule(ORGANISATION_VIEWERS)},
    "accounts:organisation": get_post(rule(ORGANISATION_A_VIEWERS), rule(MEMBER_MANAGERS_A)),
    "accounts:membership_remove": {"POST": rule(MEMBER_MANAGERS_A)},
    "accounts:roles": {"GET": rule(frozenset({"a:org_admin", "a:platform_admin", "b:org_admin"}))},
    "programmes:list": {"GET": rule(PROGRAMME_VIEWERS)},
    "programmes:detail": {"GET": rule(PROGRAMME_VIEWERS)},
    "programmes:partner_add": {"POST": rule(COORDINATOR_A)},
    "programmes:responsibility_add": {"POST": rule(COORDINATOR_A)},
    "programmes:responsibility_delete": {"POST": rule(COORDINATOR_A)},
    "people:household_list": {"GET": rule(CASEWORKER_A, frozenset({"b:caseworker"}), shows_a=True)},
    "people:household_create": get_post(rule(CASEWORKER_A, frozenset({"b:caseworker"}))),
    "people:household_detail": {"GET": rule(CASEWORKER_A, shows_a=True)},
    "people:household_edit": get_post(rule(CASEWORKER_A, shows_a=True)),
    "people:person_create": get_post(rule(CASEWORKER_A, shows_a=True)),
    "people:person_edit": get_post(rule(CASEWORKER_A, shows_a=True)),
    "people:consent_create": get_post(rule(CASEWORKER_A, shows_a=True)),
    "people:consent_withdraw": {"POST": rule(CASEWORKER_A)},
    "people:my_household": {
        "GET": rule(frozenset({"a:refugee"}), frozenset({"b:refugee"}), shows_a=True)
    },
    "people:my_consent_withdraw": {"POST": rule(frozenset({"a:refugee"}))},
    "outcomes:assessment_record": get_post(rule(CASEWORKER_A, shows_a=True)),
    "outcomes:person_progress": {"GET": rule(CASEWORKER_A, shows_a=True)},
    "outcomes:missing_baselines": {
        "GET": rule(CASEWORKER_A, frozenset({"b:caseworker"}), shows_a=True)
    },
    "exchange:round_list": {"GET": rule(EXCHANGE_USERS)},
    "exchange:round_create": get_post(rule(keys("ab", "coordinator"))),
    "exchange:round_detail": {"GET": rule(EXCHANGE_ROUND_A)},
    "exchange:round_close": {"POST": rule(COORDINATOR_A)},
    "exchange:round_remind": {"POST": rule(COORDINATOR_A)},
    "exchange:chart": {"GET": rule(EXCHANGE_ROUND_A)},
    "exchange:chart_csv": {"GET": rule(EXCHANGE_ROUND_A)},
    "exchange:suggestion_list": {"GET": rule(EXCHANGE_ROUND_A)},
    "exchange:answer_detail": get_post(rule(COORDINATOR_A | FOCAL_POINT_A), rule(FOCAL_POINT_A)),
    "exchange:need_add": {"POST": rule(FOCAL_POINT_A)},
    "exchange:offer_add": {"POST": rule(FOCAL_POINT_A)},
    "exchange:need_remove": {"POST": rule(FOCAL_POINT_A)},
    "exchange:offer_remove": {"POST": rule(FOCAL_POINT_A)},
    "exchange:answer_submit": {"POST": rule(FOCAL_POINT_A)},
    "exchange:answer_import": {"POST": rule(FOCAL_POINT_A)},
    "exchange:introduction_propose": {"POST": rule(EXCHANGE_ROUND_A)},
    "exchange:introduction_detail": {"GET": rule(EXCHANGE_ROUND_A)},
    "exchange:introduction_accept": {"POST": rule(EXCHANGE_SIDES)},
    "exchange:introduction_decline": {"POST": rule(EXCHANGE_ROUND_A)},
    "exchange:introduction_advance": {"POST": rule(EXCHANGE_ROUND_A)},
    "placement:programme": {"GET": rule(COORDINATOR_A)},
    "placement:location_add": {"POST": rule(COORDINATOR_A)},
    "placement:location_edit": get_post(rule(COORDINATOR_A)),
    "placement:run_add": {"POST": rule(COORDINATOR_A)},
    "placement:run_detail": {"GET": rule(COORDINATOR_A)},
    "placement:run_finalise": {"POST": rule(COORDINATOR_A)},
    "placement:recommendation_accept": {"POST": rule(COORDINATOR_A)},
    "placement:recommendation_override": {"POST": rule(COORDINATOR_A)},
}

API: dict[tuple[str, str], Rule] = {
    ("GET", "/api/organisations"): rule(SIGNED_IN),
    ("GET", "/api/me"): rule(SIGNED_IN),
    ("GET", "/api/programmes"): rule(PROGRAMME_VIEWERS, SIGNED_IN - PROGRAMME_VIEWERS),
    ("GET", "/api/programmes/{programme_id}"): rule(PROGRAMME_VIEWERS),
    ("GET", "/api/programmes/{programme_id}/responsibilities"): rule(PROGRAMME_VIEWERS),
    ("GET", "/api/households"): rule(CASEWORKER_A, SIGNED_IN - CASEWORKER_A, shows_a=True),
    ("POST", "/api/households"): rule(CASEWORKER_A),
    ("GET", "/api/households/{reference}"): rule(CASEWORKER_A, shows_a=True),
    ("PATCH", "/api/households/{reference}"): rule(CASEWORKER_A),
    ("GET", "/api/households/{reference}/persons"): rule(CASEWORKER_A, shows_a=True),
    ("POST", "/api/households/{reference}/persons"): rule(CASEWORKER_A),
    ("GET", "/api/persons/{person_id}"): rule(CASEWORKER_A, shows_a=True),
    ("PATCH", "/api/persons/{person_id}"): rule(CASEWORKER_A),
    ("GET", "/api/persons/{person_id}/consents"): rule(CASEWORKER_A),
    ("POST", "/api/persons/{person_id}/consents"): rule(CASEWORKER_A),
    ("POST", "/api/consents/{consent_id}/withdraw"): rule(CASEWORKER_A),
    ("GET", "/api/outcomes/domains"): rule(SIGNED_IN),
    ("GET", "/api/exchange/rounds"): rule(EXCHANGE_ROUND_A, SIGNED_IN - EXCHANGE_ROUND_A),
    ("GET", "/api/exchange/rounds/{round_id}/chart"): rule(EXCHANGE_ROUND_A),
    ("POST", "/api/exchange/answers/{answer_id}/needs"): rule(FOCAL_POINT_A),
    ("POST", "/api/exchange/answers/{answer_id}/offers"): rule(FOCAL_POINT_A),
}

# Pairs that fail because of a bug in code this file does not own (strict: a fix
# turns them into failures until the mark is removed).
KNOWN_BUGS: dict[tuple[str, str, str], str] = {}


API_BODIES: dict[tuple[str, str], Callable[[MatrixWorld], dict[str, Any]]] = {
    ("POST", "/api/households"): lambda m: {
        "organisation_id": m.world.org_a.pk,
        "programme_id": m.world.programme.pk,
        "pathway": "resettlement",
        "status": "arrived",
        "nationality": "AF",
    },
    ("PATCH", "/api/households/{reference}"): lambda m: {"nationality": "AF"},
    ("POST", "/api/households/{reference}/persons"): lambda m: {
        "given_name": "Samir",
        "sex": "male",
        "relationship": "spouse",
    },
    ("PATCH", "/api/persons/{person_id}"): lambda m: {"given_name": "Changed"},
    ("POST", "/api/persons/{person_id}/consents"): lambda m: {
        # matching is already given to household A's head by the community matrix world
        "purpose": "aggregate_statistics",
        "method": "verbal",
    },
    ("POST", "/api/exchange/answers/{answer_id}/needs"): lambda m: {"topics": ["housing"]},
    ("POST", "/api/exchange/answers/{answer_id}/offers"): lambda m: {
        "kind": "training",
        "topics": ["housing"],
    },
}


def _contributions() -> dict[str, ModuleType]:
    """Each app's `tests/matrix.py` and `tests/matrix_*.py` (see matrix_support), by
    module name."""
    found = {}
    for config in django_apps.get_app_configs():
        folder = Path(config.path) / "tests"
        if not config.name.startswith("welcomehub.") or not folder.is_dir():
            continue
        for path in sorted(folder.glob("matrix*.py")):
            name = f"{config.name}.tests.{path.stem}"
            found[name] = importlib.import_module(name)
    return found


def _merge(target: dict[Any, Any], extra: dict[Any, Any], label: str) -> None:
    twice = sorted(str(key) for key in set(target) & set(extra))
    assert not twice, f"{label}/tests/matrix.py repeats matrix entries: {twice}"
    target.update(extra)


CONTRIBUTIONS = _contributions()
OWN_PAGES: set[str] = set()
for _label, _module in CONTRIBUTIONS.items():
    _merge(PAGES, getattr(_module, "PAGES", {}), _label)
    _merge(API, getattr(_module, "API", {}), _label)
    _merge(API_BODIES, getattr(_module, "API_BODIES", {}), _label)
    PUBLIC = PUBLIC | frozenset(getattr(_module, "PUBLIC", ()))
    OWN_PAGES |= set(getattr(_module, "OWN_PAGES", ()))

PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, str]]:
    """(namespace, name, route) of every URL pattern, nested includes followed."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            joined = f"{namespace}:{inner}".strip(":") if inner else namespace
            yield from _walk(entry.url_patterns, route, joined)
        else:
            yield namespace, entry.name or "", route


def discover_pages() -> dict[str, list[str]]:
    """Every named page outside the API: "namespace:name" → its URL parameter names."""
    pages: dict[str, list[str]] = {}
    for namespace, name, route in _walk(get_resolver().url_patterns):
        if namespace.split(":")[0] == api.urls_namespace:
            continue
        key = f"{namespace}:{name}" if namespace else name
        assert name, f"unnamed route {route!r}: name it so the matrix can list it"
        pages[key] = PARAMETER.findall(route)
    return pages


def discover_api_paths() -> set[str]:
    """Every path the resolver serves under the API, in OpenAPI's {param} form."""
    return {
        "/" + PARAMETER.sub(r"{\1}", route)
        for namespace, _name, route in _walk(get_resolver().url_patterns)
        if namespace.split(":")[0] == api.urls_namespace
    }


def discover_operations() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method.lower() in {"get", "post", "put", "patch", "delete"}
    }


@dataclass(frozen=True)
class Case:
    key: str  # "namespace:name" of a page, or the API path
    method: str
    is_api: bool
    parameters: tuple[str, ...]
    rule: Rule | None  # None: discovered, but the matrix has no entry

    def url(self, matrix: MatrixWorld) -> str:
        values = matrix.kwargs(list(self.parameters))
        if self.is_api:
            return self.key.format(**values)
        return reverse(self.key, kwargs=values)


def _cases() -> list[Case]:
    cases = []
    for key, parameters in sorted(discover_pages().items()):
        if key in PUBLIC:
            continue
        rules = PAGES.get(key)
        if rules is None:
            cases.append(Case(key, "ANY", False, tuple(parameters), None))
            continue
        cases += [Case(key, m, False, tuple(parameters), r) for m, r in sorted(rules.items())]
    for method, path in sorted(discover_operations()):
        if path in PUBLIC:
            continue
        names = tuple(re.findall(r"{(\w+)}", path))
        cases.append(Case(path, method, True, names, API.get((method, path))))
    return cases


def _params() -> list[Any]:
    params = []
    for case in _cases():
        for user_key in USERS if case.rule is not None else ["anon"]:
            reason = KNOWN_BUGS.get((case.method, case.key, user_key))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(
                pytest.param(case, user_key, id=f"{case.method} {case.key} {user_key}", marks=marks)
            )
    return params


@pytest.fixture(scope="module")
def matrix(django_db_setup: None, django_db_blocker: Any) -> Iterator[MatrixWorld]:
    """One world for the whole module, rolled back at the end; each test runs in a
    savepoint of its own, so an allowed write never leaks into the next test."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        assert world.head_a is not None
        consent = people.consent_record(
            actor=None, person=world.head_a, purpose="case_management", method="written"
        )
        responsibility = programmes.responsibility_create(
            actor=None,
            programme=world.programme,
            domain="work",
            place=world.place,
            provider=world.org_a,
            service="Job coaching",
            access="Referral by the caseworker",
        )
        membership = Membership.objects.get(user=world.users["volunteer"], organisation=world.org_a)
        token, _raw = accounts.token_create(
            actor=None, user=world.users["caseworker"], name="matrix"
        )
        sessions = {}
        for key in SIGNED_IN:
            client = Client()
            client.force_login(user_of(world, key))
            sessions[key] = client.cookies[settings.SESSION_COOKIE_NAME].value
        exchange_world = build_exchange(world)
        placement_world = build_placement(world, households=False)
        built = {
            name: module.build(world)
            for name, module in CONTRIBUTIONS.items()
            if hasattr(module, "build")
        }
        extra_kwargs: dict[str, Callable[[MatrixWorld], Any]] = {}
        for label, module in CONTRIBUTIONS.items():
            _merge(extra_kwargs, getattr(module, "KWARGS", {}), label)
        yield MatrixWorld(
            world,
            consent,
            responsibility,
            membership,
            token,
            sessions,
            exchange_world=exchange_world,
            placement_world=placement_world,
            built=built,
            extra_kwargs=extra_kwargs,
        )
        transaction.set_rollback(True)


# What a refused request could alter: row counts, withdrawals, revocations and the
# last change of each personal table. One query, as it runs twice in ~800 tests.
STATE_MODELS: list[tuple[str, type[Model], str]] = [
    ("households", Household, "COUNT(*)"),
    ("households_changed", Household, "MAX(updated_at)"),
    ("persons", Person, "COUNT(*)"),
    ("persons_changed", Person, "MAX(updated_at)"),
    ("consents", Consent, "COUNT(*)"),
    ("consents_withdrawn", Consent, "COUNT(withdrawn_at)"),
    ("consents_changed", Consent, "MAX(updated_at)"),
    ("memberships", Membership, "COUNT(*)"),
    ("responsibilities", Responsibility, "COUNT(*)"),
    ("partners", ProgrammePartner, "COUNT(*)"),
    ("tokens", ApiToken, "COUNT(*)"),
    ("tokens_revoked", ApiToken, "COUNT(revoked_at)"),
    ("assessments", Assessment, "COUNT(*)"),
    ("observations", Observation, "COUNT(*)"),
    ("exchange_rounds_changed", SurveyRound, "MAX(updated_at)"),
    ("exchange_answers_changed", Answer, "MAX(updated_at)"),
    ("exchange_needs", Need, "COUNT(*)"),
    ("exchange_offers", Offer, "COUNT(*)"),
    ("exchange_introductions", Introduction, "COUNT(*)"),
    ("exchange_introductions_changed", Introduction, "MAX(updated_at)"),
    ("placement_locations", PlacementLocation, "COUNT(*)"),
    ("placement_runs", PlacementRun, "COUNT(*)"),
    ("placement_runs_changed", PlacementRun, "MAX(updated_at)"),
    ("placement_recommendations_changed", Recommendation, "MAX(updated_at)"),
]
for _module in CONTRIBUTIONS.values():
    STATE_MODELS += getattr(_module, "STATE", [])
# Built from the constants above only: no input reaches this SQL.
STATE_SQL = "SELECT " + ", ".join(  # noqa: S608
    f"(SELECT {expression} FROM {model._meta.db_table})"  # noqa: S608  # nosec B608 - identifiers from model metadata, values bound
    for _name, model, expression in STATE_MODELS
)


def _state() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute(STATE_SQL)
        row = cursor.fetchone()
    return {name: value for (name, _m, _e), value in zip(STATE_MODELS, row, strict=True)}


def _send(client: Client, case: Case, url: str, matrix: MatrixWorld) -> Any:
    if case.method == "GET":
        return client.get(url)
    if not case.is_api:
        return client.post(url, {})
    body = API_BODIES.get((case.method, case.key), lambda _m: {})(matrix)
    return client.generic(case.method, url, json.dumps(body), content_type="application/json")


def _assert_refused(case: Case, user_key: str, response: HttpResponse) -> None:
    status = response.status_code
    if case.is_api:
        expected = {401} if user_key == "anon" else {403, 404}
        assert status in expected, f"API answered {status}, expected one of {sorted(expected)}"
    elif user_key == "anon":
        assert status == 302, f"anonymous got {status}, expected a redirect to sign in"
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    else:
        assert status == 404, f"refused user got {status}, expected 404"


def _assert_allowed(case: Case, response: HttpResponse) -> None:
    status = response.status_code
    if case.is_api:
        assert status in {200, 201}, f"allowed user got {status}: {response.content[:300]!r}"
        return
    assert status in {200, 302}, f"allowed user got {status}"
    if status == 302:
        assert not response["Location"].startswith(resolve_url(settings.LOGIN_URL))


@pytest.mark.parametrize(("case", "user_key"), _params())
def test_route(case: Case, user_key: str, matrix: MatrixWorld) -> None:
    if case.rule is None:
        pytest.fail(f"{case.key} has no entry in the authorisation matrix (PAGES or API)")
    client = matrix.client(user_key)
    outcome = case.rule.outcome(user_key)
    # what the database held, for the requests that must not change it
    before = _state() if outcome != ALLOW else None
    response = _send(client, case, case.url(matrix), matrix)
    body = response.content.decode("utf-8", errors="replace")
    if user_key not in A_ENTITLED or outcome != ALLOW:
        leaked = [value for value in matrix.markers(user_key) if value in body]
        assert not leaked, f"{user_key} was shown personal data of organisation A: {leaked}"
    if outcome == ALLOW:
        _assert_allowed(case, response)
        if case.rule.shows_a and case.method == "GET":
            assert any(value in body for value in matrix.markers()), "page shows no household A"
        return
    if outcome == SCOPED:
        assert response.status_code == 200, f"scoped user got {response.status_code}"
    else:
        _assert_refused(case, user_key, response)
    assert _state() == before, "a request that was not allowed changed the database"


def test_every_route_is_public_or_in_the_matrix() -> None:
    pages = discover_pages()
    operations = discover_operations()
    unlisted = sorted(key for key in pages if key not in PUBLIC and key not in PAGES)
    unlisted += sorted(f"{m} {p}" for m, p in operations if p not in PUBLIC and (m, p) not in API)
    assert not unlisted, f"routes without an authorisation rule: {unlisted}"
    stale = sorted(key for key in PAGES if key not in pages)
    stale += sorted(f"{m} {p}" for m, p in API if (m, p) not in operations)
    assert not stale, f"matrix entries for routes that no longer exist: {stale}"
    paths = {path for _m, path in operations}
    hidden = sorted(p for p in discover_api_paths() if p not in PUBLIC and p not in paths)
    assert not hidden, f"API paths missing from the OpenAPI schema: {hidden}"


def test_the_matrix_refuses_someone_on_every_route() -> None:
    """A rule that lets every signed-in user in must be a page about the user themself."""
    own_pages = {
        "core:home",
        "accounts:two_factor",
        "accounts:tokens",
        "accounts:password_change",
        "/api/me",
    }
    own_pages.add("/api/organisations")  # public facts about organisations, no people
    own_pages.add("/api/outcomes/domains")  # the indicator framework: reference data
    own_pages |= OWN_PAGES
    rules = [(k, r) for k, by_method in PAGES.items() for r in by_method.values()]
    rules += [(path, r) for (_m, path), r in API.items()]
    for key, entry in rules:
        if entry.allow >= SIGNED_IN:
            assert key in own_pages, f"{key} lets every signed-in user in"
