"""Orientation content: versions, translation status, public reading, editing rights."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from conftest import World
from welcomehub.accounts import services as accounts
from welcomehub.programmes import orientation
from welcomehub.programmes.models import OrientationText
from welcomehub.programmes.tests.support import article_of

pytestmark = pytest.mark.django_db


def _status(article: object) -> dict[str, str]:
    return {t.language: t.status for t in orientation.translation_status(article)}  # type: ignore[arg-type]


def test_translation_status_missing_current_outdated(world: World) -> None:
    article = article_of(world)
    assert _status(article) == {
        "en": "current",
        "fr": "missing",
        "es": "missing",
        "ar": "missing",
        "uk": "missing",
        "fa-af": "missing",
    }
    orientation.text_save(
        actor=None, article=article, language="uk", title="Лікар", body="Зареєструйтеся."
    )
    assert _status(article)["uk"] == "current"
    orientation.text_save(
        actor=None, article=article, language="en", title="Seeing a doctor", body="New rules."
    )
    assert _status(article)["uk"] == "outdated"
    assert _status(article)["en"] == "current"
    orientation.text_save(
        actor=None, article=article, language="uk", title="Лікар", body="Нові правила."
    )
    assert _status(article)["uk"] == "current"
    versions = list(
        OrientationText.objects.filter(article=article).values_list(
            "language", "version", "source_version"
        )
    )
    assert sorted(versions) == [("en", 1, 1), ("en", 2, 2), ("uk", 1, 1), ("uk", 2, 2)]


def test_readers_get_their_translation_or_the_original_flagged(world: World) -> None:
    article = article_of(world)
    orientation.text_save(actor=None, article=article, language="ar", title="الطبيب", body="سجّل.")
    arabic = orientation.orientation_for("ar")
    assert [(r.text.language, r.status, r.translated) for r in arabic] == [("ar", "current", True)]
    dari = orientation.orientation_for("fa-af")
    assert [(r.text.language, r.status, r.translated) for r in dari] == [("en", "missing", False)]
    orientation.article_publish(actor=None, article=article, published=False)
    assert orientation.orientation_for("ar") == []


def test_bad_input_changes_nothing(world: World) -> None:
    article = article_of(world)
    before = OrientationText.objects.count()
    with pytest.raises(ValidationError):
        orientation.text_save(actor=None, article=article, language="xx", title="t", body="b")
    with pytest.raises(ValidationError):
        article_of(world)  # the same short name again
    with pytest.raises(ValidationError):
        article_of(world, slug="other", topic="astrology")
    assert OrientationText.objects.count() == before


def test_public_pages_show_the_language_asked_and_hide_unpublished(world: World) -> None:
    article = article_of(world)
    orientation.text_save(
        actor=None, article=article, language="uk", title="Як потрапити до лікаря", body="Текст"
    )
    anonymous = Client()
    url = reverse("services:orientation_detail", args=[article.slug])
    assert "Як потрапити до лікаря" in anonymous.get(url + "?lang=uk").content.decode()
    french = anonymous.get(url + "?lang=fr").content.decode()
    assert "Seeing a doctor" in french
    assert "not yet translated" in french
    assert "data-print" in french
    listing = anonymous.get(reverse("services:orientation") + "?lang=uk").content.decode()
    assert "Як потрапити до лікаря" in listing
    orientation.article_publish(actor=None, article=article, published=False)
    assert anonymous.get(url).status_code == 404


def test_only_the_publishing_organisation_edits(world: World) -> None:
    article = article_of(world)
    url = reverse("services:orientation_edit", args=[article.slug])
    form = {"language": "fr", "title": "Voir un médecin", "body": "Inscrivez-vous."}
    for user in (world.users_b["coordinator"], world.users["caseworker"]):
        assert world.client(user).post(url, form).status_code == 404
    assert Client().post(url, form).status_code == 302  # to sign in
    assert not OrientationText.objects.filter(language="fr").exists()
    assert world.client(world.users["coordinator"]).post(url, form).status_code == 302
    assert _status(article)["fr"] == "current"
    manage = world.client(world.users["coordinator"]).get(reverse("services:orientation_manage"))
    assert "Current" in manage.content.decode()
    assert "Missing" in manage.content.decode()
    assert '<th scope="col">fa-af</th>' in manage.content.decode()  # a column per language


class TestVersionsForAnySequence(TestCase):
    """Whatever order texts are saved in, a translation is current exactly when it was
    saved after the newest source text, and versions count up from 1 per language."""

    @settings(max_examples=15, deadline=None)
    @given(st.lists(st.sampled_from(["en", "fr", "ar"]), min_size=1, max_size=8))
    def test_status_follows_the_last_saves(self, saves: list[str]) -> None:
        organisation = accounts.organisation_create(
            actor=None, name="Publisher", org_type="ngo", country="PT"
        )
        article = orientation.article_create(
            actor=None,
            organisation=organisation,
            slug="any",
            topic="work",
            source_language="en",
            title="t",
            body="0",
        )
        last_source_at, last_at = 0, {"en": 0}
        for step, language in enumerate(saves, start=1):
            orientation.text_save(
                actor=None, article=article, language=language, title="t", body=str(step)
            )
            last_at[language] = step
            if language == "en":
                last_source_at = step
        status = _status(article)
        for language in ("fr", "ar"):
            if language not in last_at:
                assert status[language] == "missing"
            elif last_at[language] > last_source_at:
                assert status[language] == "current"
            else:
                assert status[language] == "outdated"
        for language in set(saves) | {"en"}:
            versions = list(
                article.texts.filter(language=language)
                .order_by("version")
                .values_list("version", flat=True)
            )
            assert versions == list(range(1, len(versions) + 1))


def test_articles_and_the_booklet_print_as_pdf(world: World) -> None:
    article = article_of(world)
    orientation.text_save(actor=None, article=article, language="ar", title="الطبيب", body="سجّل.")
    anonymous = Client()
    one = anonymous.get(reverse("services:orientation_pdf", args=[article.slug]) + "?lang=ar")
    booklet = anonymous.get(reverse("services:orientation_booklet") + "?lang=uk")
    for response in (one, booklet):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    orientation.article_publish(actor=None, article=article, published=False)
    gone = anonymous.get(reverse("services:orientation_pdf", args=[article.slug]))
    assert gone.status_code == 404
