"""Twinning with the database: sign-ups, suggestions from the latest submitted answers,
double opt-in, agreement, check-ins, closing review, library, figures and reminders."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.exchange import introductions, twinning
from welcomehub.exchange.models import (
    FollowUp,
    Introduction,
    TwinningPair,
    TwinningPairStatus,
    TwinningSignup,
)
from welcomehub.exchange.reminders import reminders_send
from welcomehub.exchange.tests.support import Exchange, Twinning, build_twinning

pytestmark = pytest.mark.django_db
ALL = ["state_state", "state_ngo", "ngo_ngo"]
P = TwinningPairStatus


@pytest.fixture
def twin(exchange: Exchange, world: World) -> Twinning:
    return build_twinning(world, exchange.round)


def _signup(world: World, exchange: Exchange, org: str, **fields: Any) -> TwinningSignup:
    values: dict[str, Any] = {"role": "peer", "pair_kinds": ALL, "topics": ["housing"]}
    values.update(fields)
    user = world.users["focal_point"] if org == "a" else world.users_b["focal_point"]
    organisation = world.org_a if org == "a" else world.org_b
    return twinning.twinning_signup(
        actor=user, survey_round=exchange.round, organisation=organisation, **values
    )


# --- sign-ups --------------------------------------------------------------------------


def test_only_an_invited_focal_point_signs_up_for_its_own_organisation(
    exchange: Exchange, world: World
) -> None:
    for actor, organisation in [
        (world.users["coordinator"], world.org_a),
        (world.users_b["focal_point"], world.org_a),
        (world.users["caseworker"], world.org_a),
    ]:
        with pytest.raises(ValidationError):
            twinning.twinning_signup(
                actor=actor,
                survey_round=exchange.round,
                organisation=organisation,
                role="mentor",
                pair_kinds=ALL,
            )
    assert not TwinningSignup.objects.exists()
    signup = _signup(world, exchange, "a")
    assert signup.signed_up_by == world.users["focal_point"]
    assert AuditEvent.objects.filter(object_type="exchange.twinningsignup").count() == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"pair_kinds": []},
        {"pair_kinds": ["state_city"]},
        {"role": "boss"},
        {"topics": ["astrology"]},
        {"languages": ["xx"]},
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    exchange: Exchange, world: World, fields: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError):
        _signup(world, exchange, "a", **fields)
    assert not TwinningSignup.objects.exists()


def test_signing_up_again_changes_the_sign_up(exchange: Exchange, world: World) -> None:
    first = _signup(world, exchange, "a", role="peer")
    again = _signup(world, exchange, "a", role="mentor", statement="  More  ")
    assert first.pk == again.pk
    assert (again.role, again.statement) == ("mentor", "More")
    assert TwinningSignup.objects.count() == 1


def test_a_sign_up_in_a_pair_is_fixed(twin: Twinning, world: World, exchange: Exchange) -> None:
    with pytest.raises(ValidationError):
        _signup(world, exchange, "a", role="peer")
    with pytest.raises(ValidationError):
        twinning.twinning_signup_withdraw(actor=world.users["focal_point"], signup=twin.signup_a)
    twin.signup_a.refresh_from_db()
    assert twin.signup_a.role == "mentor"
    assert twin.signup_a.withdrawn_at is None


# --- suggestions and proposals ----------------------------------------------------------


def test_suggestion_uses_the_latest_submitted_answers(exchange: Exchange, world: World) -> None:
    # A offers a study visit on language; B needs language (tests/support.py)
    _signup(world, exchange, "a", role="mentor", topics=[])
    _signup(world, exchange, "b", role="mentee", topics=[])
    proposals, result = twinning.twinning_suggest(exchange.round)
    assert result.status == "optimal"
    assert len(proposals) == 1
    proposal = proposals[0]
    assert proposal.first.organisation == world.org_a  # the mentor first
    codes = {r.code: r.values for r in proposal.pairing.reasons}
    assert "language" in codes["covers"]
    assert any("Language" in text for text in proposal.reasons)
    assert not TwinningPair.objects.exists()  # suggesting stores nothing


def test_roles_and_kinds_that_do_not_fit_give_no_pair(exchange: Exchange, world: World) -> None:
    a = _signup(world, exchange, "a", role="mentor")
    b = _signup(world, exchange, "b", role="mentor")
    proposals, _result = twinning.twinning_suggest(exchange.round)
    assert proposals == []
    with pytest.raises(ValidationError):
        twinning.twinning_pair_propose(
            actor=world.users["coordinator"], survey_round=exchange.round, first=a, second=b
        )
    b = _signup(world, exchange, "b", role="mentee", pair_kinds=["state_ngo"])  # both NGOs
    with pytest.raises(ValidationError):
        twinning.twinning_pair_propose(
            actor=world.users["coordinator"], survey_round=exchange.round, first=a, second=b
        )
    assert not TwinningPair.objects.exists()


def test_only_the_rounds_coordinator_proposes(exchange: Exchange, world: World) -> None:
    a = _signup(world, exchange, "a", role="mentor")
    b = _signup(world, exchange, "b", role="mentee")
    for actor in (world.users["focal_point"], world.users_b["coordinator"]):
        with pytest.raises(ValidationError):
            twinning.twinning_pair_propose(
                actor=actor, survey_round=exchange.round, first=a, second=b
            )
    assert not TwinningPair.objects.exists()
    pairs = twinning.twinning_pairs_propose_all(
        actor=world.users["coordinator"], survey_round=exchange.round
    )
    assert len(pairs) == 1
    pair = pairs[0]
    assert (pair.first, pair.second, pair.pair_kind) == (a, b, "ngo_ngo")
    assert pair.score > 0
    assert pair.reasons
    # taken: neither organisation is suggested or proposed again
    assert twinning.twinning_suggest(exchange.round)[0] == []
    with pytest.raises(ValidationError):
        twinning.twinning_pair_propose(
            actor=world.users["coordinator"], survey_round=exchange.round, first=b, second=a
        )


# --- double opt-in -------------------------------------------------------------------------


def test_contacts_only_after_both_accept(
    twin: Twinning, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    pair = twin.pair
    with pytest.raises(ValidationError):
        twinning.twinning_pair_accept(actor=world.users["coordinator"], pair=pair)
    with django_capture_on_commit_callbacks(execute=True):
        twinning.twinning_pair_accept(actor=world.users["focal_point"], pair=pair)
    pair.refresh_from_db()
    assert pair.status == P.ACCEPTED_BY_FIRST
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        twinning.twinning_pair_accept(actor=world.users_b["focal_point"], pair=pair)
    pair.refresh_from_db()
    assert pair.status == P.ACCEPTED
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["focal-a@example.org", "focal-b@example.org"]


def test_declined_pairs_are_not_suggested_again(twin: Twinning, world: World) -> None:
    with pytest.raises(ValidationError):  # "other" needs words
        twinning.twinning_pair_decline(
            actor=world.users_b["focal_point"], pair=twin.pair, reason_code="other"
        )
    twinning.twinning_pair_decline(
        actor=world.users_b["focal_point"], pair=twin.pair, reason_code="timing"
    )
    twin.pair.refresh_from_db()
    assert (twin.pair.status, twin.pair.declined_reason_code) == (P.DECLINED, "timing")
    proposals, result = twinning.twinning_suggest(twin.round)
    assert proposals == []
    assert set(result.unmatched) == {twin.signup_a.pk, twin.signup_b.pk}
    with pytest.raises(ValidationError):
        twinning.twinning_pair_accept(actor=world.users["focal_point"], pair=twin.pair)


# --- agreement, check-ins, review, library ------------------------------------------------


def _accepted(twin: Twinning, world: World) -> TwinningPair:
    twinning.twinning_pair_accept(actor=world.users["focal_point"], pair=twin.pair)
    twinning.twinning_pair_accept(actor=world.users_b["focal_point"], pair=twin.pair)
    twin.pair.refresh_from_db()
    return twin.pair


def test_agreement_needs_both_acceptances_and_a_sound_timeline(
    twin: Twinning, world: World
) -> None:
    start, end = datetime.date(2026, 10, 1), datetime.date(2027, 3, 31)
    with pytest.raises(ValidationError):
        twinning.twinning_agreement_record(
            actor=world.users["focal_point"],
            pair=twin.pair,
            goals="X",
            starts_on=start,
            ends_on=end,
        )
    pair = _accepted(twin, world)
    with pytest.raises(ValidationError):
        twinning.twinning_agreement_record(
            actor=world.users["focal_point"], pair=pair, goals="X", starts_on=end, ends_on=start
        )
    with pytest.raises(ValidationError):
        twinning.twinning_agreement_record(
            actor=world.users_b["coordinator"], pair=pair, goals="X", starts_on=start, ends_on=end
        )
    pair.refresh_from_db()
    assert pair.status == P.ACCEPTED
    agreement = twinning.twinning_agreement_record(
        actor=world.users["focal_point"],
        pair=pair,
        goals="Set up a language course for adults",
        starts_on=start,
        ends_on=end,
        activities=["study_visit", "training"],
        topics=["language"],
    )
    pair.refresh_from_db()
    assert pair.status == P.ACTIVE
    assert agreement.topics == ["language"]


def test_check_ins_and_review_close_the_twinning_into_the_library(
    twin: Twinning, world: World
) -> None:
    pair = _accepted(twin, world)
    agreement = twinning.twinning_agreement_record(
        actor=world.users_b["focal_point"],
        pair=pair,
        goals="Set up a language course for adults",
        starts_on=datetime.date(2026, 10, 1),
        ends_on=datetime.date(2027, 3, 31),
        topics=["language"],
    )
    with pytest.raises(ValidationError):
        twinning.twinning_checkin_add(
            actor=world.users["focal_point"],
            agreement=agreement,
            held_on=datetime.date(2026, 11, 1),
            notes="  ",
            on_track=True,
        )
    twinning.twinning_checkin_add(
        actor=world.users["coordinator"],
        agreement=agreement,
        held_on=datetime.date(2026, 11, 1),
        notes="First study visit done",
        on_track=True,
    )
    assert agreement.checkins.count() == 1
    assert list(twinning.library()) == []  # not closed yet
    with pytest.raises(ValidationError):
        twinning.twinning_review_record(
            actor=world.users["focal_point"],
            agreement=agreement,
            what_worked="Visits",
            what_did_not="Timing",
            rating=9,
        )
    review = twinning.twinning_review_record(
        actor=world.users["focal_point"],
        agreement=agreement,
        what_worked="Study visits with interpreters",
        what_did_not="Online meetings across time zones",
        lessons="Plan visits early",
        rating=4,
    )
    pair.refresh_from_db()
    assert pair.status == P.CLOSED
    assert list(twinning.library()) == [review]
    assert list(twinning.library(query="interpreters")) == [review]
    assert list(twinning.library(query="Community Partner")) == [review]  # organisation name
    assert list(twinning.library(query="nothing-like-this")) == []
    assert list(twinning.library(pair_kind="ngo_ngo", topic="language")) == [review]
    assert list(twinning.library(pair_kind="state_state")) == []
    assert list(twinning.library(topic="housing")) == []
    # a closed pair is never proposed again; its organisations may pair with others
    assert twinning.twinning_suggest(twin.round)[0] == []
    assert twinning.open_signups(twin.round).count() == 2
    with pytest.raises(ValidationError):  # closed: no more check-ins
        twinning.twinning_checkin_add(
            actor=world.users["focal_point"],
            agreement=agreement,
            held_on=datetime.date(2027, 4, 1),
            notes="After",
            on_track=True,
        )


# --- figures for the evaluation dashboard ------------------------------------------------


def test_library_topics_fall_back_to_the_sign_ups(twin: Twinning, world: World) -> None:
    pair = _accepted(twin, world)
    agreement = twinning.twinning_agreement_record(
        actor=world.users["focal_point"],
        pair=pair,
        goals="Goals",
        starts_on=datetime.date(2026, 10, 1),
        ends_on=datetime.date(2027, 3, 31),
    )  # no topics: the sign-ups' are language (A) and language, housing (B)
    review = twinning.twinning_review_record(
        actor=world.users["focal_point"],
        agreement=agreement,
        what_worked="A",
        what_did_not="B",
        rating=3,
    )
    assert list(twinning.library(topic="housing")) == [review]
    assert list(twinning.library(topic="health")) == []


def test_exchange_figures(twin: Twinning, world: World, exchange: Exchange) -> None:
    figures = twinning.exchange_figures(exchange.round)
    assert figures["twinning"]["signups"] == 2
    assert figures["twinning"]["signups_by_role"] == {"mentor": 1, "mentee": 1, "peer": 0}
    assert figures["twinning"]["pairs_proposed"] == 1
    assert figures["twinning"]["pairs_accepted"] == 0
    assert figures["introductions"]["proposed"] == 1
    assert figures["followups"]["mean_rating"] is None
    pair = _accepted(twin, world)
    agreement = twinning.twinning_agreement_record(
        actor=world.users["focal_point"],
        pair=pair,
        goals="Goals",
        starts_on=datetime.date(2026, 10, 1),
        ends_on=datetime.date(2027, 3, 31),
    )
    twinning.twinning_review_record(
        actor=world.users["focal_point"],
        agreement=agreement,
        what_worked="A",
        what_did_not="B",
        rating=3,
    )
    intro = exchange.introduction
    fp_a, fp_b = world.users["focal_point"], world.users_b["focal_point"]
    introductions.introduction_accept(actor=fp_a, introduction=intro)
    introductions.introduction_accept(actor=fp_b, introduction=intro)
    introductions.introduction_advance(actor=fp_a, introduction=intro)
    introductions.introduction_advance(actor=fp_a, introduction=intro)
    introductions.followup_answer(actor=fp_a, introduction=intro, rating=5, exchange_held=True)
    introductions.followup_answer(actor=fp_b, introduction=intro, rating=4, exchange_held=True)
    figures = twinning.exchange_figures(exchange.round)
    assert figures["introductions"]["accepted"] == 1
    assert figures["introductions"]["exchanges_held"] == 1
    assert figures["followups"]["asked"] == 2
    assert figures["followups"]["answered"] == 2
    assert figures["followups"]["ratings"] == {1: 0, 2: 0, 3: 0, 4: 1, 5: 1}
    assert figures["followups"]["mean_rating"] == 4.5
    assert figures["twinning"]["pairs_accepted"] == 1
    assert figures["twinning"]["pairs_closed"] == 1
    assert figures["twinning"]["mean_review_rating"] == 3.0
    # another round counts nothing of this one
    other = twinning.exchange_figures(exchange.draft_round)
    assert other["twinning"]["pairs_proposed"] == 0
    assert other["introductions"]["proposed"] == 0
    assert twinning.exchange_figures()["twinning"]["pairs_closed"] == 1


# --- reminders -------------------------------------------------------------------------------


def test_reminders_go_to_the_side_that_has_not_answered(
    twin: Twinning, exchange: Exchange, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    introductions.introduction_accept(
        actor=world.users["focal_point"], introduction=exchange.introduction
    )
    with django_capture_on_commit_callbacks(execute=True):
        early = reminders_send(days=7)
    assert early.total == 0
    assert mail.outbox == []
    later = timezone.now() + datetime.timedelta(days=8)
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders_send(now=later, days=7)
    assert (sent.introductions, sent.twinning_pairs) == (1, 1)
    # the introduction waits for B only; the pair for both
    bcc = sorted(tuple(sorted(m.bcc)) for m in mail.outbox)
    assert bcc == [("focal-a@example.org",), ("focal-b@example.org",), ("focal-b@example.org",)]
    assert Introduction.objects.get(pk=exchange.introduction.pk).reminded_at == later
    # not again the next day
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = reminders_send(now=later + datetime.timedelta(days=1), days=7)
    assert again.total == 0
    assert mail.outbox == []
    assert AuditEvent.objects.filter(channel="system", object_type="exchange.introduction").count()


def test_reminders_for_no_progress_and_unanswered_follow_ups(
    exchange: Exchange, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    intro = exchange.introduction
    fp_a, fp_b = world.users["focal_point"], world.users_b["focal_point"]
    introductions.introduction_accept(actor=fp_a, introduction=intro)
    introductions.introduction_accept(actor=fp_b, introduction=intro)
    later = timezone.now() + datetime.timedelta(days=8)
    sent = reminders_send(now=later, days=7)
    assert sent.introductions == 1  # accepted, nothing since: both sides
    assert sent.messages == 2
    introductions.introduction_advance(actor=fp_a, introduction=intro)
    introductions.introduction_advance(actor=fp_a, introduction=intro)  # exchange held
    introductions.followup_answer(actor=fp_a, introduction=intro, rating=5, exchange_held=True)
    sent = reminders_send(now=later + datetime.timedelta(days=8), days=7)
    assert sent.followups == 1  # B's follow-up only
    assert FollowUp.objects.get(organisation=world.org_b).reminded_at is not None
    assert FollowUp.objects.get(organisation=world.org_a).reminded_at is None


def test_the_reminder_command_and_task(twin: Twinning, world: World) -> None:
    call_command("exchange_reminders", "--days", "0", stdout=(out := _Out()))
    assert "1 twinning pair(s)" in out.text
    call_command("exchange_reminders", "--enqueue", stdout=(out := _Out()))
    assert "Queued task" in out.text


class _Out:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


def test_a_withdrawn_sign_up_is_not_suggested(exchange: Exchange, world: World) -> None:
    a = _signup(world, exchange, "a", role="mentor")
    _signup(world, exchange, "b", role="mentee")
    assert len(twinning.twinning_suggest(exchange.round)[0]) == 1
    with pytest.raises(ValidationError):  # only its own organisation withdraws it
        twinning.twinning_signup_withdraw(actor=world.users_b["focal_point"], signup=a)
    twinning.twinning_signup_withdraw(actor=world.users["focal_point"], signup=a)
    assert twinning.twinning_suggest(exchange.round)[0] == []
    again = _signup(world, exchange, "a", role="mentor")  # signing up again brings it back
    assert again.withdrawn_at is None
    assert len(twinning.twinning_suggest(exchange.round)[0]) == 1


def test_an_accepted_pair_without_agreement_is_reminded_until_it_has_one(
    twin: Twinning, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    pair = _accepted(twin, world)
    later = timezone.now() + datetime.timedelta(days=8)
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders_send(now=later, days=7)
    assert sent.twinning_pairs == 1
    subjects = {m.subject for m in mail.outbox}
    assert "Welcome Hub: record your twinning agreement" in subjects
    twinning.twinning_agreement_record(
        actor=world.users["focal_point"],
        pair=pair,
        goals="Goals",
        starts_on=datetime.date(2026, 10, 1),
        ends_on=datetime.date(2027, 3, 31),
    )
    assert reminders_send(now=later + datetime.timedelta(days=30), days=7).twinning_pairs == 0
