"""The demo's community sponsorship (invented people): in the Portugal national
programme, overseen by its lead (demo-coordinator), a sponsor group under each of the
three models; a named sponsorship decided; a sponsorship completed a year after the
family's arrival, with its closing review; a sponsorship with a signed-off settlement
plan, check-ins held and due; and one that broke down and went to the safety net.
demo-sponsor is a member of the first group and sees it under "My sponsor group", with
the check-in notes the group wrote (not those the programme wrote)."""

from __future__ import annotations

import datetime

from django.db.models import Count

from welcomehub.accounts.models import User
from welcomehub.core.demo import DemoWorld
from welcomehub.people import services as people
from welcomehub.people.models import Household
from welcomehub.people.selectors import consent_is_active, head_of
from welcomehub.sponsorship import closing, lifecycle, services
from welcomehub.sponsorship.models import GroupKind, PlanArea, SponsorGroup, Sponsorship
from welcomehub.sponsorship.suggest import pair_fit

DAY = datetime.timedelta(days=1)
PLAN = {
    "reception": (
        "Group: Helena and Pedro",
        "Meet the family at the airport; first week's shopping",
        0,
        0,
    ),
    "housing": ("Group", "Two-bedroom flat in Arroios, rent paid by the group", 650, 12),
    "income_support": ("Group", "Monthly allowance until work or benefits start", 300, 12),
    "orientation": (
        "Group with the NGO caseworker",
        "Transport, banks, health centre, rights",
        0,
        0,
    ),
    "language": (
        "Lisboa Portuguese Language School",
        "Portuguese classes; group members practise weekly",
        0,
        0,
    ),
    "employment": (
        "Group: Miguel",
        "CV, recognition of qualifications, introductions to employers",
        0,
        0,
    ),
    "schooling": ("Group: Helena", "School enrolment and homework help", 0, 0),
}


def _ready_members(world: DemoWorld, group: SponsorGroup, names: list[str]) -> list:
    members = []
    for i, name in enumerate(names):
        member = services.member_add(
            actor=None, group=group, name=name, contact=f"+351 91{i} 000 {100 + i}"
        )
        checked = world.today - datetime.timedelta(days=120 + 7 * i)
        services.check_record(
            actor=None,
            member=member,
            kind="identity",
            checked_on=checked,
            issued_by="Civil registry",
        )
        services.check_record(
            actor=None,
            member=member,
            kind="police",
            checked_on=checked,
            expires_on=checked + datetime.timedelta(days=3 * 365),
            issued_by="Criminal records office",
            reference=f"CR-{2026 + i}-{4410 + i}",
        )
        for module in ("induction", "safeguarding", "boundaries"):
            services.training_record(
                actor=None, member=member, module=module, completed_on=checked + 10 * DAY, hours=3
            )
        members.append(member)
    return members


def _group(
    world: DemoWorld, name: str, kind: str, model: str, place: str, **extra: object
) -> SponsorGroup:
    return services.group_create(
        actor=None,
        programme=world.programmes["pt_national"],
        organisation=world.organisations["pt_state"],
        name=name,
        kind=kind,
        model=model,
        place=world.places[place],
        **extra,  # type: ignore[arg-type]
    )


def _with_consent(household: Household) -> Household:
    head = head_of(household)
    assert head is not None
    if not consent_is_active(person=head, purpose="matching"):
        people.consent_record(actor=None, person=head, purpose="matching", method="written")
    return household


def _agree_plan(coordinator: User, sponsorship: Sponsorship) -> None:
    for area in PlanArea.values:
        who, what, amount, months = PLAN[area]
        lifecycle.plan_item_set(
            actor=coordinator,
            sponsorship=sponsorship,
            area=area,
            responsible=who,
            actions=what,
            monthly_amount=amount,
            months=months,
        )
    lifecycle.plan_sign_off(actor=coordinator, sponsorship=sponsorship)


COMPLETED_NOTES = {
    30: "Flat ready, children enrolled; the family asked for help with the bank.",
    90: "Portuguese classes going well; the father worries about finding work.",
    180: "First job interview; the youngest started at the crèche.",
    365: "Year review with the caseworker: rent taken over by the family from next month.",
}


def _completed(world: DemoWorld, group: SponsorGroup, household: Household) -> None:
    """The group's first family, arrived over a year ago: the four check-ins held (three
    written by the group, the last by the programme), then the closing review."""
    coordinator = world.users["demo-coordinator"]
    sponsor = world.users["demo-sponsor"]
    arrival = household.arrival_date
    assert arrival is not None  # chosen by its arrival date
    done = lifecycle.sponsorship_approve(actor=coordinator, group=group, household=household)
    lifecycle.sponsorship_introduce(actor=coordinator, sponsorship=done, introduced_on=arrival)
    _agree_plan(coordinator, done)
    for checkin in done.checkins.order_by("day"):
        lifecycle.checkin_record(
            actor=coordinator if checkin.day == 365 else sponsor,
            checkin=checkin,
            done_on=checkin.due_on + 3 * DAY,
            notes=COMPLETED_NOTES[checkin.day],
            flags=["money"] if checkin.day == 90 else [],
        )
    outcomes = dict.fromkeys(PlanArea.values, "achieved")
    outcomes.update(language="partly", employment="partly")
    closing.sponsorship_close(
        actor=coordinator,
        sponsorship=done,
        closed_on=arrival + 375 * DAY,
        outcomes=outcomes,
        went_well=["friendships", "school", "language"],
        was_hard=["work", "housing"],
        stay_in_touch=True,
        note="Farewell lunch at the parish hall; the family may move to Porto for work.",
    )


def load(world: DemoWorld) -> None:
    programme = world.programmes["pt_national"]
    coordinator = world.users["demo-coordinator"]
    # Arrived three to six months ago: the 30- and 90-day check-ins are held, 180 is due
    households = (
        Household.objects.filter(
            programme=programme,
            arrival_date__gte=world.today - 185 * DAY,
            arrival_date__lte=world.today - 95 * DAY,
        )
        .exclude(location=None)
        .annotate(size=Count("members"))
        .filter(size__gte=1, size__lte=4)
        .order_by("arrival_date", "reference")
    )
    arrived = list(households[:3])
    # Arrived over a year ago (the commitment has ended) and small enough for the housing
    year_ago = (
        Household.objects.filter(
            programme=programme,
            arrival_date__gte=world.today - 700 * DAY,
            arrival_date__lte=world.today - 400 * DAY,
        )
        .exclude(location=None)
        .annotate(size=Count("members"))
        .filter(size__gte=1, size__lte=6)
        .order_by("arrival_date", "reference")
        .first()
    )
    if len(arrived) < 3 or year_ago is None:
        world.say("Sponsorship: not enough arrived households for the demo; skipped.")
        return
    circle = _group(
        world,
        "Arroios Welcome Circle",
        GroupKind.INDIVIDUALS,
        "sponsored_resettlement",
        "Lisboa",
        housing_persons=6,
        languages=["pt", "en", "ar"],
        funds_available=20000,
        supports=["medical", "interpreter", "single_parent_support", "mental_health"],
    )
    members = _ready_members(
        world, circle, ["Helena Costa", "Pedro Alves", "Miguel Sousa", "Teresa Lima", "Joana Reis"]
    )
    services.member_link_user(actor=None, member=members[0], user=world.users["demo-sponsor"])
    parish = _group(
        world,
        "São Vicente Parish Sponsors",
        GroupKind.COMMUNITY,
        "complementary_pathway",
        "Lisboa",
        housing_persons=5,
        languages=["pt", "fa"],
        funds_available=12000,
    )
    _ready_members(world, parish, ["Rosa Martins", "Luís Ferreira"])
    uni = _group(
        world,
        "Coimbra University Friends",
        GroupKind.ORGANISATION,
        "named",
        "Coimbra",
        housing_persons=4,
        languages=["pt", "uk", "en"],
        funds_available=9000,
    )
    _ready_members(world, uni, ["Prof. Marta Neves"])
    request = services.named_request_submit(
        actor=None,
        group=uni,
        names="Olena Bondarenko; Andrii Bondarenko",
        case_number="UNHCR-UKR-24-118832",
        relationship="Former visiting researcher and her son",
        current_location="Chisinau, Moldova",
        persons=2,
    )
    services.named_request_decide(
        actor=coordinator,
        request=request,
        additional=True,
        protection_need=True,
        approve=True,
        reasons="Outside the government quota; UNHCR-registered with protection needs.",
    )
    # The circle's first family, a year on: completed with its closing review
    _completed(world, circle, _with_consent(year_ago))
    # A running sponsorship, plan agreed, 30- and 90-day check-ins held, the next ones due
    family = _with_consent(arrived[0])
    family.refresh_from_db()
    fit = pair_fit(group=circle, household=family)
    running = lifecycle.sponsorship_approve(
        actor=coordinator,
        group=circle,
        household=family,
        reasons=[list(reason) for reason in fit.reasons] if fit else [],
        score=fit.score if fit else 0.0,
    )
    lifecycle.sponsorship_introduce(
        actor=coordinator, sponsorship=running, introduced_on=family.arrival_date or world.today
    )
    _agree_plan(coordinator, running)
    for checkin in running.checkins.filter(due_on__lte=world.today).order_by("day")[:2]:
        lifecycle.checkin_record(  # the group writes the first, the programme the second
            actor=world.users["demo-sponsor"] if checkin.day == 30 else coordinator,
            checkin=checkin,
            done_on=checkin.due_on + 2 * DAY
            if checkin.due_on + 2 * DAY <= world.today
            else checkin.due_on,
            notes="Family settling in; children enrolled.",
            flags=["money"] if checkin.day == 90 else [],
        )
    # A sponsorship that broke down: the safety net took over every area without a gap
    other = _with_consent(arrived[1])
    broken = lifecycle.sponsorship_approve(actor=coordinator, group=parish, household=other)
    lifecycle.sponsorship_introduce(
        actor=coordinator, sponsorship=broken, introduced_on=other.arrival_date or world.today
    )
    for area in PlanArea.values:
        lifecycle.plan_item_set(
            actor=coordinator,
            sponsorship=broken,
            area=area,
            responsible="Parish group",
            actions="As agreed with the programme",
        )
    breakdown = world.today - 5 * DAY
    lifecycle.sponsorship_escalate(
        actor=coordinator,
        sponsorship=broken,
        reason="group_withdrew",
        occurred_on=breakdown,
        details="Two members moved away; the group could no longer keep its commitments.",
        safety_net="Government support: housing, income and a caseworker from day one.",
        handovers=[
            lifecycle.Handover(area, "Refugee Support Network Portugal (caseworker)", breakdown)
            for area in PlanArea.values
        ],
    )
    # A third household agreed to matching, waiting for a suggestion
    _with_consent(arrived[2])
    world.say(
        "Sponsorship: 3 sponsor groups (one per model), 1 named request approved, "
        "3 sponsorships (one completed, one running, one escalated to the safety net)."
    )
