"""The large world of the load test (issue 9): the demo world, and on top of it

- 100,000 households (about 260,000 persons) of the Portuguese national programme, 60 % in
  the caseload of the NGO whose caseworker is `demo-caseworker`, 40 % in Porto's;
- 1,000,000 outcome observations with the per-person change table rebuilt from them;
- 5,000 organisations in all, each of the new ones answering the demo's open exchange round,
  with 50,000 needs and offers between them;
- 200 more refugee accounts (`load-refugee-001` ...) linked to heads of the new households,
  so that refugees signing in at the same time are different families.

    DATABASE_URL=postgresql://postgres@127.0.0.1/welcomehub_load \\
    WELCOMEHUB_DATA_DIR=/tmp/wh-load .venv/bin/python -m bench.load.generate \\
        --password 'some-long-passphrase' [--households 100000] [--observations 1000000] \\
        [--organisations 5000] [--entries 50000] [--refugees 200] [--seed 0]

The database must be new and empty. The demo world goes in through the services (like
`welcomehub demo`), every account with --password; the bulk goes in with COPY on
PostgreSQL (executemany on SQLite) through each field's own conversion, so names and dates
of birth are encrypted like any other write (`bench.outcomes.generate`).
"""

from __future__ import annotations

import argparse
import datetime
import time
from typing import Any

import numpy as np

from bench.outcomes import generate as outcomes_world

TOPIC_WORDS = {
    "housing": "finding landlords willing to rent to large families",
    "employment": "recognising foreign diplomas and placing people in first jobs",
    "language": "evening language classes for working parents",
    "psychosocial": "trauma-informed casework and peer support",
    "education": "school enrolment in the middle of the year",
    "health": "interpreters for primary care appointments",
}


def _organisations(rng: np.random.Generator, wanted: int) -> list[int]:
    """New organisations up to `wanted` in all; returns their ids."""
    from welcomehub.accounts.models import Organisation
    from welcomehub.core import taxonomy

    types = taxonomy.codes("organisation_types")
    countries = ["PT", "ES", "FR", "DE", "IT", "GR", "CA", "US", "GB", "NL", "SE", "BR"]
    first = outcomes_world._last_id(Organisation)
    rows: list[dict[str, Any]] = [
        {
            "id": first + number,
            "name": f"Load organisation {number:05d}",
            "org_type": types[int(rng.integers(len(types)))],
            "country": countries[int(rng.integers(len(countries)))],
        }
        for number in range(1, wanted - Organisation.objects.count() + 1)
    ]
    outcomes_world._insert(Organisation, rows)
    outcomes_world._reset_sequences(Organisation)
    return [int(row["id"]) for row in rows]


def _exchange(rng: np.random.Generator, organisations: list[int], entries: int) -> int:
    """Submitted answers of the new organisations to the demo's open round, with
    `entries` needs and offers (half each) between them."""
    from django.utils import timezone

    from welcomehub.core import taxonomy
    from welcomehub.exchange.models import Answer, Need, Offer, OfferKind, SurveyRound

    survey_round = SurveyRound.objects.filter(status="open").order_by("id").first()
    if survey_round is None:
        raise SystemExit("The demo world has no open exchange round.")
    topics = taxonomy.codes("exchange_topics")
    modalities = taxonomy.codes("exchange_modalities")
    languages = ["pt", "en", "fr", "es", "ar", "uk", "de"]
    kinds = [kind.value for kind in OfferKind]
    first = outcomes_world._last_id(Answer)
    answers = [
        {
            "id": first + index,
            "round_id": survey_round.pk,
            "organisation_id": organisation,
            "status": "submitted",
            "submitted_at": timezone.now(),
        }
        for index, organisation in enumerate(organisations, start=1)
    ]
    outcomes_world._insert(Answer, answers)

    def entry(number: int) -> dict[str, Any]:
        chosen = [topics[int(i)] for i in rng.choice(len(topics), size=2, replace=False)]
        words = TOPIC_WORDS.get(chosen[0], chosen[0].replace("_", " "))
        return {
            "id": number,
            "answer_id": answers[int(rng.integers(len(answers)))]["id"],
            "topics": chosen[: int(rng.integers(1, 3))],
            "modalities": [modalities[int(rng.integers(len(modalities)))]],
            "languages": [languages[int(rng.integers(len(languages)))]],
            "description": f"Experience with {words} (entry {number}).",
        }

    first_need, first_offer = outcomes_world._last_id(Need), outcomes_world._last_id(Offer)
    needs = [entry(first_need + n) for n in range(1, entries // 2 + 1)]
    offers = [entry(first_offer + n) for n in range(1, entries - entries // 2 + 1)]
    for offer in offers:
        offer["kind"] = kinds[int(rng.integers(len(kinds)))]
    outcomes_world._insert(Need, needs)
    outcomes_world._insert(Offer, offers)
    outcomes_world._reset_sequences(Answer, Need, Offer)
    return len(needs) + len(offers)


def _refugees(count: int, password: str, household_ids: list[int]) -> None:
    """Portal accounts for heads of new households, through the services."""
    from welcomehub.accounts import services as accounts
    from welcomehub.people import services as people
    from welcomehub.people.models import Person

    heads = (
        Person.objects.filter(household_id__in=household_ids, relationship="head")
        .select_related("household")
        .order_by("id")[:count]
    )
    for number, head in enumerate(heads, start=1):
        user = accounts.user_create(
            actor=None, username=f"load-refugee-{number:03d}", password=password
        )
        accounts.membership_add(
            actor=None, user=user, organisation=head.household.organisation, role_code="refugee"
        )
        people.person_link_user(actor=None, person=head, user=user)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--password", required=True, help="password of every account")
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--observations", type=int, default=1_000_000)
    parser.add_argument("--organisations", type=int, default=5_000)
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--refugees", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    outcomes_world._setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from welcomehub.accounts.models import Organisation
    from welcomehub.outcomes import facts
    from welcomehub.outcomes.models import Assessment, Observation
    from welcomehub.people.models import Household
    from welcomehub.programmes.models import Programme

    started = time.perf_counter()

    def done(what: str, since: float) -> float:
        now = time.perf_counter()
        print(f"{what}: {now - since:.1f} s", flush=True)
        return now

    call_command("migrate", verbosity=0)
    step = done("migrated", started)
    call_command("load_demo", password=args.password)
    step = done("demo world", step)
    rng = np.random.default_rng(args.seed)
    programme = Programme.objects.get(name__icontains="national", country="PT")
    places = list(programme.places.order_by("id"))
    ngo = Organisation.objects.get(memberships__user__username="demo-caseworker")
    porto = Organisation.objects.get(memberships__user__username="demo-caseworker-porto")
    first_household = outcomes_world._last_id(Household)
    with transaction.atomic():
        arrivals: list[tuple[int, datetime.date]] = []
        share = round(args.households * 0.6)
        for organisation, count in ((ngo, share), (porto, args.households - share)):
            made, _ = outcomes_world._people(
                rng, 0, organisation, places, programme, households_wanted=count
            )
            arrivals += made
        step = done(f"{args.households} households, {len(arrivals)} persons", step)
        made_assessments = outcomes_world._assessments(rng, arrivals, datetime.date.today())
        observations = outcomes_world._observations(rng, made_assessments, args.observations)
        outcomes_world._insert(Assessment, made_assessments)
        outcomes_world._insert(Observation, observations)
        outcomes_world._reset_sequences(Assessment, Observation)
        step = done(f"{len(made_assessments)} assessments, {len(observations)} observations", step)
        organisations = _organisations(rng, args.organisations)
        step = done(f"{len(organisations)} new organisations", step)
        entries = _exchange(rng, organisations, args.entries)
        step = done(f"{entries} needs and offers", step)
    household_ids = list(
        Household.objects.filter(pk__gt=first_household, organisation=ngo)
        .order_by("id")
        .values_list("id", flat=True)[: args.refugees * 3]
    )
    _refugees(args.refugees, args.password, household_ids)
    step = done(f"{args.refugees} refugee accounts", step)
    rows = facts.rebuild()
    step = done(f"{rows} change rows", step)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # fresh statistics for the planner
    done("total", started)


if __name__ == "__main__":
    main()
