"""The indicator catalogue: the data file is complete and the migration loaded it."""

from __future__ import annotations

import pytest

from welcomehub.core import taxonomy
from welcomehub.outcomes.catalogue import LANGUAGES, read_catalogue_file, sync_catalogue
from welcomehub.outcomes.models import Catalogue, Indicator, Question, Scale

pytestmark = pytest.mark.django_db
DATA = read_catalogue_file()


def test_the_migration_loaded_the_fourteen_domains() -> None:
    domains = set(Question.objects.values_list("domain", flat=True))
    assert domains == set(taxonomy.codes("integration_domains"))
    assert len(domains) == 14
    assert set(Indicator.objects.values_list("domain", flat=True)) == domains
    assert Catalogue.objects.filter(version=DATA["version"]).exists()
    assert Question.objects.count() == sum(len(d["questions"]) for d in DATA["domains"])


def test_the_file_follows_the_framework() -> None:
    assert [d["code"] for d in DATA["domains"]] == taxonomy.codes("integration_domains")
    for domain in DATA["domains"]:
        assert 2 <= len(domain["indicators"]) <= 4, domain["code"]
        assert 1 <= len(domain["questions"]) <= 2, domain["code"]
        assert {i["kind"] for i in domain["indicators"]} <= {"output", "outcome"}
        assert "outcome" in {i["kind"] for i in domain["indicators"]}
        indicator_codes = {i["code"] for i in domain["indicators"]}
        for question in domain["questions"]:
            assert question["indicator"] in indicator_codes
            assert "zaragoza" in question
            assert "oecd" in question


def test_every_question_speaks_all_six_languages() -> None:
    assert tuple(DATA["languages"]) == LANGUAGES
    for question in Question.objects.all():
        assert set(question.text) == set(LANGUAGES), question.code
        assert all(text.strip() for text in question.text.values()), question.code
        english = question.text["en"]
        others = [question.text[lang] for lang in LANGUAGES if lang != "en"]
        assert english not in others, f"{question.code} is untranslated"


def test_every_indicator_speaks_all_six_languages() -> None:
    for indicator in Indicator.objects.all():
        assert set(indicator.text) == set(LANGUAGES), indicator.code
        assert all(text.strip() for text in indicator.text.values()), indicator.code


def test_scales_are_valid() -> None:
    for scale in Scale.objects.all():
        assert scale.minimum < scale.maximum, scale.code
        assert scale.kind in {"choice", "count"}
        for value, labels in scale.labels.items():
            assert scale.minimum <= int(value) <= scale.maximum, scale.code
            assert set(labels) == set(LANGUAGES), (scale.code, value)
        if scale.kind == "choice":
            expected = {str(v) for v in range(scale.minimum, scale.maximum + 1)}
            assert set(scale.labels) == expected, f"{scale.code}: every choice needs a label"


def test_loading_again_changes_nothing() -> None:
    before = (Question.objects.count(), Indicator.objects.count(), Scale.objects.count())
    sync_catalogue()
    assert (Question.objects.count(), Indicator.objects.count(), Scale.objects.count()) == before
    assert not Question.objects.filter(active=False).exists()


def test_questions_keep_the_files_order() -> None:
    in_file = [q["code"] for d in DATA["domains"] for q in d["questions"]]
    assert list(Question.objects.order_by("position").values_list("code", flat=True)) == in_file
