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

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import ROLES, World, build_world
from welcomehub.accounts import services as accounts
from welcomehub.accounts.models import ApiToken, Membership, User
from welcomehub.api import api
from welcomehub.exchange.models import Answer, Introduction, Need, Offer, SurveyRound
from welcomehub.exchange.tests.support import Exchange, build_exchange
from welcomehub.outcomes.models import Assessment, Observation
from welcomehub.people import services as people
from welcomehub.people.models import Consent, Household, Person
from welcomehub.placement.models import PlacementLocation, PlacementRun, Recommendation
from welcomehub.placement.tests.support import Placement, build_placement
from welcomehub.programmes import services as programmes
from welcomehub.programmes.models import ProgrammePartner, Responsibility

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

USERS_A = [f"a:{role}" for role in ROLES] + ["a:platform_admin"]
USERS_B = [f"b:{role}" for role in ROLES]
USERS = ["anon", *USERS_A, *USERS_B]
SIGNED_IN = frozenset(USERS) - {"anon"}
# Who may see the people of organisation A at all: its caseworker and the refugee
# whose own household it is. Nobody else's answer may contain their personal values.
A_ENTITLED = frozenset({"a:caseworker", "a:refugee"})
# The auditors of A read identifiers such as household references in the audit trail,
# never the names behind them.
A_AUDITORS = frozenset({"a:org_admin", "a:platform_admin"})
# Readers of household references, never of names: the auditors, and the coordinator of
# the programme's lead organisation, who places the households awaiting arrival.
A_REFERENCE_READERS = A_AUDITORS | {"a:coordinator"}


def _keys(orgs: str, *roles: str) -> frozenset[str]:
    return frozenset(f"{org}:{role}" for org in orgs for role in roles)


STAFF_VIEWERS = _keys(
    "ab", "org_admin", "coordinator", "caseworker", "volunteer_coordinator", "focal_point"
)
# B is a partner in A's programme, so B's staff see it too; analysts see programmes
# (aggregates, never a person) but not organisations' member lists.
PROGRAMME_VIEWERS = STAFF_VIEWERS | _keys("ab", "analyst") | {"a:platform_admin"}
ORGANISATION_VIEWERS = STAFF_VIEWERS | {"a:platform_admin"}
ORGANISATION_A_VIEWERS = frozenset(k for k in ORGANISATION_VIEWERS if k.startswith("a:"))
MEMBER_MANAGERS_A = frozenset({"a:org_admin", "a:platform_admin"})
CASEWORKER_A = frozenset({"a:caseworker"})
COORDINATOR_A = frozenset({"a:coordinator"})
# Exchange: A's coordinator opened the rounds and invited A and B; focal points answer
# only for their own organisation, and the coordinator of B coordinates none of them.
FOCAL_POINT_A = frozenset({"a:focal_point"})
EXCHANGE_USERS = _keys("ab", "coordinator", "focal_point")
EXCHANGE_ROUND_A = frozenset({"a:coordinator", "a:focal_point", "b:focal_point"})
EXCHANGE_SIDES = frozenset({"a:focal_point", "b:focal_point"})  # of the introduction
ALLOW, SCOPED, REFUSE = "allow", "scoped", "refuse"


@dataclass(frozen=True)
class Rule:
    allow: frozenset[str]
    scoped: frozenset[str] = frozenset()
    shows_a: bool = False  # an allowed answer shows household A (proves the page has data)

    def outcome(self, user_key: str) -> str:
        if user_key in self.allow:
            return ALLOW
        if user_key in self.scoped:
            return SCOPED
        return REFUSE


def _rule(
    allow: frozenset[str], scoped: frozenset[str] = frozenset(), *, shows_a: bool = False
) -> Rule:
    assert not allow & scoped
    return Rule(frozenset(allow), frozenset(scoped), shows_a)


def _get_post(rule: Rule, post: Rule | None = None) -> dict[str, Rule]:
    return {"GET": rule, "POST": post or _rule(rule.allow, rule.scoped)}


PAGES: dict[str, dict[str, Rule]] = {
    "core:home": {"GET": _rule(SIGNED_IN)},
    "core:audit": {
        "GET": _rule(frozenset({"a:org_admin", "a:platform_admin"}), frozenset({"b:org_admin"}))
    },
    "accounts:two_factor": _get_post(_rule(SIGNED_IN)),
    "accounts:tokens": _get_post(_rule(SIGNED_IN)),
    "accounts:password_change": _get_post(_rule(SIGNED_IN)),
    "accounts:token_revoke": {"POST": _rule(frozenset({"a:caseworker"}))},  # the owner only
    "accounts:organisation_list": {"GET": _rule(ORGANISATION_VIEWERS)},
    "accounts:organisation": _get_post(_rule(ORGANISATION_A_VIEWERS), _rule(MEMBER_MANAGERS_A)),
    "accounts:membership_remove": {"POST": _rule(MEMBER_MANAGERS_A)},
    "accounts:roles": {"GET": _rule(frozenset({"a:org_admin", "a:platform_admin", "b:org_admin"}))},
    "programmes:list": {"GET": _rule(PROGRAMME_VIEWERS)},
    "programmes:detail": {"GET": _rule(PROGRAMME_VIEWERS)},
    "programmes:partner_add": {"POST": _rule(COORDINATOR_A)},
    "programmes:responsibility_add": {"POST": _rule(COORDINATOR_A)},
    "programmes:responsibility_delete": {"POST": _rule(COORDINATOR_A)},
    "people:household_list": {
        "GET": _rule(CASEWORKER_A, frozenset({"b:caseworker"}), shows_a=True)
    },
    "people:household_create": _get_post(_rule(CASEWORKER_A, frozenset({"b:caseworker"}))),
    "people:household_detail": {"GET": _rule(CASEWORKER_A, shows_a=True)},
    "people:household_edit": _get_post(_rule(CASEWORKER_A, shows_a=True)),
    "people:person_create": _get_post(_rule(CASEWORKER_A, shows_a=True)),
    "people:person_edit": _get_post(_rule(CASEWORKER_A, shows_a=True)),
    "people:consent_create": _get_post(_rule(CASEWORKER_A, shows_a=True)),
    "people:consent_withdraw": {"POST": _rule(CASEWORKER_A)},
    "people:my_household": {
        "GET": _rule(frozenset({"a:refugee"}), frozenset({"b:refugee"}), shows_a=True)
    },
    "people:my_consent_withdraw": {"POST": _rule(frozenset({"a:refugee"}))},
    "outcomes:assessment_record": _get_post(_rule(CASEWORKER_A, shows_a=True)),
    "outcomes:person_progress": {"GET": _rule(CASEWORKER_A, shows_a=True)},
    "outcomes:missing_baselines": {
        "GET": _rule(CASEWORKER_A, frozenset({"b:caseworker"}), shows_a=True)
    },
    "exchange:round_list": {"GET": _rule(EXCHANGE_USERS)},
    "exchange:round_create": _get_post(_rule(_keys("ab", "coordinator"))),
    "exchange:round_detail": {"GET": _rule(EXCHANGE_ROUND_A)},
    "exchange:round_close": {"POST": _rule(COORDINATOR_A)},
    "exchange:round_remind": {"POST": _rule(COORDINATOR_A)},
    "exchange:chart": {"GET": _rule(EXCHANGE_ROUND_A)},
    "exchange:chart_csv": {"GET": _rule(EXCHANGE_ROUND_A)},
    "exchange:suggestion_list": {"GET": _rule(EXCHANGE_ROUND_A)},
    "exchange:answer_detail": _get_post(_rule(COORDINATOR_A | FOCAL_POINT_A), _rule(FOCAL_POINT_A)),
    "exchange:need_add": {"POST": _rule(FOCAL_POINT_A)},
    "exchange:offer_add": {"POST": _rule(FOCAL_POINT_A)},
    "exchange:need_remove": {"POST": _rule(FOCAL_POINT_A)},
    "exchange:offer_remove": {"POST": _rule(FOCAL_POINT_A)},
    "exchange:answer_submit": {"POST": _rule(FOCAL_POINT_A)},
    "exchange:answer_import": {"POST": _rule(FOCAL_POINT_A)},
    "exchange:introduction_propose": {"POST": _rule(EXCHANGE_ROUND_A)},
    "exchange:introduction_detail": {"GET": _rule(EXCHANGE_ROUND_A)},
    "exchange:introduction_accept": {"POST": _rule(EXCHANGE_SIDES)},
    "exchange:introduction_decline": {"POST": _rule(EXCHANGE_ROUND_A)},
    "exchange:introduction_advance": {"POST": _rule(EXCHANGE_ROUND_A)},
    "placement:programme": {"GET": _rule(COORDINATOR_A)},
    "placement:location_add": {"POST": _rule(COORDINATOR_A)},
    "placement:location_edit": _get_post(_rule(COORDINATOR_A)),
    "placement:run_add": {"POST": _rule(COORDINATOR_A)},
    "placement:run_detail": {"GET": _rule(COORDINATOR_A)},
    "placement:run_finalise": {"POST": _rule(COORDINATOR_A)},
    "placement:recommendation_accept": {"POST": _rule(COORDINATOR_A)},
    "placement:recommendation_override": {"POST": _rule(COORDINATOR_A)},
}

API: dict[tuple[str, str], Rule] = {
    ("GET", "/api/organisations"): _rule(SIGNED_IN),
    ("GET", "/api/me"): _rule(SIGNED_IN),
    ("GET", "/api/programmes"): _rule(PROGRAMME_VIEWERS, SIGNED_IN - PROGRAMME_VIEWERS),
    ("GET", "/api/programmes/{programme_id}"): _rule(PROGRAMME_VIEWERS),
    ("GET", "/api/programmes/{programme_id}/responsibilities"): _rule(PROGRAMME_VIEWERS),
    ("GET", "/api/households"): _rule(CASEWORKER_A, SIGNED_IN - CASEWORKER_A, shows_a=True),
    ("POST", "/api/households"): _rule(CASEWORKER_A),
    ("GET", "/api/households/{reference}"): _rule(CASEWORKER_A, shows_a=True),
    ("PATCH", "/api/households/{reference}"): _rule(CASEWORKER_A),
    ("GET", "/api/households/{reference}/persons"): _rule(CASEWORKER_A, shows_a=True),
    ("POST", "/api/households/{reference}/persons"): _rule(CASEWORKER_A),
    ("GET", "/api/persons/{person_id}"): _rule(CASEWORKER_A, shows_a=True),
    ("PATCH", "/api/persons/{person_id}"): _rule(CASEWORKER_A),
    ("GET", "/api/persons/{person_id}/consents"): _rule(CASEWORKER_A),
    ("POST", "/api/persons/{person_id}/consents"): _rule(CASEWORKER_A),
    ("POST", "/api/consents/{consent_id}/withdraw"): _rule(CASEWORKER_A),
    ("GET", "/api/outcomes/domains"): _rule(SIGNED_IN),
    ("GET", "/api/exchange/rounds"): _rule(EXCHANGE_ROUND_A, SIGNED_IN - EXCHANGE_ROUND_A),
    ("GET", "/api/exchange/rounds/{round_id}/chart"): _rule(EXCHANGE_ROUND_A),
    ("POST", "/api/exchange/answers/{answer_id}/needs"): _rule(FOCAL_POINT_A),
    ("POST", "/api/exchange/answers/{answer_id}/offers"): _rule(FOCAL_POINT_A),
}

# Pairs that fail because of a bug in code this file does not own (strict: a fix
# turns them into failures until the mark is removed).
KNOWN_BUGS: dict[tuple[str, str, str], str] = {}


def _user(world: World, key: str) -> User:
    org, role = key.split(":", 1)
    return (world.users if org == "a" else world.users_b)[role]


@dataclass
class MatrixWorld:
    world: World
    consent: Consent
    responsibility: Responsibility
    membership: Membership
    token: ApiToken
    sessions: dict[str, str]  # user key → session cookie, signed in once for the module
    exchange_world: Exchange | None = None  # rounds of A's coordinator inviting A and B
    # A run of A's programme over a new household of A (the coordinator sees household
    # references on the run page, so household A itself is kept out of it)
    placement_world: Placement | None = None

    @property
    def placement(self) -> Placement:
        assert self.placement_world is not None
        return self.placement_world

    @property
    def exchange(self) -> Exchange:
        assert self.exchange_world is not None
        return self.exchange_world

    @property
    def household_a(self) -> Household:
        assert self.world.household_a is not None
        return self.world.household_a

    @property
    def head_a(self) -> Person:
        assert self.world.head_a is not None
        return self.world.head_a

    def client(self, key: str) -> Client:
        client = Client()
        if key != "anon":
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[key]
        return client

    def kwargs(self, names: list[str]) -> dict[str, Any]:
        values: dict[str, Callable[[], Any]] = {
            "reference": lambda: self.household_a.reference,
            "person_id": lambda: self.head_a.pk,
            "consent_id": lambda: self.consent.pk,
            "programme_id": lambda: self.world.programme.pk,
            "organisation_id": lambda: self.world.org_a.pk,
            "membership_id": lambda: self.membership.pk,
            "token_id": lambda: self.token.pk,
            "responsibility_id": lambda: self.responsibility.pk,
            # the submitted round; the answer and its entries are A's draft in the open round
            "round_id": lambda: self.exchange.round.pk,
            "answer_id": lambda: self.exchange.draft_a.pk,
            "need_id": lambda: self.exchange.draft_need_a.pk,
            "offer_id": lambda: self.exchange.draft_offer_a.pk,
            "suggestion_id": lambda: self.exchange.suggestion.pk,
            "introduction_id": lambda: self.exchange.introduction.pk,
            "run_id": lambda: self.placement.run.pk,
            "location_id": lambda: self.placement.lisboa.pk,
            "recommendation_id": lambda: self.placement.run.recommendations.get().pk,
        }
        unknown = [name for name in names if name not in values]
        assert not unknown, f"no object of organisation A for URL parameter(s) {unknown}"
        return {name: values[name]() for name in names}

    def markers(self, user_key: str = "anon") -> list[str]:
        """Personal values of organisation A's people that must not reach this user."""
        assert self.world.child_a is not None
        values = [self.head_a.given_name, self.world.child_a.given_name]
        if user_key not in A_REFERENCE_READERS:
            values.append(self.household_a.reference)
        return values


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
        "purpose": "matching",
        "method": "verbal",
    },
    ("POST", "/api/exchange/answers/{answer_id}/needs"): lambda m: {"topics": ["housing"]},
    ("POST", "/api/exchange/answers/{answer_id}/offers"): lambda m: {
        "kind": "training",
        "topics": ["housing"],
    },
}

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
            client.force_login(_user(world, key))
            sessions[key] = client.cookies[settings.SESSION_COOKIE_NAME].value
        exchange_world = build_exchange(world)
        placement_world = build_placement(world, households=False)
        yield MatrixWorld(
            world,
            consent,
            responsibility,
            membership,
            token,
            sessions,
            exchange_world=exchange_world,
            placement_world=placement_world,
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
# Built from the constants above only: no input reaches this SQL.
STATE_SQL = "SELECT " + ", ".join(  # noqa: S608
    f"(SELECT {expression} FROM {model._meta.db_table})"  # noqa: S608
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
    before = _state()
    response = _send(client, case, case.url(matrix), matrix)
    body = response.content.decode("utf-8", errors="replace")
    outcome = case.rule.outcome(user_key)
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
    rules = [(k, r) for k, by_method in PAGES.items() for r in by_method.values()]
    rules += [(path, r) for (_m, path), r in API.items()]
    for key, rule in rules:
        if rule.allow >= SIGNED_IN:
            assert key in own_pages, f"{key} lets every signed-in user in"
