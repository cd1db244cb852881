"""Outcomes pages and API through the test client: gates, forms, errors and audit."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.outcomes.models import Assessment
from welcomehub.outcomes.tests.support import TODAY, counts, head_a, record

pytestmark = pytest.mark.django_db
PERSON_PAGES = ["outcomes:assessment_record", "outcomes:person_progress"]
REFUSED = ["volunteer", "analyst", "coordinator", "sponsor", "refugee", "org_admin"]


def _url(name: str, world: World) -> str:
    return reverse(name, kwargs={"person_id": head_a(world).pk})


def _post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "baseline",
        "event": "",
        "date": TODAY.isoformat(),
        "answered_by": "refugee",
        "language": "ar",
        "work_paid": "1",
        "housing_secure": "4",
        "bridges_friends": "3",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("name", [*PERSON_PAGES, "outcomes:missing_baselines"])
def test_anonymous_is_sent_to_sign_in(world: World, name: str) -> None:
    url = _url(name, world) if name in PERSON_PAGES else reverse(name)
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", PERSON_PAGES)
@pytest.mark.parametrize("role", REFUSED)
def test_other_roles_get_404_for_a_person(consented: World, name: str, role: str) -> None:
    client = consented.client(consented.users[role])
    assert client.get(_url(name, consented)).status_code == 404


@pytest.mark.parametrize("name", PERSON_PAGES)
def test_the_caseworker_of_another_organisation_gets_404(consented: World, name: str) -> None:
    client = consented.client(consented.users_b["caseworker"])  # signing in is audited
    before = counts()
    assert client.get(_url(name, consented)).status_code == 404
    assert client.post(_url(name, consented), _post()).status_code == 404
    assert counts() == before


def test_a_missing_person_looks_like_a_forbidden_one(consented: World) -> None:
    client = consented.client(consented.users["caseworker"])
    url = reverse("outcomes:person_progress", kwargs={"person_id": 999999})
    assert client.get(url).status_code == 404


def test_the_form_asks_in_the_active_language(consented: World) -> None:
    client = consented.client(consented.users["caseworker"])
    with translation.override("ar"):
        response = client.get(
            _url("outcomes:assessment_record", consented), HTTP_ACCEPT_LANGUAGE="ar"
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert "هل لديك عمل مدفوع الأجر حاليًا؟" in body
    assert "no active consent" not in body


@pytest.mark.parametrize(
    ("language", "text", "direction"),
    [
        ("uk", "Чи маєте ви зараз оплачувану роботу?", "ltr"),
        ("fa-af", "آیا در حال حاضر کار با معاش دارید؟", "rtl"),
    ],
)
def test_the_questions_can_be_asked_in_the_persons_language(
    consented: World, language: str, text: str, direction: str
) -> None:
    client = consented.client(consented.users["caseworker"])
    url = _url("outcomes:assessment_record", consented) + f"?language={language}"
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert text in body
    assert f'lang="{language}" dir="{direction}"' in body
    assert "Record an assessment" in body  # the rest of the page stays in English


def test_the_caseworker_records_a_baseline_and_sees_progress(consented: World) -> None:
    client = consented.client(consented.users["caseworker"])
    response = client.post(_url("outcomes:assessment_record", consented), _post())
    assert response.status_code == 302
    assert response["Location"] == _url("outcomes:person_progress", consented)
    assessment = Assessment.objects.get(person=head_a(consented))
    assert assessment.observations.count() == 3
    assert (assessment.answered_by, assessment.language) == ("refugee", "ar")
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body
    assert "style=" not in body.split("<svg", 1)[1].split("</svg>")[0]
    assert AuditEvent.objects.filter(
        action="view", object_type="people.person", object_id=str(head_a(consented).pk)
    ).exists()
    assert AuditEvent.objects.filter(
        action="view", object_type="outcomes.assessment", object_id=str(assessment.pk)
    ).exists()


def test_a_second_baseline_shows_the_error_and_saves_nothing(consented: World) -> None:
    record(consented, head_a(consented), {"work_paid": 0})
    client = consented.client(consented.users["caseworker"])
    before = counts()
    response = client.post(_url("outcomes:assessment_record", consented), _post())
    assert response.status_code == 200
    assert "already has a baseline" in response.content.decode()
    assert {k: v for k, v in counts().items() if k != "audit"} == {
        k: v for k, v in before.items() if k != "audit"
    }


def test_a_count_outside_its_scale_is_shown_on_its_question(consented: World) -> None:
    client = consented.client(consented.users["caseworker"])
    response = client.post(
        _url("outcomes:assessment_record", consented), _post(bridges_friends="40")
    )
    assert response.status_code == 200
    assert "bridges_friends: 40 is outside its scale" in response.content.decode()
    assert not Assessment.objects.exists()


def test_without_consent_the_page_says_so(world: World) -> None:
    client = world.client(world.users["caseworker"])
    url = _url("outcomes:assessment_record", world)
    assert "no active consent to case management" in client.get(url).content.decode()
    response = client.post(url, _post())
    assert response.status_code == 200
    assert "no active consent to case management" in response.content.decode()
    assert not Assessment.objects.exists()


def test_missing_baselines_shows_only_the_own_caseload(consented: World) -> None:
    assert consented.household_a is not None
    assert consented.household_b is not None
    url = reverse("outcomes:missing_baselines")
    body = consented.client(consented.users["caseworker"]).get(url).content.decode()
    assert consented.household_a.reference in body
    assert consented.household_b.reference not in body
    body_b = consented.client(consented.users_b["caseworker"]).get(url).content.decode()
    assert consented.household_b.reference in body_b
    assert consented.household_a.reference not in body_b
    for role in ["analyst", "coordinator", "volunteer"]:
        assert consented.client(consented.users[role]).get(url).status_code == 404


def test_the_api_lists_the_fourteen_domains_with_their_groups(world: World) -> None:
    client = world.client(world.users["analyst"])
    response = client.get("/api/outcomes/domains")
    assert response.status_code == 200
    domains = response.json()
    assert len(domains) == 14
    groups = {d["code"]: d["group"] for d in domains}
    assert groups["work"] == "markers_means"
    assert groups["bridges"] == "social_connections"
    assert groups["safety"] == "facilitators"
    assert groups["rights_responsibilities"] == "foundation"
    assert {d["name"] for d in domains} >= {"Work", "Housing"}
    french = client.get("/api/outcomes/domains", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert any(d["name"] == "Logement" for d in french)
    assert Client().get("/api/outcomes/domains").status_code == 401
