"""Shared test world: two organisations, a user for every role, households in each.

Organisation A leads a programme in which organisation B is also a partner, so every
"other organisation" check is made against a real neighbour, not a stranger.
"""

from __future__ import annotations

import datetime
import os
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.functional import LazyObject

from welcomehub.accounts import services as accounts
from welcomehub.accounts.models import Organisation, User
from welcomehub.core import crypto
from welcomehub.people import services as people
from welcomehub.people.models import Household, Person
from welcomehub.programmes import services as programmes
from welcomehub.programmes.models import Place, Programme

PASSWORD = "a-Long-test-passphrase-42"  # noqa: S105  (test accounts only)
ROLES = [
    "org_admin",
    "coordinator",
    "caseworker",
    "volunteer_coordinator",
    "volunteer",
    "sponsor",
    "focal_point",
    "analyst",
    "refugee",
]


@dataclass
class World:
    org_a: Organisation
    org_b: Organisation
    place: Place
    other_place: Place
    programme: Programme
    users: dict[str, User] = field(default_factory=dict)
    users_b: dict[str, User] = field(default_factory=dict)
    household_a: Household | None = None
    household_b: Household | None = None
    head_a: Person | None = None
    child_a: Person | None = None
    head_b: Person | None = None

    def client(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client


def _user(username: str, org: Organisation, role: str) -> User:
    user = accounts.user_create(actor=None, username=username, password=PASSWORD)
    accounts.membership_add(actor=None, user=user, organisation=org, role_code=role)
    return user


def _household(org: Organisation, programme: Programme, place: Place) -> Household:
    return people.household_create(
        actor=None,
        organisation=org,
        programme=programme,
        pathway="resettlement",
        status="arrived",
        arrival_date=datetime.date(2026, 3, 1),
        location=place,
        nationality="SY",
        languages=["ar"],
        needs=["medical"],
        protection_notes="Fled after threats; do not share location",
    )


def _person(household: Household, given: str, born: datetime.date, relationship: str) -> Person:
    return people.person_create(
        actor=None,
        household=household,
        given_name=given,
        family_name="Haddad",
        date_of_birth=born,
        sex="female",
        relationship=relationship,
        languages=["ar"],
        phone="+351 912 345 678" if relationship == "head" else "",
    )


def build_world() -> World:
    crypto.reset_cipher()
    org_a = accounts.organisation_create(
        actor=None, name="Welcome Network A", org_type="ngo", country="PT"
    )
    org_b = accounts.organisation_create(
        actor=None, name="Community Partner B", org_type="refugee_led", country="PT"
    )
    country = programmes.place_create(actor=None, name="Portugal", kind="country", country="PT")
    place = programmes.place_create(
        actor=None, name="Lisboa", kind="municipality", country="PT", parent=country
    )
    other_place = programmes.place_create(
        actor=None, name="Porto", kind="municipality", country="PT", parent=country
    )
    programme = programmes.programme_create(
        actor=None,
        name="Test Resettlement Programme",
        kind="national",
        country="PT",
        area=country,
        lead=org_a,
        places=[place, other_place],
    )
    programmes.partner_add(actor=None, programme=programme, organisation=org_b, role="implementing")
    world = World(
        org_a=org_a, org_b=org_b, place=place, other_place=other_place, programme=programme
    )
    world.users = {role: _user(f"a-{role}", org_a, role) for role in ROLES}
    world.users["platform_admin"] = _user("platform-admin", org_a, "platform_admin")
    world.users_b = {role: _user(f"b-{role}", org_b, role) for role in ROLES}
    world.household_a = _household(org_a, programme, place)
    world.head_a = _person(world.household_a, "Amal", datetime.date(1988, 5, 17), "head")
    today = datetime.date.today()
    world.child_a = _person(world.household_a, "Lina", today.replace(year=today.year - 10), "child")
    people.person_link_user(actor=None, person=world.head_a, user=world.users["refugee"])
    world.household_b = _household(org_b, programme, other_place)
    world.head_b = _person(world.household_b, "Rania", datetime.date(1990, 1, 2), "head")
    people.person_link_user(actor=None, person=world.head_b, user=world.users_b["refugee"])
    return world


# The world, built once per test process and then copied back into each test's
# transaction (docs/decisions/0038-test-speed.md). Building it through the services takes
# ~380 queries (0.14 s), and ~800 tests ask for it; copying its rows back takes a dozen.
_WORLD_OBJECTS = (
    "org_a",
    "org_b",
    "place",
    "other_place",
    "programme",
    "household_a",
    "household_b",
    "head_a",
    "child_a",
    "head_b",
)
# Settings that tests change and that building the world never reads; any other setting
# that differs from when the copy was taken makes the world be built again, as before.
_SETTINGS_THE_WORLD_IGNORES = frozenset(
    {
        "WELCOMEHUB_EXCHANGE_ENCODER",
        "WELCOMEHUB_EVIDENCE_DIR",
        "WELCOMEHUB_MIN_CELL",
        "WELCOMEHUB_VOLUNTEER_WEEKLY_HOURS",
        "WELCOMEHUB_DEMO",
        "AXES_FAILURE_LIMIT",
    }
)
_WRITE = re.compile(r'^\s*(INSERT(?: OR \w+)? INTO|UPDATE|DELETE FROM)\s+"([^"]+)"', re.IGNORECASE)


@dataclass
class _WorldCopy:
    """The rows building the world wrote, and where each object of the World is."""

    fingerprint: Any
    rows: list[tuple[str, list[str], list[tuple[Any, ...]]]]  # table, columns, rows
    objects: dict[str, tuple[type[Model], Any]]  # World attribute or "users:role" → pk
    # Related objects cached on each object when it was built: attribute → the key of
    # another object of the World, or (model, pk) of an object outside it
    caches: dict[str, dict[str, Any]]


_world_copy: _WorldCopy | None = None
_world_copy_failed = False


def _stable_repr(value: Any) -> str:
    """repr() of a setting; a lazy one's repr changes once it is evaluated, its str does not."""
    return str(value) if isinstance(value, LazyObject) else repr(value)


def _fingerprint() -> Any:
    """Everything outside the database that building the world depends on: the settings,
    the field encryption keys and the date (a child's age)."""
    names = sorted(n for n in dir(settings) if n.isupper() and n not in _SETTINGS_THE_WORLD_IGNORES)
    return (
        [(name, _stable_repr(getattr(settings, name))) for name in names],
        os.environ.get(crypto.ENV_KEYS),
        crypto.read_keys(),
        datetime.date.today(),
    )


def _world_objects(world: World) -> dict[str, Model]:
    found: dict[str, Model] = {name: getattr(world, name) for name in _WORLD_OBJECTS}
    found |= {f"users:{role}": user for role, user in world.users.items()}
    found |= {f"users_b:{role}": user for role, user in world.users_b.items()}
    return found


def _table_models() -> dict[str, type[Model]]:
    return {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}


def _copy_world() -> tuple[World, _WorldCopy | None]:
    """Build the world, then read back the rows it wrote. Built twice in savepoints that
    are rolled back: once to learn the tables it writes, once to read its new rows."""
    models = _table_models()
    quote = connection.ops.quote_name
    existing = set(connection.introspection.table_names())
    counted = sorted(t for t in models if t in existing)
    count_sql = "SELECT " + ", ".join(  # noqa: S608
        f"(SELECT COUNT(*) FROM {quote(t)})"  # noqa: S608  # nosec B608 - identifiers from model metadata
        for t in counted
    )

    def counts() -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(count_sql)
            return dict(zip(counted, cursor.fetchone(), strict=True))

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        empty = counts()
        build_world()
        grown = {t for t, n in counts().items() if n != empty[t]}
        transaction.set_rollback(True)
    written: dict[str, set[str]] = {}
    for query in queries.captured_queries:
        match = _WRITE.match(query["sql"])
        if match:
            kind = "INSERT" if match.group(1).upper().startswith("INSERT") else "CHANGE"
            written.setdefault(match.group(2), set()).add(kind)
    tables = [t for t, kinds in written.items() if "INSERT" in kinds]
    if any(t not in models for t in written) or set(written) - set(tables) or grown - set(tables):
        # it changed rows it did not write (or tables Django does not know): no copy
        return build_world(), None

    def pk_column(table: str) -> str:
        return str(models[table]._meta.pk.column)

    with connection.cursor() as cursor:
        before = {}
        for table in tables:
            cursor.execute(f"SELECT {quote(pk_column(table))} FROM {quote(table)}")  # noqa: S608  # nosec B608 - identifiers from model metadata
            before[table] = {row[0] for row in cursor.fetchall()}
    fingerprint = _fingerprint()
    with transaction.atomic():
        world = build_world()
        rows = []
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608  # nosec B608 - identifiers from model metadata
                columns = [column[0] for column in cursor.description]
                at = columns.index(pk_column(table))
                new = [row for row in cursor.fetchall() if row[at] not in before[table]]
                rows.append((table, columns, sorted(new, key=lambda row: row[at])))
        objects = _world_objects(world)
        keys = {id(obj): key for key, obj in objects.items()}
        caches = {
            key: {
                attribute: keys.get(id(cached), (type(cached), cached.pk))
                for attribute, cached in obj._state.fields_cache.items()
                if cached is not None
            }
            for key, obj in objects.items()
        }
        copy = _WorldCopy(
            fingerprint,
            rows,
            {key: (type(obj), obj.pk) for key, obj in objects.items()},
            caches,
        )
        transaction.set_rollback(True)
    return _restore_world(copy), copy


def _restore_world(copy: _WorldCopy) -> World:
    """Write the copied rows back and read every object of the World afresh (new Python
    objects each test: what one test changes in memory cannot reach the next)."""
    crypto.reset_cipher()
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table, columns, rows in copy.rows:
            if rows:
                cursor.executemany(
                    f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608  # nosec B608 - identifiers from model metadata, values bound
                    f"VALUES ({', '.join(['%s'] * len(columns))})",
                    rows,
                )
    wanted: dict[type[Model], list[Any]] = {}
    for model, pk in copy.objects.values():
        wanted.setdefault(model, []).append(pk)
    read = {model: model._base_manager.in_bulk(pks) for model, pks in wanted.items()}
    objects: dict[str, Any] = {key: read[model][pk] for key, (model, pk) in copy.objects.items()}
    outside: dict[tuple[type[Model], Any], Model] = {}
    for key, cached in copy.caches.items():
        for attribute, target in cached.items():
            if isinstance(target, tuple):
                if target not in outside:
                    outside[target] = target[0]._base_manager.get(pk=target[1])
                value = outside[target]
            else:
                value = objects[target]
            objects[key]._state.fields_cache[attribute] = value
    world = World(
        org_a=objects["org_a"],
        org_b=objects["org_b"],
        place=objects["place"],
        other_place=objects["other_place"],
        programme=objects["programme"],
    )
    for name in _WORLD_OBJECTS[5:]:
        setattr(world, name, objects[name])
    world.users = {k.split(":", 1)[1]: v for k, v in objects.items() if k.startswith("users:")}
    world.users_b = {k.split(":", 1)[1]: v for k, v in objects.items() if k.startswith("users_b:")}
    return world


@pytest.fixture
def world(db: Any) -> World:
    """The shared world (see build_world), in this test's transaction: copied back from
    the first build of this process when nothing it depends on has changed since."""
    global _world_copy, _world_copy_failed
    if _world_copy is not None and _world_copy.fingerprint == _fingerprint():
        return _restore_world(_world_copy)
    if _world_copy is not None or _world_copy_failed:
        return build_world()
    world, copy = _copy_world()
    if copy is None:
        _world_copy_failed = True
        warnings.warn("build_world() changed rows it did not write: built every time", stacklevel=1)
    _world_copy = copy
    return world


@pytest.fixture(autouse=True)
def _english_to_start() -> Any:
    """Each test starts in English: a request in another language leaves that language
    active in the thread, which would otherwise leak into the next test."""
    translation.activate("en")
    yield
    translation.deactivate()


def _flushes(item: Any) -> bool:
    """Whether the test commits for real, so that the database is emptied after it."""
    database = item.get_closest_marker("django_db")
    if database is not None and (
        database.kwargs.get("transaction") or database.kwargs.get("reset_sequences")
    ):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Browser (and other transactional) tests commit for real, and the database is emptied
    after each one, reference data included (roles, catalogues loaded by migrations).
    Restore that data before each of them, so that any two can run in any order on one
    worker; the restore saves each row by its primary key, so it never meets rows it
    would duplicate. After the last of them, pytest_runtest_setup below restores it for
    the next test of another kind: any test may follow any other, so the slowest ones
    (the browsers) go first and xdist's work stealing evens out the end of the run."""
    for item in items:
        database = item.get_closest_marker("django_db")
        transactional = database is not None and database.kwargs.get("transaction")
        if item.get_closest_marker("browser") or transactional:
            item.add_marker(
                pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False
            )
    items.sort(key=lambda item: not _flushes(item))  # stable: otherwise pytest-django's order


_database_emptied = False


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: Any) -> Any:
    """After a test that emptied the database, put the reference data back (as it was
    right after the migrations) before a test that expects it."""
    global _database_emptied
    if _database_emptied and not _flushes(item):
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            for alias in connections:
                database = connections[alias]
                if hasattr(database, "_test_serialized_contents"):
                    database.creation.deserialize_db_from_string(database._test_serialized_contents)
        _database_emptied = False
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: Any, nextitem: Any) -> Any:
    global _database_emptied
    yield
    if _flushes(item):
        _database_emptied = True
