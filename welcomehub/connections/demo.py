"""Demo volunteers of pt_ngo: applicants at every stage, cleared volunteers (one of them
the demo volunteer's account), a clearance ending soon, hours above the weekly limit, an
insurance policy, and matches suggested, approved and introduced."""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal
from typing import Any

from welcomehub.accounts import services as accounts
from welcomehub.accounts.models import User
from welcomehub.connections import services
from welcomehub.connections.models import Volunteer, VolunteerStatus
from welcomehub.core.demo import DemoWorld
from welcomehub.people import services as people
from welcomehub.people.models import Household, Person

USERNAME = "demo-volunteers"

APPLICANTS: list[dict[str, Any]] = [
    {"given_name": "Sofia", "family_name": "Martins", "sex": "female", "place": "Lisboa",
     "languages": ["pt", "ar", "en"], "availability": ["weekends", "weekday_evenings"],
     "interests": ["cooking", "children_activities"], "role_wanted": "buddy",
     "stage": "demo-volunteer"},
    {"given_name": "Oksana", "family_name": "Kovalenko", "sex": "female", "place": "Lisboa",
     "languages": ["uk", "ru", "pt"], "availability": ["weekday_mornings"],
     "interests": ["language_practice"], "role_wanted": "mentor", "stage": "cleared",
     "from_refugee_community": True},
    {"given_name": "Ahmad", "family_name": "Karimi", "sex": "male", "place": "Lisboa",
     "languages": ["fa", "ps", "en"], "availability": ["weekends"],
     "interests": ["sport", "technology"], "role_wanted": "mentor", "stage": "expiring",
     "from_refugee_community": True},
    {"given_name": "Pedro", "family_name": "Alves", "sex": "male", "place": "Porto",
     "languages": ["pt", "es", "en"], "availability": ["weekday_afternoons"],
     "interests": ["music"], "role_wanted": "buddy", "stage": "screening"},
    {"given_name": "Clara", "family_name": "Sousa", "sex": "female", "place": "Lisboa",
     "languages": ["pt", "fr"], "availability": ["weekends"], "interests": ["reading"],
     "role_wanted": "other", "stage": "applied"},
    {"given_name": "Yusuf", "family_name": "Demir", "sex": "male", "place": "Coimbra",
     "languages": ["tr", "ar", "en"], "availability": ["weekday_evenings"],
     "interests": ["games"], "role_wanted": "buddy", "stage": "applied"},
]  # fmt: skip


def _coordinator(world: DemoWorld) -> User:
    """The volunteer coordinator of pt_ngo; signs in with the demo password."""
    user = accounts.user_create(
        actor=None, username=USERNAME, password=secrets.token_urlsafe(24), first_name="Helena"
    )
    user.password = world.users["demo-coordinator"].password
    user.save(update_fields=["password"])
    accounts.membership_add(
        actor=None,
        user=user,
        organisation=world.organisations["pt_ngo"],
        role_code="volunteer_coordinator",
    )
    return user


def _screen(
    world: DemoWorld, coordinator: User, volunteer: Volunteer, *, full: bool, expires: int
) -> None:
    today = world.today
    services.interview_record(
        actor=coordinator, volunteer=volunteer, held_on=today - datetime.timedelta(days=40),
        recommendation="proceed", notes="Motivated; understands the role's limits.",
    )  # fmt: skip
    for name in ("Referee One", "Referee Two"):
        ref = services.reference_add(
            actor=coordinator, volunteer=volunteer, referee_name=f"{name} ({volunteer.given_name})",
            referee_contact="+351 210 000 000", relationship="Former employer",
        )  # fmt: skip
        if full:
            services.reference_check(actor=coordinator, reference=ref, satisfactory=True)
    if not full:
        return
    services.clearance_record(
        actor=coordinator, volunteer=volunteer, issuing_body="Registo Criminal (Justiça)",
        number=f"RC-{world.rng.randrange(10**6, 10**7)}",
        issued_on=today - datetime.timedelta(days=365 - expires),
        expires_on=today + datetime.timedelta(days=expires),
    )  # fmt: skip
    for module, hours in (("safeguarding", "3"), ("role_boundaries", "2"), ("intercultural", "4")):
        services.training_record(
            actor=coordinator, volunteer=volunteer, module=module, hours=Decimal(hours),
            completed_on=today - datetime.timedelta(days=30),
        )  # fmt: skip
    day = today - datetime.timedelta(days=30)
    services.agreements_sign(
        actor=coordinator, volunteer=volunteer, code_of_conduct_on=day, role_boundaries_on=day
    )


def _consents(world: DemoWorld, households: list[Household]) -> None:
    """Most adults of the caseload agreed to matching; a few did not."""
    caseworker = world.caseworkers["pt_ngo"]
    for person in Person.objects.filter(household__in=households).exclude(relationship="child"):
        if person.consents.filter(purpose="matching", withdrawn_at=None).exists():
            continue
        if world.rng.random() < 0.8:
            people.consent_record(
                actor=caseworker, person=person, purpose="matching", method="written"
            )


def load(world: DemoWorld) -> None:
    org = world.organisations["pt_ngo"]
    coordinator = _coordinator(world)
    made: dict[str, Volunteer] = {}
    for item in APPLICANTS:
        fields = dict(item)
        stage = fields.pop("stage")
        fields["place"] = world.places.get(fields["place"])
        volunteer = services.volunteer_apply(
            actor=None, organisation=org, email=f"{item['given_name'].lower()}@example.org",
            motivation="I want to help families feel at home.", **fields,
        )  # fmt: skip
        made[stage if stage not in made else f"{stage}-2"] = volunteer
        if stage == "applied":
            continue
        full = stage != "screening"
        _screen(
            world, coordinator, volunteer, full=full, expires=20 if stage == "expiring" else 300
        )
        if not full:
            continue
        if stage == "demo-volunteer":  # the demo account signs in as this volunteer
            volunteer.refresh_from_db()
            volunteer.user = world.users["demo-volunteer"]
            volunteer.status = VolunteerStatus.CLEARED
            volunteer.cleared_on = world.today - datetime.timedelta(days=25)
            volunteer.save()
        else:
            services.volunteer_clear(actor=coordinator, volunteer=volunteer)
    services.insurance_record(
        actor=coordinator, organisation=org, insurer="Fidelidade",
        policy_number="RC-VOL-2026-0042", expires_on=world.today + datetime.timedelta(days=200),
    )  # fmt: skip
    sofia = made["demo-volunteer"]
    logged = [
        (1, "3", "Visit and school enrolment"),
        (3, "4", "Market and bus"),
        (5, "2.5", "Language practice"),
        (12, "2", "First meeting"),
    ]
    for days, hours, what in logged:
        services.hours_log(
            actor=world.users["demo-volunteer"], volunteer=sofia,
            worked_on=world.today - datetime.timedelta(days=days), hours=Decimal(hours),
            activity=what,
        )  # fmt: skip
    services.session_record(
        actor=coordinator, volunteer=made["cleared"], kind="extra_debriefing",
        held_on=world.today - datetime.timedelta(days=7),
        notes="Talked about her own arrival; offered monthly peer debriefing.",
    )  # fmt: skip
    services.session_record(
        actor=coordinator, volunteer=sofia, kind="supervision",
        held_on=world.today - datetime.timedelta(days=10),
    )  # fmt: skip
    households = list(Household.objects.filter(organisation=org).exclude(status="closed"))
    _consents(world, households)
    suggestions = services.matches_suggest(actor=coordinator, organisation=org)
    introduced = 0
    for match in suggestions:
        if match.volunteer_id == sofia.pk and introduced == 0:
            services.match_approve(
                actor=coordinator, match=match, meeting_place="Biblioteca de Alcântara",
                share_first_name=True,
            )  # fmt: skip
            services.match_introduce(
                actor=coordinator, match=match, household_told_how="By the caseworker, by phone"
            )
            introduced += 1
    world.say(
        f"Volunteers: {len(made)} applicants (coordinator {USERNAME}), "
        f"{len(suggestions)} match suggestions, {introduced} introduced to demo-volunteer"
    )
