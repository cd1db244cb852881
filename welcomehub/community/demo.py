"""The demo's community life (data/demo_community.json, invented): events of the national
programme on the public calendar, one for the programme's families only, registrations
and a waiting list; mutual-support groups proposed from pt_ngo's caseload, with
sessions, attendance and a board message."""

from __future__ import annotations

import datetime
import json
import secrets
from pathlib import Path

from django.utils import timezone

from welcomehub.accounts import services as accounts
from welcomehub.accounts.models import User
from welcomehub.community import events, selectors, services
from welcomehub.community.models import GroupMember, SupportGroup
from welcomehub.core.demo import DemoWorld
from welcomehub.people import services as people
from welcomehub.people.models import Household, Person

DATA = Path(__file__).resolve().parent / "data" / "demo_community.json"
USERNAME = "demo-community"


def _community_worker(world: DemoWorld) -> User:
    """A volunteer coordinator of pt_ngo who runs its groups; signs in with the demo
    password (the same password hash as the demo coordinator)."""
    user = accounts.user_create(
        actor=None, username=USERNAME, password=secrets.token_urlsafe(24), first_name="Leila"
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


def _groups(world: DemoWorld, worker: User) -> int:
    org = world.organisations["pt_ngo"]
    programme = world.programmes["pt_national"]
    households = list(Household.objects.filter(organisation=org, programme=programme))
    _consents(world, households)
    own = Person.objects.filter(user=world.users["demo-refugee"]).first()
    if own is not None and not own.consents.filter(purpose="matching", withdrawn_at=None).exists():
        people.consent_record(
            actor=world.caseworkers["pt_ngo"], person=own, purpose="matching", method="written"
        )
    made = 0
    for theme, name in (("language_circle", "Circle"), ("women_small_children", "Mothers' group")):
        proposal = selectors.propose(
            organisation_id=org.pk, programme_id=programme.pk, theme=theme, min_size=4, max_size=8
        )
        for i, proposed in enumerate(proposal.groups[:2]):
            group = services.group_create(
                actor=worker,
                organisation=org,
                programme=programme,
                name=f"{name} {proposed.language.upper()} {i + 1}",
                theme=theme,
                language=proposed.language,
                min_size=4,
                max_size=10,
                person_ids=proposed.person_ids,
            )
            made += 1
            _run(world, worker, group, own)
    if own is not None and not GroupMember.objects.filter(person=own).exists():
        # the demo refugee finds an invitation in the portal
        circle = SupportGroup.objects.filter(organisation=org, theme="language_circle").first()
        if circle is not None:
            services.member_invite(actor=worker, group=circle, person=own)
    return made


def _run(world: DemoWorld, worker: User, group: SupportGroup, own: Person | None) -> None:
    members = list(GroupMember.objects.filter(group=group).select_related("person"))
    for member in members:
        if own is not None and member.person_id == own.pk:
            continue  # the demo refugee answers the invitation in the portal
        if world.rng.random() < 0.75:
            services.member_respond(actor=worker, member=member, join=True)
    joined = [m.pk for m in GroupMember.objects.filter(group=group, status="joined")]
    for weeks in (3, 2, 1):
        session = services.session_create(
            actor=worker,
            group=group,
            starts_at=timezone.now() - datetime.timedelta(weeks=weeks),
            venue="Centro Comunitário, Lisboa",
            facilitator="Leila (community worker)",
        )
        present = [pk for pk in joined if world.rng.random() < 0.7]
        services.attendance_record(actor=worker, session=session, present_member_ids=present)
    services.session_create(
        actor=worker,
        group=group,
        starts_at=timezone.now() + datetime.timedelta(days=5),
        venue="Centro Comunitário, Lisboa",
        facilitator="Leila (community worker)",
    )
    data = json.loads(DATA.read_text(encoding="utf-8"))
    services.notice_post(actor=worker, group=group, text=data["notice"])


def _events(world: DemoWorld, worker: User) -> int:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    coordinator = world.users["demo-coordinator"]
    programme = world.programmes["pt_national"]
    midnight = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    made = []
    for spec in data["events"]:
        start = midnight + datetime.timedelta(days=spec["days"], hours=spec["hour"])
        # the families' session is run by pt_ngo, whose caseload it registers
        for_families = spec["visibility"] == "programme"
        made.append(
            events.event_create(
                actor=worker if for_families else coordinator,
                organisation=world.organisations["pt_ngo" if for_families else "pt_state"],
                programme=programme,
                title=spec["title"],
                kind=spec["kind"],
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=spec["hours"]),
                venue=spec["venue"],
                capacity=spec["capacity"],
                description=spec["description"],
                languages=spec["languages"],
                support=spec["support"],
                accessibility=spec["accessibility"],
                visibility=spec["visibility"],
            )
        )
    for name, places in data["public_registrants"]:
        events.event_register(actor=None, event=made[0], places=places, name=name)
    # the families' information session fills up: later households wait
    family_event = made[-1]
    households = Household.objects.filter(
        programme=programme, organisation=world.organisations["pt_ngo"], status="arrived"
    ).order_by("reference")[:4]
    for household in households:
        events.event_register(
            actor=worker,
            event=family_event,
            household=household,
            places=2,
            support=["childcare"],
        )
    return len(made)


def load(world: DemoWorld) -> None:
    worker = _community_worker(world)
    groups = _groups(world, worker)
    count = _events(world, worker)
    world.say(f"Community: {groups} support groups (run by {USERNAME}), {count} events.")
