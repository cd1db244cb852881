"""Reads: group candidates for the engine, calendars, and the coordinator's figures."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.community import grouping
from welcomehub.community.models import (
    Attendance,
    CommunityEvent,
    EventRegistration,
    GroupMember,
    GroupSession,
    MembershipStatus,
    RegistrationStatus,
    SupportGroup,
    Visibility,
)
from welcomehub.community.rules import themes
from welcomehub.core import taxonomy
from welcomehub.core.disclosure import protect_table
from welcomehub.people.models import Household, Person
from welcomehub.people.selectors import consent_is_active
from welcomehub.reports.tables import Table

MATCHING = "matching"


def _months_between(start: datetime.date | None, today: datetime.date) -> int | None:
    if start is None:
        return None
    return max(0, (today.year - start.year) * 12 + today.month - start.month)


def candidates(
    *, organisation_id: int, programme_id: int, today: datetime.date
) -> list[grouping.Candidate]:
    """Everyone of the organisation's caseload in the programme, as the engine sees them:
    no names, consent to matching read through people's own selector."""
    persons = Person.objects.select_related("household").filter(
        household__organisation_id=organisation_id, household__programme_id=programme_id
    )
    by_household: dict[int, list[Person]] = {}
    for person in persons:
        by_household.setdefault(person.household_id, []).append(person)
    found = []
    for members in by_household.values():
        ages = [m.age_on(today) for m in members]
        child_ages = [
            a
            for m, a in zip(members, ages, strict=True)
            if m.relationship == "child" and a is not None
        ]
        for person, age in zip(members, ages, strict=True):
            household = person.household
            found.append(
                grouping.Candidate(
                    person_id=person.pk,
                    household_id=household.pk,
                    consented=consent_is_active(person=person, purpose=MATCHING),
                    sex=person.sex,
                    age=age,
                    languages=tuple(person.languages or household.languages),
                    place_id=household.location_id,
                    months_since_arrival=_months_between(household.arrival_date, today),
                    youngest_child_age=min(child_ages) if child_ages else None,
                    household_needs=tuple(household.needs),
                )
            )
    return found


def propose(
    *,
    organisation_id: int,
    programme_id: int,
    theme: str,
    min_size: int,
    max_size: int,
    language: str = "",
    same_place: bool = True,
) -> grouping.Proposal:
    today = timezone.localdate()
    people = candidates(organisation_id=organisation_id, programme_id=programme_id, today=today)
    # People already invited to or in a group of this theme are not proposed again.
    busy = set(
        GroupMember.objects.filter(
            group__organisation_id=organisation_id,
            group__theme=theme,
            group__closed_at=None,
            status__in=[MembershipStatus.INVITED, MembershipStatus.JOINED],
        ).values_list("person_id", flat=True)
    )
    return grouping.propose(
        [c for c in people if c.person_id not in busy],
        themes()[theme],
        min_size=min_size,
        max_size=max_size,
        language=language,
        same_place=same_place,
    )


TAKING_PLACES = (MembershipStatus.INVITED, MembershipStatus.JOINED)


def places_taken(group: SupportGroup) -> int:
    """Invitations open and members joined count against the group's maximum size."""
    return group.members.filter(status__in=TAKING_PLACES).count()


def invitable(group: SupportGroup) -> list[int]:
    """Whom the manager may invite to an existing group, by the proposals' rules: people
    of the organisation's caseload in the programme who consented to matching, fit the
    theme, speak the group's language when it has one, are not in another open group of
    the theme, and were never invited to this one (those who declined or left are not
    asked again). Person ids in the order they were recorded; staff see them by household
    reference and age band."""
    people = candidates(
        organisation_id=group.organisation_id,
        programme_id=group.programme_id,
        today=timezone.localdate(),
    )
    busy = set(
        GroupMember.objects.filter(
            group__organisation_id=group.organisation_id,
            group__theme=group.theme,
            group__closed_at=None,
            status__in=TAKING_PLACES,
        ).values_list("person_id", flat=True)
    )
    busy |= set(group.members.values_list("person_id", flat=True))
    theme = themes()[group.theme]
    return sorted(
        c.person_id
        for c in people
        if c.consented
        and c.person_id not in busy
        and theme.fits(c)
        and (not group.language or group.language in c.languages)
    )


@dataclass(frozen=True)
class MemberRow:
    """A member as staff see them: pseudonymous (household reference and age band)."""

    member: GroupMember
    household_reference: str
    age_band: str
    sex: str


def age_band(age: int | None) -> str:
    if age is None:
        return "?"
    for low, high in ((0, 15), (16, 25), (26, 39), (40, 59)):
        if low <= age <= high:
            return f"{low}-{high}"
    return "60+"


def member_rows(group: SupportGroup) -> list[MemberRow]:
    today = timezone.localdate()
    members = group.members.select_related("person__household").order_by("id")
    return [
        MemberRow(
            m,
            m.person.household.reference,
            age_band(m.person.age_on(today)),
            taxonomy.label("sexes", m.person.sex),
        )
        for m in members
    ]


def persons_brief(person_ids: Sequence[int]) -> dict[int, tuple[str, str, str]]:
    """Person id → (household reference, age band, sex label) for a proposal page."""
    today = timezone.localdate()
    return {
        p.pk: (p.household.reference, age_band(p.age_on(today)), taxonomy.label("sexes", p.sex))
        for p in Person.objects.select_related("household").filter(pk__in=list(person_ids))
    }


def upcoming(events: QuerySet[CommunityEvent]) -> QuerySet[CommunityEvent]:
    return (
        events.filter(cancelled_at=None, ends_at__gte=timezone.now())
        .select_related("place", "programme")
        .annotate(
            taken=Sum(
                "registrations__places",
                filter=Q(registrations__status=RegistrationStatus.REGISTERED),
                default=0,
            )
        )
        .order_by("starts_at", "id")
    )


def public_calendar() -> QuerySet[CommunityEvent]:
    return upcoming(CommunityEvent.objects.filter(visibility=Visibility.PUBLIC))


def portal_events(household: Household) -> QuerySet[CommunityEvent]:
    return upcoming(
        CommunityEvent.objects.filter(
            Q(visibility=Visibility.PUBLIC) | Q(programme_id=household.programme_id)
        )
    )


def own_memberships(household: Household) -> QuerySet[GroupMember]:
    return (
        GroupMember.objects.filter(person__household=household, group__closed_at=None)
        .exclude(status=MembershipStatus.DECLINED)
        .select_related("group", "person")
        .order_by("group__name", "id")
    )


def own_registrations(household: Household) -> QuerySet[EventRegistration]:
    return (
        EventRegistration.objects.filter(household=household)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("event")
    )


@dataclass(frozen=True)
class Figures:
    title: str
    columns: list[str]
    rows: list[tuple[str, list[int | None], int | None]]
    total: list[int | None]
    grand: int | None


def _protected(
    title: str, columns: list[str], labels: list[str], counts: list[list[int]]
) -> Figures:
    if not counts:
        return Figures(title, columns, [], [None] * len(columns), None)
    table = protect_table(counts)
    return Figures(
        title,
        columns,
        [
            (label, cells, total)
            for label, cells, total in zip(labels, table.cells, table.row_totals, strict=True)
        ],
        table.col_totals,
        table.grand_total,
    )


def figures(organisation_ids: set[int]) -> tuple[dict[str, int], list[Figures]]:
    """Counts of groups and sessions (not people), and people counts protected: members
    by theme and status, attendances by theme, registered people by event kind."""
    groups = SupportGroup.objects.filter(organisation_id__in=organisation_ids)
    plain = {
        "groups": groups.count(),
        "sessions": GroupSession.objects.filter(group__in=groups).count(),
        "events": CommunityEvent.objects.filter(organisation_id__in=organisation_ids).count(),
    }
    theme_codes = taxonomy.codes("support_group_themes")
    statuses = [MembershipStatus.INVITED, MembershipStatus.JOINED, MembershipStatus.LEFT]
    members = (
        GroupMember.objects.filter(group__in=groups)
        .values("group__theme", "status")
        .annotate(n=Count("id"))
    )
    grid = {(r["group__theme"], r["status"]): r["n"] for r in members}
    present = (
        Attendance.objects.filter(session__group__in=groups, present=True)
        .values("session__group__theme")
        .annotate(n=Count("id"))
    )
    came = {r["session__group__theme"]: r["n"] for r in present}
    used = [t for t in theme_codes if any(grid.get((t, s)) for s in statuses) or came.get(t)]
    labels = [taxonomy.label("support_group_themes", t) for t in used]
    # people by status, and attendances (person-sessions) apart: their sum means nothing
    tables = [
        _protected(
            "members",
            [str(s.label) for s in statuses],
            labels,
            [[grid.get((t, s), 0) for s in statuses] for t in used],
        ),
        _protected(
            "attendances",
            ["attendances"],
            labels,
            [[came.get(t, 0)] for t in used],
        ),
    ]
    kinds = taxonomy.codes("event_kinds")
    regs = (
        EventRegistration.objects.filter(event__organisation_id__in=organisation_ids)
        .exclude(status=RegistrationStatus.CANCELLED)
        .values("event__kind", "status")
        .annotate(n=Sum("places"))
    )
    people = {(r["event__kind"], r["status"]): int(r["n"] or 0) for r in regs}
    reg_statuses = [RegistrationStatus.REGISTERED, RegistrationStatus.WAITING]
    used_kinds = [k for k in kinds if any(people.get((k, s)) for s in reg_statuses)]
    tables.append(
        _protected(
            "registrations",
            [str(s.label) for s in reg_statuses],
            [taxonomy.label("event_kinds", k) for k in used_kinds],
            [[people.get((k, s), 0) for s in reg_statuses] for k in used_kinds],
        )
    )
    return plain, tables


def managed_groups(organisation_ids: set[int]) -> QuerySet[SupportGroup]:
    return (
        SupportGroup.objects.filter(organisation_id__in=organisation_ids)
        .select_related("programme", "organisation", "place")
        .annotate(
            joined=Count(
                "members", filter=Q(members__status=MembershipStatus.JOINED), distinct=True
            ),
            session_count=Count("sessions", distinct=True),
        )
    )


def managed_events(organisation_ids: set[int]) -> QuerySet[CommunityEvent]:
    return (
        CommunityEvent.objects.filter(organisation_id__in=organisation_ids)
        .select_related("programme", "place")
        .annotate(
            taken=Sum(
                "registrations__places",
                filter=Q(registrations__status=RegistrationStatus.REGISTERED),
                default=0,
            )
        )
        .order_by("-starts_at", "id")
    )


def figure_tables(tables: list[Figures]) -> list[Table]:
    """The protected figures as report tables (hidden cells stay empty)."""
    titles = {
        "members": _("Group members by theme"),
        "attendances": _("Attendances at sessions by theme"),
        "registrations": _("People registered for events by kind"),
    }
    note = _("Counts of people below 5, and those that would reveal them, are hidden.")
    out = []
    for figure in tables:
        columns = [
            "",
            *(_("Attendances") if c == "attendances" else c for c in figure.columns),
            _("Total"),
        ]
        rows: list[list[Any]] = [[label, *cells, total] for label, cells, total in figure.rows]
        if rows:
            rows.append([_("Total"), *figure.total, figure.grand])
        out.append(
            Table(str(titles[figure.title]), [str(c) for c in columns], rows, note=str(note))
        )
    return out
