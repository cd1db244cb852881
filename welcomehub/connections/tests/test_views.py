"""Pages: the public form, the coordinator's pipeline and matching, the volunteer's page;
refusals for anonymous users, other roles and other organisations."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from conftest import World
from welcomehub.connections.models import Match, MatchStatus, Volunteer, VolunteerStatus

from .conftest import (
    apply,
    cleared,
    consent_matching,
    household_ref,
    screen,
    volunteer_client,
)

pytestmark = pytest.mark.django_db

FORM = {
    "given_name": "Jonas",
    "family_name": "Berg",
    "email": "jonas@example.org",
    "languages": ["en", "ar"],
    "availability": ["weekends"],
    "interests": ["sport"],
    "role_wanted": "mentor",
    "consent": "on",
}


def test_public_application_creates_an_applicant(world: World, client) -> None:
    cache.clear()
    url = reverse("connections:apply", args=[world.org_a.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ar")
    assert page.status_code == 200
    response = client.post(url, FORM)
    assert response.status_code == 302
    volunteer = Volunteer.objects.get()
    assert (volunteer.organisation, volunteer.status, volunteer.user) == (
        world.org_a, VolunteerStatus.APPLIED, None,
    )  # fmt: skip


def test_bad_application_changes_nothing(world: World, client) -> None:
    cache.clear()
    url = reverse("connections:apply", args=[world.org_a.pk])
    response = client.post(url, {**FORM, "role_wanted": "king", "email": "not-an-address"})
    assert response.status_code == 400
    assert Volunteer.objects.count() == 0
    assert client.post(url, {**FORM, "consent": ""}).status_code == 400
    assert Volunteer.objects.count() == 0


def test_applications_are_rate_limited(world: World, client) -> None:
    cache.clear()
    url = reverse("connections:apply", args=[world.org_a.pk])
    codes = [
        client.post(url, {**FORM, "email": f"x{i}@example.org"}).status_code for i in range(12)
    ]
    assert codes[:10] == [302] * 10
    assert codes[10:] == [429, 429]
    assert Volunteer.objects.count() == 10
    cache.clear()


def test_pipeline_pages_refuse_others(world: World) -> None:
    volunteer = apply(world)
    detail = reverse("connections:volunteer_detail", args=[volunteer.reference])
    assert world.client(world.users["volunteer_coordinator"]).get(detail).status_code == 200
    for user in (
        world.users["caseworker"],
        world.users_b["volunteer_coordinator"],
        world.users["volunteer"],
    ):
        assert world.client(user).get(detail).status_code == 404
    assert world.client(None).get(detail).status_code == 302
    step = reverse("connections:volunteer_step", args=[volunteer.reference, "interview"])
    response = world.client(world.users_b["volunteer_coordinator"]).post(
        step, {"held_on": "2026-01-01", "recommendation": "proceed"}
    )
    assert response.status_code == 404
    assert volunteer.interviews.count() == 0


def test_bad_step_input_is_shown_and_changes_nothing(world: World) -> None:
    volunteer = apply(world)
    client = world.client(world.users["volunteer_coordinator"])
    step = reverse("connections:volunteer_step", args=[volunteer.reference, "clearance"])
    response = client.post(
        step,
        {
            "issuing_body": "Police",
            "number": "1",
            "issued_on": "2026-01-10",
            "expires_on": "2025-01-01",
        },
    )
    assert response.status_code == 200
    assert "after the issue date" in response.content.decode()
    assert volunteer.clearances.count() == 0


def test_clear_shows_the_one_time_password_once(world: World) -> None:
    volunteer = screen(world, apply(world))
    client = world.client(world.users["volunteer_coordinator"])
    response = client.post(reverse("connections:volunteer_clear", args=[volunteer.reference]))
    assert response.status_code == 200
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.CLEARED
    assert volunteer.user is not None
    assert volunteer.user.username in response.content.decode()
    again = client.get(reverse("connections:volunteer_detail", args=[volunteer.reference]))
    assert "new-password" not in again.content.decode()


def test_volunteer_sees_match_without_protection_notes(world: World) -> None:
    volunteer, _password = cleared(world)
    consent_matching(world)
    coordinator = world.client(world.users["volunteer_coordinator"])
    assert coordinator.post(reverse("connections:matches_suggest")).status_code == 302
    match = Match.objects.get()
    page = coordinator.get(reverse("connections:matches")).content.decode()
    assert household_ref(world) in page
    assert "Fled after threats" not in page
    coordinator.post(
        reverse("connections:match_action", args=[match.pk, "approve"]),
        {"meeting_place": "Biblioteca Central", "share_first_name": "on"},
    )
    coordinator.post(
        reverse("connections:match_action", args=[match.pk, "introduce"]),
        {"household_told_how": "Caseworker by phone"},
    )
    match.refresh_from_db()
    assert match.status == MatchStatus.INTRODUCED
    mine = volunteer_client(world, volunteer).get(reverse("connections:my_volunteering"))
    text = mine.content.decode()
    assert household_ref(world) in text
    assert "Biblioteca Central" in text
    assert "Amal" in text
    assert "Fled after threats" not in text
    assert "Haddad" not in text
    assert "912" not in text
    # other volunteers and staff without the role do not reach the page
    assert (
        world.client(world.users["caseworker"])
        .get(reverse("connections:my_volunteering"))
        .status_code
        == 404
    )


def test_first_name_hidden_without_the_familys_agreement(world: World) -> None:
    volunteer, _ = cleared(world)
    consent_matching(world)
    coordinator = world.client(world.users["volunteer_coordinator"])
    coordinator.post(reverse("connections:matches_suggest"))
    match = Match.objects.get()
    coordinator.post(
        reverse("connections:match_action", args=[match.pk, "approve"]), {"meeting_place": "Cafe"}
    )
    coordinator.post(
        reverse("connections:match_action", args=[match.pk, "introduce"]),
        {"household_told_how": "Phone"},
    )
    text = (
        volunteer_client(world, volunteer)
        .get(reverse("connections:my_volunteering"))
        .content.decode()
    )
    assert household_ref(world) in text
    assert "Amal" not in text


def test_certificate_is_a_pdf(world: World) -> None:
    volunteer, _ = cleared(world)
    response = volunteer_client(world, volunteer).get(reverse("connections:my_certificate"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(
        response.streaming_content if response.streaming else [response.content]
    ).startswith(b"%PDF")
    assert (
        world.client(world.users_b["volunteer_coordinator"])
        .get(reverse("connections:certificate", args=[volunteer.reference]))
        .status_code
        == 404
    )


def test_volunteer_logs_hours_and_bad_hours_are_refused(world: World) -> None:
    volunteer, _ = cleared(world)
    client = volunteer_client(world, volunteer)
    url = reverse("connections:my_volunteering")
    assert (
        client.post(url, {"worked_on": "2020-01-01", "hours": "2", "activity": "Visit"}).status_code
        == 302
    )
    assert client.post(url, {"worked_on": "2020-01-01", "hours": "30"}).status_code == 200
    assert volunteer.hours.count() == 1


def test_household_page_shows_the_volunteer_to_its_caseworker(world: World) -> None:
    volunteer, _ = cleared(world)
    consent_matching(world)
    coordinator = world.users["volunteer_coordinator"]
    from welcomehub.connections import services

    (match,) = services.matches_suggest(actor=coordinator, organisation=world.org_a)
    services.match_approve(actor=coordinator, match=match, meeting_place="Parque")
    page = world.client(world.users["caseworker"]).get(
        reverse("people:household_detail", args=[household_ref(world)])
    )
    text = page.content.decode()
    assert "Volunteer buddy or mentor" in text
    assert volunteer.reference in text
    assert "Parque" in text


@pytest.mark.parametrize(
    ("language", "title", "direction"),
    [
        ("ar", "تطوّع معنا", "rtl"),
        ("fa-af", "با ما داوطلب شوید", "rtl"),
        ("uk", "Волонтерьте з нами", "ltr"),
    ],
)
def test_application_form_in_other_languages(
    world: World, client, settings, language: str, title: str, direction: str
) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("connections:apply", args=[world.org_a.pk])).content.decode()
    assert title in page
    assert f'dir="{direction}"' in page
