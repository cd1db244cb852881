"""A large outcomes world for the dashboard benchmark: one programme of 100,000 persons
and 1,000,000 observations, bulk-inserted into the database DATABASE_URL names.

    DATABASE_URL=sqlite:////tmp/wh-bench/bench.sqlite3 WELCOMEHUB_DATA_DIR=/tmp/wh-bench \\
        .venv/bin/python -m bench.outcomes.generate [--persons 100000] \\
        [--observations 1000000] [--seed 0]

Migrates the (new, empty) database first. Households of 1-7 persons (mean about 3)
arrive in 2020-2025 in one of 30 places through one of the six pathways; 85 % of
persons consent to aggregate statistics. 95 % have a baseline, then follow-ups at 6,
12 and 24 months for 70, 45 and 20 %; each assessment answers a random part of the 23
questions, the counts scaled so the observations total exactly --observations. Answers
drift upwards over time from a per-person level, so changes are mixed but mostly
positive. Then the per-person change table (`DomainChange`) is built from the answers
with `facts.rebuild`, as a bulk import would. Names and dates of birth go through the
encrypted fields like any other write.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import django
import numpy as np

BATCH = 10_000
PLACES = 30
KINDS = ("baseline", "follow_up_6", "follow_up_12", "follow_up_24")
SHARE = (0.95, 0.70, 0.45, 0.20)  # of persons with each assessment
MONTHS = (1, 6, 12, 24)
STAMPS = ("created_at", "updated_at")
FIRST_NAMES = ("Amal", "Omar", "Lina", "Yusuf", "Olena", "Farid", "Sara", "Ahmad", "Nour")


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL to a new, empty database (see the module docstring).")
    django.setup()


def _batches(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _insert(model: Any, rows: list[dict[str, Any]]) -> None:
    """Insert rows with their ids given, as fast as the database takes them: COPY on
    PostgreSQL, executemany on SQLite. Values go through each field's own conversion
    (so encrypted fields are encrypted); the ORM's per-object work is skipped."""
    from django.db import connection, models
    from django.utils import timezone

    fields = model._meta.concrete_fields
    now = timezone.now()
    columns = [field.column for field in fields]
    plain = (models.AutoField, models.BigAutoField, models.IntegerField, models.ForeignKey)

    def same(value: Any) -> Any:
        return value

    converters: list[Callable[[Any], Any]] = [
        same
        if isinstance(field, plain) or type(field) is models.CharField
        else partial(field.get_db_prep_save, connection=connection)
        for field in fields
    ]
    # Fields a row leaves out take their default, converted once for every row.
    defaults = {
        field.attname: converter(now if field.attname in STAMPS else field.get_default())
        for field, converter in zip(fields, converters, strict=True)
    }
    names = [field.attname for field in fields]

    def values(row: dict[str, Any]) -> list[Any]:
        return [
            convert(row[name]) if name in row else defaults[name]
            for name, convert in zip(names, converters, strict=True)
        ]

    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(values(row))
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
        for batch in _batches(rows):
            cursor.executemany(sql, [values(row) for row in batch])


def _reset_sequences(*models: Any) -> None:
    """After ids given by hand, PostgreSQL's sequences must move past them."""
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(statement)


def _last_id(model: Any) -> int:
    """The highest id in use, so rows given ids by hand go after what is there."""
    return int(model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)


def _ground(rng: np.random.Generator) -> tuple[Any, list[Any], Any]:
    """Organisations, places and the programme, through the services (they are few)."""
    from welcomehub.accounts import services as accounts
    from welcomehub.programmes import services as programmes

    lead = accounts.organisation_create(
        actor=None, name="Bench lead", org_type="municipality", country="PT"
    )
    country = programmes.place_create(actor=None, name="Portugal", kind="country", country="PT")
    places = [
        programmes.place_create(
            actor=None, name=f"Place {i:02d}", kind="municipality", country="PT", parent=country
        )
        for i in range(PLACES)
    ]
    programme = programmes.programme_create(
        actor=None,
        name="Bench programme",
        kind="national",
        country="PT",
        area=country,
        lead=lead,
        places=places,
    )
    return lead, places, programme


def _people(
    rng: np.random.Generator,
    persons: int,
    lead: Any,
    places: list[Any],
    programme: Any,
    *,
    households_wanted: int | None = None,
) -> tuple[list[tuple[int, datetime.date]], int]:
    """Households, persons and consents; returns (person id, arrival date) per person.
    Stops at `persons` persons or, when given, at `households_wanted` households."""
    from welcomehub.core import taxonomy
    from welcomehub.people.models import Consent, Household, Person

    pathways = taxonomy.codes("pathways")
    first_household, first_person = _last_id(Household), _last_id(Person)
    households: list[dict[str, Any]] = []
    people: list[dict[str, Any]] = []
    arrivals: list[tuple[int, datetime.date]] = []

    def more() -> bool:
        if households_wanted is not None:
            return len(households) < households_wanted
        return len(people) < persons

    while more():
        household_id = first_household + len(households) + 1
        arrival = datetime.date(int(rng.integers(2020, 2026)), int(rng.integers(1, 13)), 1)
        households.append(
            {
                "id": household_id,
                "reference": f"HB-{household_id:08d}",
                "organisation_id": lead.pk,
                "programme_id": programme.pk,
                "pathway": pathways[int(rng.integers(len(pathways)))],
                "status": "arrived",
                "arrival_date": arrival,
                "location_id": places[int(rng.integers(len(places)))].pk,
                "nationality": "SY",
                "languages": ["ar"],
            }
        )
        left = persons - len(people) if households_wanted is None else 7
        size = int(min(rng.geometric(0.35), 7, left))
        for index in range(size):
            year = int(rng.integers(1950, 2006) if index < 2 else rng.integers(2006, 2024))
            person_id = first_person + len(people) + 1
            people.append(
                {
                    "id": person_id,
                    "household_id": household_id,
                    "given_name": FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))],
                    "family_name": "Bench",
                    "date_of_birth": datetime.date(year, 6, 15),
                    "birth_year": year,
                    "sex": ("female", "male")[int(rng.integers(2))],
                    "relationship": "head" if index == 0 else "other",
                }
            )
            arrivals.append((person_id, arrival))
    _insert(Household, households)
    _insert(Person, people)
    consents = [{"person_id": p["id"], "purpose": "case_management"} for p in people]
    consents += [
        {"person_id": p["id"], "purpose": "aggregate_statistics"}
        for p in people
        if rng.random() < 0.85
    ]
    for number, consent in enumerate(consents, start=_last_id(Consent) + 1):
        consent.update(id=number, method="verbal")
    _insert(Consent, consents)
    _reset_sequences(Household, Person, Consent)
    return arrivals, len(households)


def _answer_counts(rng: np.random.Generator, assessments: int, total: int, most: int) -> Any:
    """Answers per assessment, 1 to `most` each, summing to exactly `total`."""
    if not assessments <= total <= assessments * most:
        sys.exit(f"{total} observations cannot fill {assessments} assessments")
    counts = rng.integers(1, most + 1, size=assessments)
    while (gap := total - int(counts.sum())) != 0:
        step = 1 if gap > 0 else -1
        room = np.flatnonzero(counts < most) if step > 0 else np.flatnonzero(counts > 1)
        chosen = rng.choice(room, size=min(abs(gap), len(room)), replace=False)
        counts[chosen] += step
    return counts


def _assessments(
    rng: np.random.Generator, arrivals: list[tuple[int, datetime.date]], today: datetime.date
) -> list[dict[str, Any]]:
    from welcomehub.outcomes.models import Assessment

    first = _last_id(Assessment)
    made: list[dict[str, Any]] = []
    for person_id, arrival in arrivals:
        for kind, share, months in zip(KINDS, SHARE, MONTHS, strict=True):
            day = arrival + datetime.timedelta(days=int(30.4 * months))
            if day > today or rng.random() >= share:
                continue
            made.append(
                {
                    "id": first + len(made) + 1,
                    "person_id": person_id,
                    "kind": kind,
                    "date": day,
                    "answered_by": "together",
                    "language": "ar",
                    "catalogue_version": "bench",
                }
            )
    return made


def _observations(
    rng: np.random.Generator, made: list[dict[str, Any]], total: int
) -> list[dict[str, Any]]:
    from welcomehub.outcomes.models import Observation, Question

    first = _last_id(Observation)
    questions = list(Question.objects.filter(active=True).select_related("scale"))
    counts = _answer_counts(rng, len(made), total, len(questions))
    drifts = {"baseline": 0.0, "follow_up_6": 0.08, "follow_up_12": 0.14, "follow_up_24": 0.2}
    level: dict[int, float] = {}
    rows: list[dict[str, Any]] = []
    for assessment, count in zip(made, counts, strict=True):
        base = level.setdefault(assessment["person_id"], float(rng.beta(2, 3)))
        drift = drifts[assessment["kind"]]
        noise = rng.normal(0, 0.15, size=int(count))
        for index, jitter in zip(rng.permutation(len(questions))[:count], noise, strict=True):
            question = questions[int(index)]
            low, high = question.scale.minimum, question.scale.maximum
            share = min(1.0, max(0.0, base + drift + float(jitter)))
            rows.append(
                {
                    "id": first + len(rows) + 1,
                    "assessment_id": assessment["id"],
                    "question_id": question.pk,
                    "value": low + round(share * (high - low)),
                }
            )
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--observations", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    _setup()
    from django.core.management import call_command
    from django.db import transaction

    from welcomehub.outcomes import facts

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated in {time.perf_counter() - started:.1f} s", flush=True)
    rng = np.random.default_rng(args.seed)
    today = datetime.date.today()
    from welcomehub.outcomes.models import Assessment, Observation

    with transaction.atomic():
        step = time.perf_counter()
        lead, places, programme = _ground(rng)
        arrivals, households = _people(rng, args.persons, lead, places, programme)
        print(
            f"{len(arrivals)} persons in {households} households: "
            f"{time.perf_counter() - step:.1f} s",
            flush=True,
        )
        step = time.perf_counter()
        made = _assessments(rng, arrivals, today)
        observations = _observations(rng, made, args.observations)
        print(f"generated answers: {time.perf_counter() - step:.1f} s", flush=True)
        step = time.perf_counter()
        _insert(Assessment, made)
        _insert(Observation, observations)
        _reset_sequences(Assessment, Observation)
        print(
            f"{len(made)} assessments, {len(observations)} observations inserted: "
            f"{time.perf_counter() - step:.1f} s",
            flush=True,
        )
    step = time.perf_counter()
    rows = facts.rebuild()
    print(f"{rows} change rows in {time.perf_counter() - step:.1f} s", flush=True)
    print(f"programme id {programme.pk}; total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
