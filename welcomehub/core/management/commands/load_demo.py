"""Load the invented demo world (`core/data/demo_world.json`) through the services.

Random choices come from a fixed seed, so every demo shows the same world.
"""

from __future__ import annotations

import datetime
import json
import random
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from welcomehub.accounts import services as accounts
from welcomehub.accounts.models import Organisation, User
from welcomehub.core.demo import DemoWorld, load_apps
from welcomehub.core.models import AuditChannel
from welcomehub.exchange import services as exchange
from welcomehub.outcomes import services as outcomes
from welcomehub.outcomes.models import Question
from welcomehub.people import services as people
from welcomehub.people.models import Household, Person
from welcomehub.placement import services as placement
from welcomehub.programmes import services as programmes
from welcomehub.programmes.models import Place, Programme

WORLD = Path(__file__).resolve().parents[2] / "data" / "demo_world.json"
SYSTEM = AuditChannel.SYSTEM
# The interface language most members of a nationality read, for their assessments.
INTERFACE_LANGUAGE = {"SY": "ar", "SD": "ar", "AF": "fa-af", "UA": "uk", "CD": "fr", "ER": "en"}
NEEDS = [
    "medical",
    "wheelchair",
    "large_housing",
    "mental_health",
    "single_parent_support",
    "interpreter",
]


class Command(BaseCommand):
    help = "Load the demo world into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", required=True, help="Password of every demo account.")
        parser.add_argument("--seed", type=int, default=2026)

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if Organisation.objects.exists():
            raise CommandError("The database is not empty; the demo world loads into a new one.")
        world = json.loads(WORLD.read_text(encoding="utf-8"))
        rng = random.Random(options["seed"])
        self.today = datetime.date.today()
        places = self._places(world["places"])
        orgs = {
            spec["key"]: accounts.organisation_create(
                actor=None, **{k: v for k, v in spec.items() if k != "key"}
            )
            for spec in world["organisations"]
        }
        progs = {spec["key"]: self._programme(spec, places, orgs) for spec in world["programmes"]}
        users = self._users(world["users"], orgs, options["password"])
        count = 0
        caseworkers = {key: users[name] for key, name in world["caseworkers"].items()}
        for caseload in world["caseloads"]:
            programme = progs[caseload["programme"]]
            for _ in range(caseload["households"]):
                household = self._household(
                    rng, world["nationalities"], orgs[caseload["organisation"]], programme
                )
                self._assessments(rng, household, caseworkers[caseload["organisation"]])
                count += 1
        self._link_refugee(users["demo-refugee"], orgs["pt_ngo"])
        self._exchange(world["exchange"], orgs, users)
        self._placement_locations(world["placement"], progs, places, users["demo-coordinator"])
        load_apps(
            DemoWorld(
                rng=rng,
                today=self.today,
                places=places,
                organisations=orgs,
                programmes=progs,
                users=users,
                caseworkers=caseworkers,
                say=self.stdout.write,
            )
        )
        self.stdout.write(
            f"Demo world: {len(orgs)} organisations, {len(progs)} programmes, {count} households."
        )

    def _places(self, specs: list[dict[str, Any]]) -> dict[str, Place]:
        places: dict[str, Place] = {}
        for spec in specs:
            parent = places.get(spec.get("parent", ""))
            places[spec["name"]] = programmes.place_create(
                actor=None,
                name=spec["name"],
                kind=spec["kind"],
                country=spec["country"],
                parent=parent,
            )
        return places

    def _programme(
        self, spec: dict[str, Any], places: dict[str, Place], orgs: dict[str, Organisation]
    ) -> Programme:
        programme = programmes.programme_create(
            actor=None,
            name=spec["name"],
            kind=spec["kind"],
            country=spec["country"],
            area=places[spec["area"]],
            lead=orgs[spec["lead"]],
            places=[places[name] for name in spec["places"]],
            description=spec["description"],
        )
        for key, role in spec["partners"]:
            programmes.partner_add(
                actor=None, programme=programme, organisation=orgs[key], role=role
            )
        for item in spec["responsibilities"]:
            for place in item["places"]:
                programmes.responsibility_create(
                    actor=None,
                    programme=programme,
                    domain=item["domain"],
                    place=places[place],
                    provider=orgs[item["provider"]],
                    funder=orgs[item["funder"]] if item["funder"] else None,
                    service=item["service"],
                    access=item["access"],
                )
        return programme

    def _users(
        self, specs: list[dict[str, Any]], orgs: dict[str, Organisation], password: str
    ) -> dict[str, User]:
        users = {}
        for spec in specs:
            user = User(username=spec["username"], first_name=spec["first_name"])
            # Demo passwords are short on purpose and skip the strength rules.
            user.set_password(password)
            user.save()
            for org_key, role in spec["roles"]:
                accounts.membership_add(
                    actor=None, user=user, organisation=orgs[org_key], role_code=role
                )
            users[spec["username"]] = user
        return users

    def _household(
        self,
        rng: random.Random,
        nationalities: dict[str, Any],
        organisation: Organisation,
        programme: Programme,
    ) -> Household:
        codes = list(nationalities)
        nationality = rng.choices(codes, weights=[nationalities[c]["weight"] for c in codes])[0]
        pool = nationalities[nationality]
        arrival = self.today - datetime.timedelta(days=rng.randint(-60, 900))
        places = list(programme.places.all())
        needs = sorted(set(rng.sample(NEEDS, k=rng.choice([0, 0, 0, 1, 1, 2]))))
        household = people.household_create(
            actor=None,
            organisation=organisation,
            programme=programme,
            channel=SYSTEM,
            pathway=rng.choices(
                [
                    "resettlement",
                    "complementary_education",
                    "complementary_employment",
                    "complementary_family_reunification",
                    "named_sponsorship",
                    "humanitarian_admission",
                ],
                weights=[55, 6, 6, 10, 13, 10],
            )[0],
            status="awaiting_arrival"
            if arrival > self.today
            else rng.choice(["arrived", "arrived", "settled"]),
            arrival_date=arrival,
            location=rng.choice(places),
            nationality=nationality,
            languages=list(pool["languages"][: rng.randint(1, len(pool["languages"]))]),
            needs=needs,
        )
        self._members(rng, pool, household)
        return household

    def _members(self, rng: random.Random, pool: dict[str, Any], household: Household) -> None:
        family = rng.choice(pool["family"])
        single_parent = "single_parent_support" in household.needs
        head_sex = "female" if single_parent or rng.random() < 0.3 else "male"
        head_age = rng.randint(24, 58)
        adults = [("head", head_sex, head_age)]
        if not single_parent and rng.random() < 0.75:
            adults.append(
                (
                    "spouse",
                    "female" if head_sex == "male" else "male",
                    head_age + rng.randint(-6, 4),
                )
            )
        children = [
            ("child", rng.choice(["female", "male"]), rng.randint(0, min(17, head_age - 18)))
            for _ in range(rng.choice([0, 1, 2, 2, 3, 3, 4, 5]))
        ]
        extra = (
            [("parent", rng.choice(["female", "male"]), head_age + rng.randint(20, 30))]
            if rng.random() < 0.1
            else []
        )
        created: list[Person] = []
        for relationship, sex, age in adults + children + extra:
            born = self.today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
            created.append(
                people.person_create(
                    actor=None,
                    household=household,
                    channel=SYSTEM,
                    given_name=rng.choice(pool["given"][sex]),
                    family_name=family,
                    date_of_birth=born,
                    sex=sex,
                    relationship=relationship,
                    languages=household.languages,
                    phone=self._phone(rng) if relationship == "head" else "",
                )
            )
        self._consents(rng, household, created)

    @staticmethod
    def _phone(rng: random.Random) -> str:
        return f"+351 9{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}"

    def _consents(self, rng: random.Random, household: Household, members: list[Person]) -> None:
        guardian = members[0]
        for person in members:
            minor = person.is_minor(self.today)
            purposes = ["case_management"] + (
                ["aggregate_statistics"] if rng.random() < 0.8 else []
            )
            purposes += ["matching"] if rng.random() < 0.5 else []
            for purpose in purposes:
                kwargs: dict[str, Any] = {}
                if minor:
                    age = person.age_on(self.today) or 0
                    kwargs = {
                        "guardian": guardian,
                        "child_assent": "given" if age >= 7 else "too_young",
                    }
                people.consent_record(
                    actor=None,
                    person=person,
                    purpose=purpose,
                    method=rng.choice(["written", "verbal"]),
                    channel=SYSTEM,
                    **kwargs,
                )
            if not minor and rng.random() < 0.3 and household.programme.partners.count() > 1:
                partner = household.programme.partners.exclude(
                    organisation=household.organisation
                ).first()
                if partner is not None:
                    people.consent_record(
                        actor=None,
                        person=person,
                        purpose="sharing",
                        method="written",
                        partner=partner.organisation,
                        channel=SYSTEM,
                    )

    def _link_refugee(self, user: User, organisation: Organisation) -> None:
        head = (
            Person.objects.filter(
                household__organisation=organisation, relationship="head", sex="female"
            )
            .order_by("id")
            .first()
        )
        if head is None:
            raise CommandError("The demo world has no household to link the refugee account to.")
        people.person_link_user(actor=None, person=head, user=user, channel=SYSTEM)

    def _assessments(self, rng: random.Random, household: Household, caseworker: User) -> None:
        """Baselines a month after arrival for most adults, and a six-month follow-up that
        usually shows progress; about one household in five still lacks its baseline."""
        arrival = household.arrival_date
        if arrival is None or (self.today - arrival).days < 45 or rng.random() < 0.2:
            return
        questions = list(Question.objects.filter(active=True).select_related("scale"))
        scale_max = {q.code: q.scale.maximum for q in questions}
        language = INTERFACE_LANGUAGE.get(household.nationality, "en")
        for person in household.members.all():
            if person.is_minor(self.today):
                continue
            start = {
                q.code: rng.randint(q.scale.minimum, (q.scale.minimum + q.scale.maximum) // 2)
                for q in questions
                if rng.random() < 0.85
            }
            outcomes.assessment_record(
                actor=caseworker,
                person=person,
                kind="baseline",
                date=arrival + datetime.timedelta(days=30),
                answered_by="together",
                language=language,
                answers=start,
                channel=SYSTEM,
            )
            if (self.today - arrival).days < 200:
                continue
            later = {
                code: min(scale_max[code], value + rng.choice([0, 0, 1, 1, 2]))
                for code, value in start.items()
            }
            outcomes.assessment_record(
                actor=caseworker,
                person=person,
                kind="follow_up_6",
                date=arrival + datetime.timedelta(days=185),
                answered_by="refugee",
                language=language,
                answers=later,
                channel=SYSTEM,
            )

    def _placement_locations(
        self,
        spec: dict[str, Any],
        progs: dict[str, Programme],
        places: dict[str, Place],
        coordinator: User,
    ) -> None:
        """Receiving places of the national programme, so a coordinator can run a placement
        of the households awaiting arrival."""
        for item in spec["locations"]:
            placement.location_create(
                actor=coordinator,
                programme=progs[spec["programme"]],
                channel=SYSTEM,
                **{**item, "place": places[item["place"]]},
            )

    def _exchange(
        self, spec: dict[str, Any], orgs: dict[str, Organisation], users: dict[str, User]
    ) -> None:
        """A survey round of the exchange, answered by six organisations, matched."""
        round_spec = spec["round"]
        answers = spec["answers"]
        survey_round = exchange.round_open(
            actor=users[round_spec["opened_by"]],
            organisation=orgs[round_spec["organisation"]],
            title=round_spec["title"],
            period_start=self.today - datetime.timedelta(days=20),
            period_end=self.today + datetime.timedelta(days=40),
            questionnaire_version=round_spec["questionnaire_version"],
            invited=[orgs[a["organisation"]] for a in answers],
            channel=SYSTEM,
        )
        for item in answers:
            focal_point = users[item["focal_point"]]
            answer = survey_round.answers.get(organisation=orgs[item["organisation"]])
            exchange.answer_save_draft(
                actor=focal_point,
                answer=answer,
                twinning=item["twinning"],
                funding_sources=item["funding_sources"],
                channel=SYSTEM,
            )
            for need in item["needs"]:
                exchange.need_add(actor=focal_point, answer=answer, channel=SYSTEM, **need)
            for offer in item["offers"]:
                exchange.offer_add(actor=focal_point, answer=answer, channel=SYSTEM, **offer)
            if item["submit"]:
                exchange.answer_submit(actor=focal_point, answer=answer, channel=SYSTEM)
        # Computed here rather than by the worker, so the demo shows suggestions at once.
        exchange.matches_compute(survey_round=survey_round)
