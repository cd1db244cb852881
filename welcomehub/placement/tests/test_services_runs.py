"""Runs in the background with progress, preferences and family ties, locks and bars,
re-solves, fairness options, finalising with notices, and the capacity dashboard."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from conftest import World
from welcomehub.accounts.models import User
from welcomehub.core.models import AuditEvent
from welcomehub.people import services as people
from welcomehub.people.models import Household
from welcomehub.people.preferences import preferences_set
from welcomehub.placement import selectors, services
from welcomehub.placement.models import (
    Decision,
    PairRule,
    PairRuleKind,
    PlacementNotice,
    PlacementRun,
    Recommendation,
    RunStatus,
)
from welcomehub.placement.tests.support import Placement, build_placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(world: World) -> Placement:
    return build_placement(world)


def _a(world: World) -> Household:
    assert world.household_a is not None
    return world.household_a


def _b(world: World) -> Household:
    assert world.household_b is not None
    return world.household_b


def _rec(run: PlacementRun, household: Household) -> Recommendation:
    return run.recommendations.get(household=household)


def test_a_queued_run_is_solved_once_with_its_progress(placement: Placement, world: World) -> None:
    coordinator = world.users["coordinator"]
    run = services.run_start(actor=coordinator, programme=world.programme, time_limit=5)
    assert (run.status, run.phase) == (RunStatus.QUEUED, services.Phase.QUEUED)
    assert sorted(run.household_ids) == sorted([_a(world).pk, _b(world).pk])
    assert not run.recommendations.exists()
    assert not run.finished
    services.run_solve(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.OPTIMAL
    assert run.phase == services.Phase.DONE
    assert run.persons_placed == 3
    assert run.recommendations.count() == 2
    # solving again changes nothing: the task may be delivered twice
    services.run_solve(run_id=run.pk)
    assert run.recommendations.count() == 2
    assert services.run_solve(run_id=999999) is None


def test_progress_is_recorded_without_an_audit_row(placement: Placement, world: World) -> None:
    run = services.run_start(
        actor=world.users["coordinator"], programme=world.programme, time_limit=5
    )
    before = AuditEvent.objects.count()
    services.run_progress(run_id=run.pk, phase=services.Phase.PREPARING)
    run.refresh_from_db()
    assert (run.status, run.phase) == (RunStatus.RUNNING, services.Phase.PREPARING)
    assert AuditEvent.objects.count() == before


def test_alternatives_are_other_locations_with_values(placement: Placement, world: World) -> None:
    recommendation = _rec(placement.run, _b(world))
    assert recommendation.alternatives
    assert len(recommendation.alternatives) <= 3
    for item in recommendation.alternatives:
        assert item["location"] != recommendation.location_id
        assert isinstance(item["value"], float)


def test_stated_preferences_and_family_ties_reach_the_score(world: World) -> None:
    # household B (one person, no school-age child) could go to either place
    preferences_set(
        actor=world.users_b["caseworker"],
        household=_b(world),
        places=[world.other_place],
        family_place=world.other_place,
        family_place_for_placement=True,
    )
    placement = build_placement(world)
    recommendation = _rec(placement.run, _b(world))
    assert recommendation.location == placement.porto
    assert recommendation.breakdown["preference"] > 0
    assert recommendation.breakdown["family"] > 0
    # without the family's agreement the tie is not used
    preferences_set(
        actor=world.users_b["caseworker"],
        household=_b(world),
        places=[world.other_place],
        family_place=world.other_place,
        family_place_for_placement=False,
    )
    run = services.run_create(
        actor=world.users["coordinator"], programme=world.programme, time_limit=5
    )
    assert _rec(run, _b(world)).breakdown["family"] == 0


def test_case_carries_the_head_of_households_gender(world: World) -> None:
    case = services.case_of(_a(world), world.programme.created_at.date())
    assert case.head_gender == "female"
    assert case.size == 2


def test_lock_then_resolve_places_the_household_there(placement: Placement, world: World) -> None:
    coordinator = world.users["coordinator"]
    before = AuditEvent.objects.filter(object_type="placement.pairrule").count()
    rule = services.pair_rule_set(
        actor=coordinator,
        run=placement.run,
        household=_b(world),
        location=placement.lisboa,
        kind=PairRuleKind.LOCK,
        reason="Needs the hospital in Lisboa",
    )
    assert AuditEvent.objects.filter(object_type="placement.pairrule").count() == before + 1
    new = services.run_resolve(actor=coordinator, run=placement.run)
    assert new.parent == placement.run
    assert new.status == RunStatus.QUEUED
    [copied] = new.pair_rules.all()
    assert (copied.household_id, copied.location_id, copied.kind) == (
        rule.household_id,
        rule.location_id,
        PairRuleKind.LOCK,
    )
    services.run_solve(run_id=new.pk)
    new.refresh_from_db()
    assert _rec(new, _b(world)).location == placement.lisboa
    # Lisboa (2 persons) now holds B, so A (2 persons) no longer fits anywhere
    assert _rec(new, _a(world)).location is None
    # the earlier run is untouched
    assert _rec(placement.run, _b(world)).location == placement.porto


def test_bar_keeps_a_household_away(placement: Placement, world: World) -> None:
    coordinator = world.users["coordinator"]
    services.pair_rule_set(
        actor=coordinator,
        run=placement.run,
        household=_b(world),
        location=placement.porto,
        kind=PairRuleKind.BAR,
        reason="No housing for a single woman there",
    )
    new = services.run_resolve(actor=coordinator, run=placement.run)
    services.run_solve(run_id=new.pk)
    assert _rec(new, _b(world)).location != placement.porto
    assert all(item["location"] != placement.porto.pk for item in _rec(new, _b(world)).alternatives)


def test_a_second_lock_replaces_the_first(placement: Placement, world: World) -> None:
    coordinator = world.users["coordinator"]
    for location in (placement.lisboa, placement.porto):
        services.pair_rule_set(
            actor=coordinator,
            run=placement.run,
            household=_b(world),
            location=location,
            kind=PairRuleKind.LOCK,
            reason="Decided with the family",
        )
    [rule] = PairRule.objects.filter(run=placement.run, kind=PairRuleKind.LOCK)
    assert rule.location == placement.porto


@pytest.mark.parametrize("case", ["no_reason", "not_in_run", "foreign_location", "other_period"])
def test_bad_locks_are_refused_and_change_nothing(
    placement: Placement, world: World, case: str
) -> None:
    coordinator = world.users["coordinator"]
    household, location, reason = _b(world), placement.lisboa, "Because"
    if case == "no_reason":
        reason = "   "
    if case == "not_in_run":
        household = people.household_create(
            actor=None,
            organisation=world.org_a,
            programme=world.programme,
            pathway="resettlement",
            status="arrived",
            nationality="AF",
        )
    if case == "foreign_location":
        location.programme_id = -1  # as a location of another programme looks to the service
    if case == "other_period":
        placement.run.period = "2026-Q4"
        location = services.location_create(
            actor=None,
            programme=world.programme,
            place=world.place,
            period="2027-Q1",
            capacity_persons=5,
        )
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.pair_rule_set(
            actor=coordinator,
            run=placement.run,
            household=household,
            location=location,
            kind=PairRuleKind.LOCK,
            reason=reason,
        )
    assert not PairRule.objects.exists()
    assert AuditEvent.objects.count() == audits


def test_pair_rule_delete_is_audited(placement: Placement, world: World) -> None:
    coordinator = world.users["coordinator"]
    rule = services.pair_rule_set(
        actor=coordinator,
        run=placement.run,
        household=_b(world),
        location=placement.porto,
        kind=PairRuleKind.BAR,
        reason="Family asked",
    )
    services.pair_rule_delete(actor=coordinator, rule=rule)
    assert not PairRule.objects.exists()
    assert AuditEvent.objects.filter(object_type="placement.pairrule", action="delete").exists()


def test_resolve_refuses_unfinished_and_finalised_runs(placement: Placement, world: World) -> None:
    coordinator = world.users["coordinator"]
    queued = services.run_start(actor=coordinator, programme=world.programme, time_limit=5)
    with pytest.raises(ValidationError):
        services.run_resolve(actor=coordinator, run=queued)
    services.run_finalise(actor=coordinator, run=placement.run)
    with pytest.raises(ValidationError):
        services.run_resolve(actor=coordinator, run=placement.run)
    with pytest.raises(ValidationError):
        services.pair_rule_set(
            actor=coordinator,
            run=placement.run,
            household=_b(world),
            location=placement.porto,
            kind=PairRuleKind.BAR,
            reason="Too late",
        )


def test_fairness_options_become_group_floors_with_their_cost(
    placement: Placement, world: World
) -> None:
    preferences_set(actor=world.users_b["caseworker"], household=_b(world), places=[world.place])
    run = services.run_create(
        actor=world.users["coordinator"],
        programme=world.programme,
        time_limit=5,
        min_top_preference_share=0.5,
        nationality_floor=0.5,
        gender_floor=0.5,
    )
    assert run.group_floors == {"nationality:SY": 0.5, "head_gender:female": 0.5}
    assert run.min_top_preference_share == 0.5
    assert run.status in (RunStatus.OPTIMAL, RunStatus.FEASIBLE)
    assert set(run.constraint_costs) == {
        "min_top_preference_share",
        "nationality:SY",
        "head_gender:female",
    }
    for cost, low, high in run.constraint_costs.values():
        assert low - 1e-6 <= cost <= high + 1e-6 or low <= high


def test_negative_floor_is_refused(placement: Placement, world: World) -> None:
    runs = PlacementRun.objects.count()
    with pytest.raises(ValidationError):
        services.run_start(
            actor=world.users["coordinator"],
            programme=world.programme,
            time_limit=5,
            nationality_floor=-1.0,
        )
    assert PlacementRun.objects.count() == runs


def test_finalise_notifies_receiving_organisations_without_names(
    placement: Placement, world: World, django_capture_on_commit_callbacks: object
) -> None:
    coordinator = world.users["coordinator"]
    services.location_update(
        actor=coordinator, location=placement.porto, receiving_organisation=world.org_b
    )
    User.objects.filter(pk=world.users_b["caseworker"].pk).update(email="cw-b@example.org")
    User.objects.filter(pk=world.users_b["coordinator"].pk).update(email="co-b@example.org")
    User.objects.filter(pk=world.users_b["analyst"].pk).update(email="an-b@example.org")
    User.objects.filter(pk=world.users["caseworker"].pk).update(email="cw-a@example.org")
    for recommendation in placement.run.recommendations.all():
        services.recommendation_accept(actor=coordinator, recommendation=recommendation)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert services.run_finalise(actor=coordinator, run=placement.run) == 2
    notices = {notice.location_id: notice for notice in PlacementNotice.objects.all()}
    assert notices[placement.porto.pk].organisation == world.org_b
    assert notices[placement.lisboa.pk].organisation == world.org_a  # the lead by default
    assert notices[placement.porto.pk].households == [
        {"reference": _b(world).reference, "persons": 1}
    ]
    assert notices[placement.porto.pk].recipients == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"cw-b@example.org", "co-b@example.org", "cw-a@example.org"}
    body = by_recipient["cw-b@example.org"].body
    assert _b(world).reference in body
    assert _a(world).reference not in body
    assert world.head_b is not None
    assert world.head_b.given_name not in body
    assert "Haddad" not in body
    # placed households leave the next batch
    with pytest.raises(ValidationError):
        services.run_start(actor=coordinator, programme=world.programme, time_limit=5)


def test_receiving_organisation_must_take_part(placement: Placement, world: World) -> None:
    from welcomehub.accounts import services as accounts

    outsider = accounts.organisation_create(
        actor=None, name="Outsider", org_type="ngo", country="PT"
    )
    with pytest.raises(ValidationError):
        services.location_update(
            actor=None, location=placement.porto, receiving_organisation=outsider
        )
    placement.porto.refresh_from_db()
    assert placement.porto.receiving_organisation is None


def test_capacity_dashboard_counts_finalised_placements(placement: Placement, world: World) -> None:
    coordinator = world.users["coordinator"]
    rows = {row.location: row for row in selectors.capacity_use(world.programme, None)}
    assert rows[placement.lisboa].used == (0, 0, 0)
    services.recommendation_accept(actor=coordinator, recommendation=_rec(placement.run, _a(world)))
    services.recommendation_override(
        actor=coordinator,
        recommendation=_rec(placement.run, _b(world)),
        location=placement.lisboa,
        reason="Cousin in Lisboa",
    )
    services.run_finalise(actor=coordinator, run=placement.run)
    rows = {row.location: row for row in selectors.capacity_use(world.programme, "2026-Q4")}
    lisboa = rows[placement.lisboa]
    # A: 2 persons, a school-age child, medical; B: 1 person, medical
    assert lisboa.used == (3, 1, 2)
    assert lisboa.left == (-1, 0, -1)
    assert lisboa.over
    assert not rows[placement.porto].over
    assert selectors.capacity_use(world.programme, "2031-Q1") == []


def test_pending_decisions_are_not_finalised(placement: Placement, world: World) -> None:
    services.run_finalise(actor=world.users["coordinator"], run=placement.run)
    assert not PlacementNotice.objects.exists()
    assert Decision.PENDING in set(placement.run.recommendations.values_list("decision", flat=True))
