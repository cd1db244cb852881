"""Writes for households, persons and consent: validation, audit and encryption at rest."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from conftest import World
from welcomehub.accounts import services as accounts
from welcomehub.core.models import AuditAction, AuditChannel, AuditEvent
from welcomehub.people import selectors, services
from welcomehub.people.models import Consent, Household, Person
from welcomehub.people.tests.support import (
    PERSONAL_VALUES,
    Family,
    audit_after,
    audit_text,
    counts,
    last_audit_id,
    years_ago,
)
from welcomehub.programmes import services as programmes


def _household_fields(world: World, **overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "pathway": "named_sponsorship",
        "status": "awaiting_arrival",
        "arrival_date": datetime.date(2026, 6, 1),
        "location": world.place,
        "nationality": "AF",
        "languages": ["fa", "ps"],
        "needs": ["interpreter"],
        "protection_notes": "Brother still in transit; never contact by phone",
    }
    fields.update(overrides)
    return fields


def _child(family: Family, given: str, born: datetime.date) -> Person:
    return services.person_create(
        actor=None,
        household=family.household_a,
        given_name=given,
        family_name="Haddad",
        date_of_birth=born,
        sex="male",
        relationship="child",
    )


# Households


def test_household_create_saves_and_audits_once(world: World) -> None:
    """A new household gets a random reference and exactly one CREATE audit row."""
    actor = world.users["caseworker"]
    mark = last_audit_id()
    household = services.household_create(
        actor=actor, organisation=world.org_a, programme=world.programme, **_household_fields(world)
    )
    household.refresh_from_db()
    assert household.reference.startswith("HH-")
    assert len(household.reference) == 11
    assert household.organisation_id == world.org_a.pk
    assert household.protection_notes == "Brother still in transit; never contact by phone"
    rows = audit_after(mark)
    assert [(r.action, r.object_type, r.object_id) for r in rows] == [
        (AuditAction.CREATE, "people.household", str(household.pk))
    ]
    assert rows[0].organisation_id == world.org_a.pk
    assert rows[0].actor_id == actor.pk
    assert "Brother" not in json.dumps(rows[0].detail)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pathway", "fast_track"),
        ("status", "lost"),
        ("nationality", "XX"),
        ("languages", ["fa", "klingon"]),
        ("needs", ["jetpack"]),
    ],
)
def test_household_create_refuses_unknown_codes(world: World, field: str, value: Any) -> None:
    """An unknown pathway, status, nationality, language or need saves nothing."""
    before = counts()
    with pytest.raises(ValidationError) as raised:
        services.household_create(
            actor=None,
            organisation=world.org_a,
            programme=world.programme,
            **_household_fields(world, **{field: value}),
        )
    assert field in raised.value.message_dict
    assert counts() == before


def test_household_create_refuses_a_place_outside_the_programme(world: World) -> None:
    """The location must be one of the places the programme serves."""
    faro = programmes.place_create(actor=None, name="Faro", kind="municipality", country="PT")
    before = counts()
    with pytest.raises(ValidationError) as raised:
        services.household_create(
            actor=None,
            organisation=world.org_a,
            programme=world.programme,
            **_household_fields(world, location=faro),
        )
    assert "location" in raised.value.message_dict
    assert counts() == before


def test_household_create_refuses_an_organisation_outside_the_programme(world: World) -> None:
    """Only a partner of the programme can hold a household in its caseload."""
    stranger = accounts.organisation_create(
        actor=None, name="Stranger C", org_type="ngo", country="PT"
    )
    before = counts()
    with pytest.raises(ValidationError, match="does not take part"):
        services.household_create(
            actor=None,
            organisation=stranger,
            programme=world.programme,
            **_household_fields(world),
        )
    assert counts() == before


def test_household_create_refuses_fields_it_does_not_know(world: World) -> None:
    """A field outside the household's editable fields is an error, not silently dropped."""
    before = counts()
    with pytest.raises(ValidationError, match="Unknown fields: reference"):
        services.household_create(
            actor=None,
            organisation=world.org_a,
            programme=world.programme,
            reference="HH-CHOSEN01",
            **_household_fields(world),
        )
    assert counts() == before


def test_household_update_audits_changed_field_names_only(world: World, family: Family) -> None:
    """An update records which fields changed, never their values."""
    mark = last_audit_id()
    services.household_update(
        actor=world.users["caseworker"],
        household=family.household_a,
        status="settled",
        pathway="resettlement",  # unchanged
        protection_notes="Moved; new threats reported by neighbour",
    )
    stored = Household.objects.get(pk=family.household_a.pk)
    assert stored.status == "settled"
    assert stored.protection_notes == "Moved; new threats reported by neighbour"
    rows = audit_after(mark)
    assert len(rows) == 1
    assert rows[0].action == AuditAction.UPDATE
    assert rows[0].object_id == str(family.household_a.pk)
    assert rows[0].organisation_id == world.org_a.pk
    assert rows[0].detail == {"fields": ["protection_notes", "status"]}


@pytest.mark.parametrize(
    ("field", "value"),
    [("nationality", "ZZ"), ("pathway", "tourism"), ("languages", ["xx"]), ("needs", ["x"])],
)
def test_household_update_refuses_unknown_codes(family: Family, field: str, value: Any) -> None:
    """A bad code on update leaves the stored household and the audit trail unchanged."""
    before = counts()
    with pytest.raises(ValidationError) as raised:
        services.household_update(actor=None, household=family.household_a, **{field: value})
    assert field in raised.value.message_dict
    stored = Household.objects.get(pk=family.household_a.pk)
    assert (stored.nationality, stored.pathway, stored.languages, stored.needs) == (
        "SY",
        "resettlement",
        ["ar"],
        ["medical"],
    )
    assert counts() == before


def test_household_update_refuses_a_place_outside_the_programme(family: Family) -> None:
    """Moving a household to a place the programme does not serve is refused."""
    faro = programmes.place_create(actor=None, name="Faro", kind="municipality", country="PT")
    before = counts()
    with pytest.raises(ValidationError) as raised:
        services.household_update(actor=None, household=family.household_a, location=faro)
    assert "location" in raised.value.message_dict
    assert Household.objects.get(pk=family.household_a.pk).location_id != faro.pk
    assert counts() == before


def test_household_update_refuses_the_organisation_field(world: World, family: Family) -> None:
    """The caseload an household belongs to is not an editable field."""
    with pytest.raises(ValidationError, match="Unknown fields: organisation"):
        services.household_update(
            actor=None, household=family.household_a, organisation=world.org_b
        )
    assert Household.objects.get(pk=family.household_a.pk).organisation_id == world.org_a.pk


# Persons


def test_person_create_derives_birth_year_and_audits(world: World, family: Family) -> None:
    """A new member's birth year is kept in clear; the audit row names no value."""
    mark = last_audit_id()
    person = services.person_create(
        actor=world.users["caseworker"],
        household=family.household_a,
        given_name="Omar",
        family_name="Haddad",
        date_of_birth=datetime.date(1985, 2, 3),
        sex="male",
        relationship="spouse",
        phone="+351 933 000 111",
    )
    assert Person.objects.get(pk=person.pk).birth_year == 1985
    rows = audit_after(mark)
    assert [(r.action, r.object_type, r.object_id) for r in rows] == [
        (AuditAction.CREATE, "people.person", str(person.pk))
    ]
    assert rows[0].organisation_id == world.org_a.pk
    raw = json.dumps(rows[0].detail)
    assert "Omar" not in raw
    assert "933" not in raw
    assert "1985" not in raw


def test_person_create_without_date_of_birth_has_no_birth_year(family: Family) -> None:
    """Without a date of birth the clear birth year stays empty."""
    person = services.person_create(
        actor=None,
        household=family.household_a,
        given_name="Sami",
        sex="male",
        relationship="other_relative",
    )
    assert Person.objects.get(pk=person.pk).birth_year is None


def test_person_create_accepts_an_iso_date_string(family: Family) -> None:
    """A date of birth given as an ISO string is stored as a date with its birth year."""
    person = services.person_create(
        actor=None,
        household=family.household_a,
        given_name="Sami",
        date_of_birth="2001-09-30",
        sex="male",
        relationship="sibling",
    )
    stored = Person.objects.get(pk=person.pk)
    assert stored.date_of_birth == datetime.date(2001, 9, 30)
    assert stored.birth_year == 2001


def test_person_create_refuses_a_malformed_date(family: Family) -> None:
    """A date of birth that is not a date is a validation error, and nothing is saved."""
    before = counts()
    with pytest.raises(ValidationError) as raised:
        services.person_create(
            actor=None,
            household=family.household_a,
            given_name="Sami",
            date_of_birth="30/09/2001",
            sex="male",
            relationship="sibling",
        )
    assert "date_of_birth" in raised.value.message_dict
    assert counts() == before


def test_person_create_refuses_a_second_head(family: Family) -> None:
    """A household has one head; a second is refused and nothing is written."""
    before = counts()
    with pytest.raises(ValidationError) as raised:
        services.person_create(
            actor=None,
            household=family.household_a,
            given_name="Yusuf",
            sex="male",
            relationship="head",
        )
    assert raised.value.message_dict == {"relationship": ["The household already has a head."]}
    assert counts() == before


@pytest.mark.parametrize(
    ("field", "value"), [("sex", "unknown"), ("relationship", "cousin"), ("languages", ["zz"])]
)
def test_person_create_refuses_unknown_codes(family: Family, field: str, value: Any) -> None:
    """Codes of a person are checked against the reference lists."""
    fields: dict[str, Any] = {"given_name": "Sami", "sex": "male", "relationship": "sibling"}
    fields[field] = value
    before = counts()
    with pytest.raises(ValidationError) as raised:
        services.person_create(actor=None, household=family.household_a, **fields)
    assert field in raised.value.message_dict
    assert counts() == before


def test_person_create_needs_a_given_name(family: Family) -> None:
    """The given name is the one required name."""
    before = counts()
    with pytest.raises(ValidationError) as raised:
        services.person_create(
            actor=None,
            household=family.household_a,
            given_name="",
            sex="male",
            relationship="sibling",
        )
    assert "given_name" in raised.value.message_dict
    assert counts() == before


def test_person_update_rederives_birth_year(world: World, family: Family) -> None:
    """Changing the date of birth moves the birth year with it; clearing it clears both."""
    mark = last_audit_id()
    services.person_update(
        actor=world.users["caseworker"],
        person=family.head_a,
        date_of_birth=datetime.date(1987, 12, 31),
        phone="+351 999 888 777",
    )
    assert Person.objects.get(pk=family.head_a.pk).birth_year == 1987
    rows = audit_after(mark)
    assert len(rows) == 1
    assert rows[0].action == AuditAction.UPDATE
    assert rows[0].object_id == str(family.head_a.pk)
    assert rows[0].organisation_id == world.org_a.pk
    assert rows[0].detail == {"fields": ["date_of_birth", "phone"]}
    services.person_update(actor=None, person=family.head_a, date_of_birth=None)
    assert Person.objects.get(pk=family.head_a.pk).birth_year is None


def test_person_update_refuses_making_a_second_head(family: Family) -> None:
    """A member cannot become head while the household has one; the head may stay head."""
    before = counts()
    with pytest.raises(ValidationError) as raised:
        services.person_update(actor=None, person=family.child_a, relationship="head")
    assert "relationship" in raised.value.message_dict
    assert Person.objects.get(pk=family.child_a.pk).relationship == "child"
    assert counts() == before
    services.person_update(actor=None, person=family.head_a, relationship="head", sex="other")
    assert Person.objects.get(pk=family.head_a.pk).sex == "other"


def test_person_update_refuses_moving_to_another_household(family: Family) -> None:
    """The household of a person is not an editable field."""
    with pytest.raises(ValidationError, match="Unknown fields: household"):
        services.person_update(actor=None, person=family.head_a, household=family.household_b)
    assert Person.objects.get(pk=family.head_a.pk).household_id == family.household_a.pk


# Consent


def test_consent_record_for_an_adult(world: World, family: Family) -> None:
    """An adult's consent is stored with who recorded it and one CREATE audit row."""
    actor = world.users["caseworker"]
    mark = last_audit_id()
    consent = services.consent_record(
        actor=actor, person=family.head_a, purpose="case_management", method="written"
    )
    stored = Consent.objects.get(pk=consent.pk)
    assert stored.is_active
    assert stored.recorded_by_id == actor.pk
    assert stored.guardian_id is None
    assert stored.child_assent == ""
    rows = audit_after(mark)
    assert [(r.action, r.object_type, r.object_id) for r in rows] == [
        (AuditAction.CREATE, "people.consent", str(consent.pk))
    ]
    assert rows[0].organisation_id == world.org_a.pk
    assert rows[0].detail == {"purpose": "case_management", "person": family.head_a.pk}


def test_consent_record_sharing_needs_a_partner(family: Family) -> None:
    """Sharing without naming the partner is refused."""
    before = counts()
    with pytest.raises(ValidationError) as raised:
        services.consent_record(
            actor=None, person=family.head_a, purpose="sharing", method="written"
        )
    assert "partner" in raised.value.message_dict
    assert counts() == before


@pytest.mark.parametrize("purpose", ["case_management", "matching", "aggregate_statistics"])
def test_consent_record_only_sharing_names_a_partner(
    world: World, family: Family, purpose: str
) -> None:
    """A partner on any purpose but sharing is refused."""
    before = counts()
    with pytest.raises(ValidationError) as raised:
        services.consent_record(
            actor=None, person=family.head_a, purpose=purpose, method="verbal", partner=world.org_b
        )
    assert "partner" in raised.value.message_dict
    assert counts() == before


def test_consent_record_sharing_is_per_partner(world: World, family: Family) -> None:
    """Sharing with one partner is recorded once; a second active one for it is refused."""
    consent = services.consent_record(
        actor=None, person=family.head_a, purpose="sharing", method="written", partner=world.org_b
    )
    assert consent.partner_id == world.org_b.pk
    assert selectors.consent_is_active(
        person=family.head_a, purpose="sharing", partner_id=world.org_b.pk
    )
    assert not selectors.consent_is_active(person=family.head_a, purpose="sharing")
    before = counts()
    with pytest.raises(ValidationError, match="already recorded"):
        services.consent_record(
            actor=None,
            person=family.head_a,
            purpose="sharing",
            method="verbal",
            partner=world.org_b,
        )
    assert counts() == before


@pytest.mark.parametrize("extra", [{"child_assent": "given"}, {"guardian": "self"}])
def test_consent_record_adults_consent_for_themselves(family: Family, extra: dict) -> None:
    """An adult's consent names no guardian and records no child's assent."""
    kwargs = dict(extra)
    if kwargs.get("guardian") == "self":
        kwargs["guardian"] = services.person_create(
            actor=None,
            household=family.household_a,
            given_name="Omar",
            date_of_birth=datetime.date(1960, 1, 1),
            sex="male",
            relationship="parent",
        )
    before = counts()
    with pytest.raises(ValidationError, match="adult gives consent for themselves"):
        services.consent_record(
            actor=None, person=family.head_a, purpose="matching", method="verbal", **kwargs
        )
    assert counts() == before


def test_consent_record_child_with_guardian_and_assent(family: Family) -> None:
    """A guardian of the household consents for a child, whose own assent is recorded."""
    consent = services.consent_record(
        actor=None,
        person=family.child_a,
        purpose="case_management",
        method="written",
        guardian=family.head_a,
        child_assent="given",
    )
    stored = Consent.objects.get(pk=consent.pk)
    assert (stored.guardian_id, stored.child_assent) == (family.head_a.pk, "given")


def test_consent_record_child_needs_a_guardian(family: Family) -> None:
    """Without a guardian a child's consent is refused."""
    before = counts()
    with pytest.raises(ValidationError) as raised:
        services.consent_record(
            actor=None,
            person=family.child_a,
            purpose="case_management",
            method="written",
            child_assent="given",
        )
    assert raised.value.message_dict == {"guardian": ["A guardian must give consent for a child."]}
    assert counts() == before


def test_consent_record_guardian_from_another_household_is_refused(family: Family) -> None:
    """The guardian must belong to the child's household."""
    before = counts()
    with pytest.raises(ValidationError) as raised:
        services.consent_record(
            actor=None,
            person=family.child_a,
            purpose="case_management",
            method="written",
            guardian=family.head_b,
            child_assent="given",
        )
    assert "guardian" in raised.value.message_dict
    assert counts() == before


def test_consent_record_guardian_must_be_an_adult(family: Family) -> None:
    """A sibling who is a minor cannot be the guardian."""
    sibling = _child(family, "Nour", years_ago(16))
    before = counts()
    with pytest.raises(ValidationError) as raised:
        services.consent_record(
            actor=None,
            person=family.child_a,
            purpose="case_management",
            method="written",
            guardian=sibling,
            child_assent="given",
        )
    assert "guardian" in raised.value.message_dict
    assert counts() == before


def test_consent_record_child_assent_must_be_recorded(family: Family) -> None:
    """A child's consent without the child's own answer is refused."""
    before = counts()
    with pytest.raises(ValidationError) as raised:
        services.consent_record(
            actor=None,
            person=family.child_a,
            purpose="case_management",
            method="written",
            guardian=family.head_a,
        )
    assert "child_assent" in raised.value.message_dict
    assert counts() == before


@pytest.mark.parametrize(
    ("born", "allowed"),
    [
        (years_ago(10), False),
        (years_ago(7), False),  # seventh birthday today
        (years_ago(7, days_later=1), True),  # seventh birthday tomorrow
        (years_ago(3), True),
    ],
)
def test_consent_record_too_young_only_below_seven(
    family: Family, born: datetime.date, allowed: bool
) -> None:
    """The answer "too young" is accepted under 7; from 7 the child is asked."""
    child = _child(family, "Karim", born)
    before = counts()
    kwargs: dict[str, Any] = {
        "actor": None,
        "person": child,
        "purpose": "case_management",
        "method": "verbal",
        "guardian": family.head_a,
        "child_assent": "too_young",
    }
    if allowed:
        services.consent_record(**kwargs)
        assert Consent.objects.filter(person=child, child_assent="too_young").count() == 1
    else:
        with pytest.raises(ValidationError) as raised:
            services.consent_record(**kwargs)
        assert "child_assent" in raised.value.message_dict
        assert counts() == before


def test_consent_record_child_refusal_records_nothing(family: Family) -> None:
    """A child who says no is respected: no consent and no audit row."""
    before = counts()
    with pytest.raises(ValidationError) as raised:
        services.consent_record(
            actor=None,
            person=family.child_a,
            purpose="matching",
            method="verbal",
            guardian=family.head_a,
            child_assent="refused",
        )
    assert "refusal is respected" in raised.value.message_dict["child_assent"][0]
    assert counts() == before
    assert not selectors.consent_is_active(person=family.child_a, purpose="matching")


def test_consent_record_refuses_a_duplicate_active_consent(family: Family) -> None:
    """One active consent per person and purpose; after withdrawal it can be given again."""
    first = services.consent_record(
        actor=None, person=family.head_a, purpose="matching", method="verbal"
    )
    before = counts()
    with pytest.raises(ValidationError, match="already recorded"):
        services.consent_record(
            actor=None, person=family.head_a, purpose="matching", method="written"
        )
    assert counts() == before
    services.consent_withdraw(actor=None, consent=first)
    again = services.consent_record(
        actor=None, person=family.head_a, purpose="matching", method="written"
    )
    assert again.pk != first.pk
    assert Consent.objects.filter(person=family.head_a, purpose="matching").count() == 2


def test_consent_record_refuses_unknown_method_and_purpose(family: Family) -> None:
    """Purpose and method are codes from the reference lists."""
    before = counts()
    with pytest.raises(ValidationError) as raised:
        services.consent_record(
            actor=None, person=family.head_a, purpose="marketing", method="telepathy"
        )
    assert {"purpose", "method"} <= set(raised.value.message_dict)
    assert counts() == before


def test_consent_withdraw_takes_effect_at_once(world: World, family: Family) -> None:
    """Withdrawal stamps the time and the actor; the consent stops counting at once."""
    actor = world.users["caseworker"]
    consent = services.consent_record(
        actor=None, person=family.head_a, purpose="aggregate_statistics", method="digital"
    )
    assert selectors.consent_is_active(person=family.head_a, purpose="aggregate_statistics")
    mark = last_audit_id()
    services.consent_withdraw(actor=actor, consent=consent)
    stored = Consent.objects.get(pk=consent.pk)
    assert stored.withdrawn_at is not None
    assert stored.withdrawn_by_id == actor.pk
    assert not stored.is_active
    assert not selectors.consent_is_active(person=family.head_a, purpose="aggregate_statistics")
    rows = audit_after(mark)
    assert [(r.action, r.object_type, r.object_id) for r in rows] == [
        (AuditAction.UPDATE, "people.consent", str(consent.pk))
    ]
    assert rows[0].organisation_id == world.org_a.pk
    assert rows[0].detail["withdrawn"] is True


def test_consent_withdraw_twice_is_refused(family: Family) -> None:
    """A second withdrawal is an error and keeps the first withdrawal time."""
    consent = services.consent_record(
        actor=None, person=family.head_a, purpose="matching", method="verbal"
    )
    services.consent_withdraw(actor=None, consent=consent)
    first_time = Consent.objects.get(pk=consent.pk).withdrawn_at
    before = counts()
    with pytest.raises(ValidationError, match="already withdrawn"):
        services.consent_withdraw(actor=None, consent=Consent.objects.get(pk=consent.pk))
    assert counts() == before
    assert Consent.objects.get(pk=consent.pk).withdrawn_at == first_time


def test_person_link_user_refuses_an_account_already_linked(world: World, family: Family) -> None:
    """One sign-in belongs to one person."""
    before = counts()
    with pytest.raises(ValidationError, match="already belongs"):
        services.person_link_user(actor=None, person=family.child_a, user=world.users["refugee"])
    assert Person.objects.get(pk=family.child_a.pk).user_id is None
    assert counts() == before


def test_person_link_user_is_audited(world: World, family: Family) -> None:
    """Linking an account to a person is one UPDATE row naming the field, not the user."""
    mark = last_audit_id()
    services.person_link_user(actor=None, person=family.child_a, user=world.users_b["volunteer"])
    assert Person.objects.get(pk=family.child_a.pk).user_id == world.users_b["volunteer"].pk
    rows = audit_after(mark)
    assert [(r.action, r.object_type, r.object_id, r.detail) for r in rows] == [
        (AuditAction.UPDATE, "people.person", str(family.child_a.pk), {"fields": ["user"]})
    ]
    assert rows[0].organisation_id == world.org_a.pk


# The audit trail and the raw tables hold no personal value


def test_audit_rows_never_hold_personal_values(world: World, family: Family) -> None:
    """After every kind of write, the raw audit log names no person, phone or note."""
    services.person_update(
        actor=None, person=family.head_a, given_name="Amal", phone="+351 912 345 678"
    )
    services.household_update(
        actor=None, household=family.household_a, protection_notes="Fled after threats again"
    )
    consent = services.consent_record(
        actor=None,
        person=family.child_a,
        purpose="case_management",
        method="written",
        guardian=family.head_a,
        child_assent="given",
    )
    services.consent_withdraw(actor=None, consent=consent)
    assert AuditEvent.objects.filter(object_type__startswith="people.").count() >= 10
    text = audit_text()
    for value in PERSONAL_VALUES:
        assert value not in text


def _raw_rows(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names  # nosec B608 - identifiers from model metadata, values bound
        rows = cursor.fetchall()
    assert rows
    return repr(rows)


def test_personal_fields_are_encrypted_at_rest(family: Family) -> None:
    """The raw person and household rows hold no plaintext; the ORM decrypts them."""
    services.person_update(
        actor=None,
        person=family.head_a,
        email="amal@example.org",
        health_notes="Insulin twice daily",
    )
    raw = _raw_rows("people_person") + _raw_rows("people_household")
    for value in (*PERSONAL_VALUES, "amal@example.org", "Insulin", "do not share"):
        assert value not in raw
    assert "1988" in raw  # the clear birth year shows the rows were really read
    head = Person.objects.get(pk=family.head_a.pk)
    assert (head.given_name, head.family_name, head.phone) == ("Amal", "Haddad", "+351 912 345 678")
    assert head.date_of_birth == datetime.date(1988, 5, 17)
    assert (head.email, head.health_notes) == ("amal@example.org", "Insulin twice daily")
    household = Household.objects.get(pk=family.household_a.pk)
    assert household.protection_notes == "Fled after threats; do not share location"


def test_audit_channel_follows_the_caller(family: Family) -> None:
    """Writes made through the API are recorded on the API channel."""
    mark = last_audit_id()
    services.household_update(
        actor=None, household=family.household_a, status="settled", channel=AuditChannel.API
    )
    assert [r.channel for r in audit_after(mark)] == [AuditChannel.API]
