"""Pages and API: what each role sees and does; refusals of anonymous users, lower roles
and another organisation are also covered exhaustively by tests/matrix.py."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import World
from welcomehub.evaluation import panels
from welcomehub.evaluation.models import Evidence, Round, RoundStatus
from welcomehub.evaluation.tests.support import (
    PDF,
    Evaluation,
    answer_all,
    open_round,
    shipped,
    sign_off,
)
from welcomehub.feedback import services as feedback

pytestmark = pytest.mark.django_db


def test_a_coordinator_answers_an_area_and_hands_the_round_over(world: World) -> None:
    client = world.client(world.users["coordinator"])
    response = client.post(
        reverse("evaluation:round_open", args=[world.programme.pk]),
        {
            "framework": shipped().pk,
            "title": "Spring 2026",
            "assessed_on": "2026-04-01",
            "resettlement_context": "emerging",
        },
    )
    evaluation_round = Round.objects.get(title="Spring 2026")
    assert response.status_code == 302
    answers = list(
        evaluation_round.answers.filter(item__area__code="funding").order_by("item__position")
    )
    data = {f"score_{a.pk}": "50" for a in answers}
    data[f"score_{answers[0].pk}"] = "na"
    data[f"link_{answers[1].pk}"] = "https://example.org/budget"
    url = reverse("evaluation:round_area", args=[evaluation_round.pk, "funding"])
    assert client.post(url, data).status_code == 302
    answers[0].refresh_from_db()
    answers[1].refresh_from_db()
    assert answers[0].not_applicable
    assert answers[0].value is None
    assert answers[1].value == 50
    assert answers[1].link == "https://example.org/budget"
    page = client.get(reverse("evaluation:round_detail", args=[evaluation_round.pk]))
    assert b"Funding" in page.content
    assert b"<svg" in page.content


def test_a_bad_link_shows_an_error_and_saves_nothing(world: World) -> None:
    evaluation_round = open_round(world)
    client = world.client(world.users["coordinator"])
    answer = evaluation_round.answers.filter(item__area__code="housing").first()
    assert answer is not None
    response = client.post(
        reverse("evaluation:round_area", args=[evaluation_round.pk, "housing"]),
        {f"score_{answer.pk}": "100", f"link_{answer.pk}": "not a link"},
    )
    assert response.status_code == 200
    answer.refresh_from_db()
    assert answer.value is None


def test_evidence_upload_and_gated_download(world: World, evaluation: Evaluation) -> None:
    client = world.client(world.users["coordinator"])
    upload = SimpleUploadedFile("minutes.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("evaluation:evidence_add", args=[evaluation.answer.pk]), {"file": upload}
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(original_name="minutes.pdf")
    url = reverse("evaluation:evidence_download", args=[evidence.pk])
    download = world.client(world.users_b["analyst"]).get(url)
    assert download.status_code == 200
    assert download.content == PDF
    assert "attachment" in download["Content-Disposition"]
    for user in (None, world.users["caseworker"], world.users_b["focal_point"]):
        assert world.client(user).get(url).status_code in {302, 404}


def test_a_disguised_upload_is_refused(world: World, evaluation: Evaluation) -> None:
    client = world.client(world.users["coordinator"])
    upload = SimpleUploadedFile("evil.pdf", b"<script>alert(1)</script>")
    client.post(reverse("evaluation:evidence_add", args=[evaluation.answer.pk]), {"file": upload})
    assert not Evidence.objects.filter(original_name="evil.pdf").exists()


def test_the_reviewer_signs_off_from_the_page(world: World) -> None:
    evaluation_round = open_round(world)
    answer_all(world, evaluation_round)
    coordinator = world.client(world.users["coordinator"])
    coordinator.post(reverse("evaluation:round_submit", args=[evaluation_round.pk]))
    # the coordinator holds no review permission: refused like a stranger
    assert (
        coordinator.post(
            reverse("evaluation:round_sign_off", args=[evaluation_round.pk])
        ).status_code
        == 404
    )
    reviewer = world.client(world.users["org_admin"])
    page = reviewer.get(reverse("evaluation:round_detail", args=[evaluation_round.pk]))
    assert b"Sign off and lock" in page.content
    reviewer.post(
        reverse("evaluation:round_sign_off", args=[evaluation_round.pk]), {"shared": "on"}
    )
    evaluation_round.refresh_from_db()
    assert evaluation_round.status == RoundStatus.SIGNED_OFF
    assert evaluation_round.shared


def test_comparison_shows_programmes_side_by_side_and_exports(
    world: World, evaluation: Evaluation
) -> None:
    client = world.client(world.users["analyst"])
    page = client.get(reverse("evaluation:compare"))
    assert page.status_code == 200
    assert world.programme.name.encode() in page.content
    assert b"<svg" in page.content
    assert b"Outcomes of the programmes" in page.content
    xlsx = client.get(reverse("evaluation:compare_xlsx"))
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx.content))
    assert any(
        world.programme.name in str(c.value) for row in book.worksheets[0].iter_rows() for c in row
    )
    pdf = client.get(reverse("evaluation:compare_pdf"))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_an_unshared_programme_stays_out_of_strangers_comparisons(
    world: World, evaluation: Evaluation
) -> None:
    from welcomehub.accounts import services as accounts

    outsider_org = accounts.organisation_create(
        actor=None, name="Elsewhere", org_type="ngo", country="CA"
    )
    outsider = accounts.user_create(
        actor=None, username="elsewhere-analyst", password="x-Long-passphrase-99"
    )
    accounts.membership_add(
        actor=None, user=outsider, organisation=outsider_org, role_code="analyst"
    )
    page = world.client(outsider).get(reverse("evaluation:compare"))
    assert world.programme.name.encode() not in page.content
    Round.objects.filter(pk=evaluation.signed.pk).update(shared=True)
    page = world.client(outsider).get(reverse("evaluation:compare"))
    assert world.programme.name.encode() in page.content
    # a shared round shares its scores, not its people's outcomes
    assert b"Outcomes of the programmes" not in page.content


def test_peers_filter_keeps_programmes_of_the_same_type_and_context(
    world: World, evaluation: Evaluation
) -> None:
    client = world.client(world.users["analyst"])
    same = client.get(reverse("evaluation:compare"), {"context": "emerging"})
    other = client.get(reverse("evaluation:compare"), {"context": "traditional"})
    assert world.programme.name.encode() in same.content
    assert b"No signed-off round matches" in other.content


def test_round_report_pdf(world: World, evaluation: Evaluation) -> None:
    response = world.client(world.users["org_admin"]).get(
        reverse("evaluation:round_pdf", args=[evaluation.signed.pk])
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    arabic = world.client(world.users["org_admin"]).get(
        reverse("evaluation:round_pdf", args=[evaluation.signed.pk]), HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert arabic.content.startswith(b"%PDF")


def test_api_lists_frameworks_with_the_contract_fields(world: World) -> None:
    response = world.client(world.users["refugee"]).get("/api/evaluation/frameworks")
    assert response.status_code == 200
    frameworks = json.loads(response.content)
    items = frameworks[0]["items"]
    assert len(items) >= 60
    assert {"code", "area", "dimension", "tier", "text"} <= set(items[0])
    assert {i["dimension"] for i in items} == {
        "legal_framework",
        "policy",
        "implementation",
        "collaboration",
    }
    assert {i["tier"] for i in items} == {"essential", "fundamental"}
    assert world.client(None).get("/api/evaluation/frameworks").status_code == 401


def test_api_area_titles_follow_the_language(world: World) -> None:
    client = world.client(world.users["analyst"])
    response = client.get("/api/evaluation/frameworks", HTTP_ACCEPT_LANGUAGE="fr")
    shipped_bank = json.loads(response.content)[0]
    assert "Financement" in [a["title"] for a in shipped_bank["areas"]]
    funding = next(i for i in shipped_bank["items"] if i["code"] == "funding.3")
    assert funding["text"].startswith("Le financement est pluriannuel")
    response = client.get("/api/evaluation/frameworks", HTTP_ACCEPT_LANGUAGE="uk")
    items = json.loads(response.content)[0]["items"]
    funding = next(i for i in items if i["code"] == "funding.3")
    assert funding["text"].startswith("Фінансування багаторічне")
    assert funding["guidance"].startswith("003:")  # guidance ships in English only


def test_openapi_schema_has_the_frameworks_route() -> None:
    from welcomehub.api import api

    schema = api.get_openapi_schema()
    assert "/api/evaluation/frameworks" in schema["paths"]


def test_outcome_panel_suppresses_small_counts(world: World) -> None:
    panel = panels.outcome_panel(world.programme)
    # three people in the programme: below the threshold, so hidden
    assert panel.people is None
    assert all(row.mean_change is None for row in panel.domains)


def test_feedback_panel_shows_the_feedback_apps_figures(
    world: World, evaluation: Evaluation
) -> None:
    for _ in range(6):
        feedback.feedback_submit(
            actor=None,
            programme=world.programme,
            category="housing",
            text="The heating is broken",
            language="en",
        )
    assert panels.feedback_figures(world.programme)["total"] == 6
    page = (
        world.client(world.users["coordinator"])
        .get(reverse("evaluation:round_detail", args=[evaluation.signed.pk]))
        .content.decode()
    )
    assert "Feedback items" in page
    assert "Housing" in page


def test_history_over_two_rounds(world: World, evaluation: Evaluation) -> None:
    second = open_round(world, "Self-assessment 2026b", assessed_on=datetime.date(2026, 7, 1))
    answer_all(world, second, lambda code: 100)
    sign_off(world, second)
    page = world.client(world.users["coordinator"]).get(
        reverse("evaluation:programme", args=[world.programme.pk])
    )
    assert b"polyline" in page.content


def test_api_rounds_of_a_programme_with_frozen_scores(world: World, evaluation: Evaluation) -> None:
    url = f"/api/evaluation/programmes/{world.programme.pk}/rounds"
    rounds = json.loads(world.client(world.users_b["analyst"]).get(url).content)
    by_title = {r["title"]: r for r in rounds}
    signed = by_title["Self-assessment 2025"]
    assert signed["status"] == "signed_off"
    assert signed["overall"] == pytest.approx(evaluation.signed.scores["overall"])
    assert by_title["Self-assessment 2026"]["overall"] is None
    assert world.client(world.users["caseworker"]).get(url).status_code == 404
