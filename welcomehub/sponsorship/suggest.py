"""Suggestions of households for sponsor groups.

Rows become plain profiles (`rules.py`), every compatible pair is scored with reasons,
and VOLUNTEERS' weighted engine (`connections.matching.weighted`) picks the assignment
of maximal total score within each group's capacity. Only households whose head agreed
to matching, that have no live sponsorship, and only groups that are ready take part.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from welcomehub.connections.matching import stable, weighted
from welcomehub.people.models import Household
from welcomehub.people.selectors import buddy_preferences
from welcomehub.programmes.models import Place, Programme
from welcomehub.sponsorship import selectors
from welcomehub.sponsorship.lifecycle import matching_consent
from welcomehub.sponsorship.models import SponsorGroup
from welcomehub.sponsorship.rules import Fit, GroupProfile, HouseholdProfile, fit, may_sponsor


@dataclass
class Suggestion:
    household: Household
    group: SponsorGroup
    score: float
    reasons: list[str]
    chosen: bool  # part of the engine's best assignment


@dataclass
class Suggestions:
    rows: list[Suggestion] = field(default_factory=list)
    not_ready: list[SponsorGroup] = field(default_factory=list)
    without_consent: int = 0
    mode: str = "weighted"
    blocking_pairs: int = 0


def _places(place: Place | None) -> tuple[int, ...]:
    chain: list[int] = []
    while place is not None and len(chain) < 10:
        chain.append(place.pk)
        place = place.parent
    return tuple(chain)


def reason_text(code: str, detail: str) -> str:
    texts = {
        "language": _("Speaks the family's language (%(d)s)"),
        "same_place": _("In the same place"),
        "nearby": _("In the same area"),
        "housing": _("Housing fits the family (%(d)s people)"),
        "needs": _("Can support the family's needs (%(d)s)"),
        "wants_sponsor": _("The family asked for a sponsor group"),
    }
    return texts[code] % {"d": detail} if "%(d)s" in texts[code] else texts[code]


def _household_profiles(households: Iterable[Household]) -> list[HouseholdProfile]:
    households = list(households)
    wishes = buddy_preferences(h.pk for h in households)
    profiles = []
    for household in households:
        wish = wishes.get(household.pk)
        languages = set(household.languages) | set(wish.languages if wish else ())
        profiles.append(
            HouseholdProfile(
                key=str(household.pk),
                size=getattr(household, "size", 0) or household.members.count(),
                languages=frozenset(languages),
                place_ids=_places(household.location),
                needs=frozenset(household.needs),
                wants_sponsor=bool(wish and wish.wants_sponsor),
            )
        )
    return profiles


def suggestions_for(
    *,
    programme: Programme,
    groups: QuerySet[SponsorGroup],
    today: datetime.date,
    mode: str = "weighted",
) -> Suggestions:
    """Scored pairs of the programme's consenting, unsponsored households with its
    ready groups among `groups`; the engine's choice is marked. `weighted` maximises the
    total score; `stable` runs household-proposing deferred acceptance where each side
    ranks the other by the pair's score."""
    result = Suggestions(mode=mode)
    ready = []
    for group in selectors.with_members(groups.filter(programme=programme)):
        if not selectors.readiness(group, on=today).ready:
            result.not_ready.append(group)
            continue
        free = group.households_capacity - selectors.live_count(group)
        if free > 0 and group.model != "named":  # named groups sponsor the people they named
            ready.append((group, free))
    candidates = (
        Household.objects.filter(programme=programme)
        .exclude(sponsorships__status__in=selectors.ACTIVE)
        .select_related("location__parent__parent")
        .prefetch_related("members")  # head_of reads them: one query, not one per household
        .annotate(size=Count("members"))
    )
    orgs = {g.organisation_id for g, _free in ready}
    if programme.lead_id not in orgs:
        candidates = candidates.filter(organisation_id__in=orgs)
    households = []
    for household in candidates:
        if matching_consent(household):
            households.append(household)
        else:
            result.without_consent += 1
    by_key = {str(h.pk): h for h in households}
    groups_by_key = {str(g.pk): g for g, _free in ready}
    scored: dict[tuple[str, str], Fit] = {}
    group_profiles = {group.pk: _group_profile(group) for group, _free in ready}
    for profile in _household_profiles(households):
        for group, _free in ready:
            if not may_sponsor(
                household_org=by_key[profile.key].organisation_id,
                group_org=group.organisation_id,
                programme_lead=programme.lead_id,
            ):
                continue
            found = fit(profile, group_profiles[group.pk])
            if found is not None:
                scored[(profile.key, str(group.pk))] = found
    capacities = {str(g.pk): free for g, free in ready}
    if mode == "stable":
        found_stable = stable(*_rankings(scored), capacities)
        chosen = set(found_stable.pairs)
        result.blocking_pairs = found_stable.blocking_pairs
    else:
        chosen = set(weighted({pair: f.score for pair, f in scored.items()}, capacities))
    for (h_key, g_key), found in sorted(scored.items(), key=lambda kv: -kv[1].score):
        result.rows.append(
            Suggestion(
                household=by_key[h_key],
                group=groups_by_key[g_key],
                score=round(found.score, 2),
                reasons=[reason_text(code, detail) for code, detail in found.reasons],
                chosen=(h_key, g_key) in chosen,
            )
        )
    result.rows.sort(key=lambda s: (not s.chosen, -s.score))
    return result


def _rankings(
    scored: dict[tuple[str, str], Fit],
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Each household's groups and each group's households, best score first."""
    by_score = sorted(scored.items(), key=lambda kv: (-kv[1].score, kv[0]))
    households: dict[str, list[str]] = {}
    groups: dict[str, list[str]] = {}
    for (h_key, g_key), _fit in by_score:
        households.setdefault(h_key, []).append(g_key)
        groups.setdefault(g_key, []).append(h_key)
    return households, groups


def _group_profile(group: SponsorGroup) -> GroupProfile:
    return GroupProfile(
        key=str(group.pk),
        housing_persons=group.housing_persons,
        languages=frozenset(group.languages),
        place_ids=_places(group.place),
        supports=frozenset(group.supports),
        capacity=group.households_capacity,
    )


def pair_fit(*, group: SponsorGroup, household: Household) -> Fit | None:
    """The score and reason codes of one pair, stored when the coordinator approves it."""
    return fit(_household_profiles([household])[0], _group_profile(group))
