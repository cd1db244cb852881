"""Whole answers from files into a round: all or nothing, who may import for whom, the
import page, the questionnaire and template downloads."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.exchange import imports, services, xlsform
from welcomehub.exchange.io import COLUMNS, FileAnswer, FileEntry, read_workbook
from welcomehub.exchange.kobo import example_rows
from welcomehub.exchange.models import Answer, AnswerStatus, Need, Offer
from welcomehub.exchange.tests.support import Exchange
from welcomehub.exchange.tests.test_files_kobo import SUBMISSION_A, SUBMISSION_B, csv_export

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return (
        Need.objects.count(),
        Offer.objects.count(),
        Answer.objects.filter(status=AnswerStatus.SUBMITTED).count(),
    )


def _answer(name: str, *topics: str, line: int = 2, kind: str = "training") -> FileAnswer:
    entry = FileEntry(line=line, column="offer_1/", topics=topics, kind=kind)
    return FileAnswer(
        file="k.csv",
        line=line,
        organisation=name,
        column="organisation/name",
        offers=(entry,),
        twinning="peer",
        funding_sources="",
    )


def test_the_coordinator_imports_a_kobo_export_for_both_organisations(
    exchange: Exchange, world: World
) -> None:
    draft = exchange.draft_round
    url = reverse("exchange:round_import", args=[draft.pk])
    raw = csv_export(example_rows([SUBMISSION_A, SUBMISSION_B]))
    before = _counts()
    response = world.client(world.users["coordinator"]).post(
        url, {"export": SimpleUploadedFile("kobo.csv", raw), "submit": "on"}, follow=True
    )
    assert "Imported 2 answers: 1 needs and 3 offers; 2 submitted." in response.content.decode()
    assert _counts() == (before[0] + 1, before[1] + 3, before[2] + 2)
    a = Answer.objects.get(pk=exchange.draft_a.pk)
    assert (a.status, a.twinning, a.funding_sources) == (
        "submitted",
        "mentor",
        "Travel grants of the city",
    )
    assert a.submitted_by == world.users["coordinator"]
    assert a.needs.filter(topics=["housing", "employment"], languages=["pt", "en"]).exists()
    assert a.offers.filter(kind="study_visit", topics=["language"]).exists()
    events = AuditEvent.objects.filter(object_type="exchange.answer", detail__source="kobo")
    assert events.count() == 2


def test_a_focal_point_imports_only_for_their_organisation(
    exchange: Exchange, world: World
) -> None:
    draft = exchange.draft_round
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        imports.answers_import(
            actor=world.users["focal_point"],
            survey_round=draft,
            answers=[
                _answer("Welcome Network A", "housing"),
                _answer("Community Partner B", "housing", line=3),
            ],
            source="kobo",
        )
    assert caught.value.messages == [
        "k.csv:3: column organisation/name: you do not answer for Community Partner B"
    ]
    assert _counts() == before
    summary = imports.answers_import(
        actor=world.users["focal_point"],
        survey_round=draft,
        answers=[_answer("  welcome network a ", "housing")],
        source="kobo",
    )
    assert (summary.answers, summary.offers, summary.submitted) == (1, 1, 0)
    assert Answer.objects.get(pk=exchange.draft_a.pk).status == AnswerStatus.DRAFT


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (
            "uninvited",
            "k.csv:2: column organisation/name: Elsewhere Org is not invited to this round",
        ),
        (
            "submitted",
            "k.csv:2: column organisation/name: "
            "the answer of Welcome Network A was already submitted",
        ),
        ("country", "k.csv:2: column country: Welcome Network A is in PT, not FR"),
        (
            "twice",
            "k.csv:3: column organisation/name: Welcome Network A appears twice (first on line 2)",
        ),
        ("no topic", "k.csv:2: column offer_1/topics: at least one topic is needed"),
    ],
)
def test_problems_name_file_line_and_column_and_change_nothing(
    exchange: Exchange, world: World, case: str, expected: str
) -> None:
    survey_round = exchange.round if case == "submitted" else exchange.draft_round
    answers = {
        "uninvited": [_answer("Elsewhere Org", "housing")],
        "submitted": [_answer("Welcome Network A", "housing")],
        "country": [FileAnswer("k.csv", 2, "Welcome Network A", "organisation/name", country="FR")],
        "twice": [
            _answer("Welcome Network A", "housing"),
            _answer("Welcome Network A", "health", line=3),
        ],
        "no topic": [_answer("Welcome Network A")],
    }[case]
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        imports.answers_import(
            actor=world.users["coordinator"], survey_round=survey_round, answers=answers, source="t"
        )
    assert expected in caught.value.messages
    assert _counts() == before


def test_a_closed_round_takes_no_import(exchange: Exchange, world: World) -> None:
    services.round_close(actor=world.users["coordinator"], survey_round=exchange.draft_round)
    with pytest.raises(ValidationError, match="not open"):
        imports.answers_import(
            actor=world.users["coordinator"],
            survey_round=exchange.draft_round,
            answers=[_answer("Welcome Network A", "housing")],
            source="t",
        )


NAMES = st.sampled_from(["Welcome Network A", "Community Partner B", "Nobody", ""])
TOPICS = st.lists(st.sampled_from(["housing", "health", "hosing", ""]), max_size=2)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(NAMES, TOPICS, st.sampled_from(["training", "gift", ""])), min_size=1, max_size=3
    )
)
def test_an_import_writes_everything_or_nothing(
    exchange: Exchange, world: World, items: list[tuple[str, list[str], str]]
) -> None:
    answers = [
        _answer(name, *[t for t in topics if t], line=2 + i, kind=kind)
        for i, (name, topics, kind) in enumerate(items)
    ]
    with transaction.atomic():
        before = _counts()
        summary = None
        try:
            summary = imports.answers_import(
                actor=world.users["coordinator"],
                survey_round=exchange.draft_round,
                answers=answers,
                submit=True,
                source="t",
            )
        except ValidationError:
            refused = True
        else:
            refused = False
        if refused:
            assert _counts() == before
        else:
            assert summary is not None
            assert summary.answers == len(items)
            assert _counts() == (before[0], before[1] + summary.offers, before[2] + summary.answers)
        transaction.set_rollback(True)


def _workbook(rows: dict[str, list[list[str]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, lines in rows.items():
        sheet = book.create_sheet(title)
        for line in [list(COLUMNS), *lines]:
            sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_focal_point_imports_a_workbook_on_the_page(exchange: Exchange, world: World) -> None:
    url = reverse("exchange:round_import", args=[exchange.draft_round.pk])
    client = world.client(world.users_b["focal_point"])
    assert "KoboToolbox" in client.get(url).content.decode()
    good = _workbook(
        {
            "offers": [
                [
                    "o1",
                    "Community Partner B",
                    "refugee_led",
                    "PT",
                    "housing",
                    "training",
                    "ar",
                    "Housing help",
                ]
            ]
        }
    )
    bad = _workbook(
        {
            "needs": [["n1", "Community Partner B", "refugee_led", "PT", "housing", "", "", ""]],
            "offers": [["o1", "Welcome Network A", "ngo", "PT", "housing", "", "", ""]],
        }
    )
    before = _counts()
    page = client.post(url, {"workbook": SimpleUploadedFile("b.xlsx", bad)}).content.decode()
    assert "b.xlsx [offers]:2: column organisation: you do not answer for Welcome Network A" in page
    assert _counts() == before
    response = client.post(url, {"workbook": SimpleUploadedFile("b.xlsx", good)}, follow=True)
    assert "Imported 1 answers: 0 needs and 1 offers; 0 submitted." in response.content.decode()
    offer = Offer.objects.get(answer=exchange.draft_b)
    assert (offer.kind, offer.modalities, offer.languages) == ("training", ["training"], ["ar"])


def test_csv_files_of_needs_and_offers_on_the_page(exchange: Exchange, world: World) -> None:
    url = reverse("exchange:round_import", args=[exchange.draft_round.pk])
    header = ",".join(COLUMNS) + "\n"
    needs = header + "n1,Welcome Network A,ngo,PT,housing;hosing,,,x\n"
    page = (
        world.client(world.users["focal_point"])
        .post(url, {"needs": SimpleUploadedFile("needs.csv", needs.encode())})
        .content.decode()
    )
    assert "needs.csv:2: column topics: unknown topic &#x27;hosing&#x27;" in page


def test_the_form_wants_exactly_one_kind_of_file(exchange: Exchange, world: World) -> None:
    url = reverse("exchange:round_import", args=[exchange.draft_round.pk])
    client = world.client(world.users["coordinator"])
    page = client.post(url, {}).content.decode()
    assert "Choose one export, one workbook, or files of needs and offers." in page
    both = {
        "export": SimpleUploadedFile("k.csv", b"x"),
        "workbook": SimpleUploadedFile("w.xlsx", b"y"),
    }
    assert "Choose one export" in client.post(url, both).content.decode()


def test_outsiders_cannot_reach_the_import_page(exchange: Exchange, world: World) -> None:
    url = reverse("exchange:round_import", args=[exchange.draft_round.pk])
    assert world.client(None).get(url).status_code == 302
    for user in (world.users["caseworker"], world.users_b["coordinator"]):
        assert world.client(user).get(url).status_code == 404
        assert world.client(user).post(url, {}).status_code == 404


def test_questionnaire_and_template_downloads(exchange: Exchange, world: World) -> None:
    client = world.client(world.users_b["focal_point"])
    response = client.get(reverse("exchange:questionnaire_xlsx"))
    shipped = load_workbook(xlsform.XLSFORM_FILE)
    served = load_workbook(io.BytesIO(response.content))
    assert [list(s.values) for s in served] == [list(s.values) for s in shipped]
    template = client.get(reverse("exchange:import_template_xlsx")).content
    needs, offers = read_workbook(template, "template.xlsx")
    assert (len(needs), len(offers)) == (1, 1)  # the example rows read back cleanly
    assert (
        world.client(world.users["caseworker"])
        .get(reverse("exchange:questionnaire_xlsx"))
        .status_code
        == 404
    )
