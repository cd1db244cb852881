"""What the authorisation matrix is made of, shared by test_route_matrix.py and the
apps that add their routes to it.

An app adds its routes in `welcomehub/<app>/tests/matrix.py` (or several
`tests/matrix_<part>.py`), a module that may define:

- `PAGES: dict[str, dict[str, Rule]]` and `API: dict[tuple[str, str], Rule]`: the rules of
  its page routes ("namespace:name" → method → rule) and API operations;
- `API_BODIES`: a valid body per API write, as a function of the MatrixWorld;
- `PUBLIC`: routes anyone may open; `OWN_PAGES`: routes every signed-in user may open
  because they are about the user themself or reference data;
- `build(world) -> Any`: the app's objects of organisation A, built once; the result is
  `matrix.built[__name__]` (the contributing module's own name);
- `KWARGS: dict[str, Callable[[MatrixWorld], Any]]`: a value for each URL parameter its
  routes name (names are unique across apps);
- `STATE: list[tuple[str, type[Model], str]]`: what a refused request could alter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.test import Client

from conftest import ROLES, World
from welcomehub.accounts.models import ApiToken, Membership, User
from welcomehub.exchange.tests.support import Exchange
from welcomehub.people.models import Consent, Household, Person
from welcomehub.placement.tests.support import Placement
from welcomehub.programmes.models import Responsibility

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


def keys(orgs: str, *roles: str) -> frozenset[str]:
    return frozenset(f"{org}:{role}" for org in orgs for role in roles)


STAFF_VIEWERS = keys(
    "ab", "org_admin", "coordinator", "caseworker", "volunteer_coordinator", "focal_point"
)
# B is a partner in A's programme, so B's staff see it too; analysts see programmes
# (aggregates, never a person) but not organisations' member lists.
PROGRAMME_VIEWERS = STAFF_VIEWERS | keys("ab", "analyst") | {"a:platform_admin"}
ORGANISATION_VIEWERS = STAFF_VIEWERS | {"a:platform_admin"}
ORGANISATION_A_VIEWERS = frozenset(k for k in ORGANISATION_VIEWERS if k.startswith("a:"))
MEMBER_MANAGERS_A = frozenset({"a:org_admin", "a:platform_admin"})
CASEWORKER_A = frozenset({"a:caseworker"})
COORDINATOR_A = frozenset({"a:coordinator"})
# Exchange: A's coordinator opened the rounds and invited A and B; focal points answer
# only for their own organisation, and the coordinator of B coordinates none of them.
FOCAL_POINT_A = frozenset({"a:focal_point"})
EXCHANGE_USERS = keys("ab", "coordinator", "focal_point")
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


def rule(
    allow: frozenset[str], scoped: frozenset[str] = frozenset(), *, shows_a: bool = False
) -> Rule:
    assert not allow & scoped
    return Rule(frozenset(allow), frozenset(scoped), shows_a)


def get_post(read: Rule, post: Rule | None = None) -> dict[str, Rule]:
    return {"GET": read, "POST": post or rule(read.allow, read.scoped)}


def user_of(world: World, key: str) -> User:
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
    # What each app's tests/matrix*.py built (by module name), and the URL parameters named
    built: dict[str, Any] = field(default_factory=dict)
    extra_kwargs: dict[str, Callable[[MatrixWorld], Any]] = field(default_factory=dict)

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
        clash = sorted(set(values) & set(self.extra_kwargs))
        assert not clash, f"URL parameter(s) named by two apps: {clash}"
        unknown = [n for n in names if n not in values and n not in self.extra_kwargs]
        assert not unknown, f"no object of organisation A for URL parameter(s) {unknown}"
        return {
            name: values[name]() if name in values else self.extra_kwargs[name](self)
            for name in names
        }

    def markers(self, user_key: str = "anon") -> list[str]:
        """Personal values of organisation A's people that must not reach this user."""
        assert self.world.child_a is not None
        values = [self.head_a.given_name, self.world.child_a.given_name]
        if user_key not in A_REFERENCE_READERS:
            values.append(self.household_a.reference)
        return values
