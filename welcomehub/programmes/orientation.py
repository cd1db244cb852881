"""Orientation content: versioned articles with a translation per interface language.

Every save adds a version; nothing is overwritten. The source language's newest version
is what translations are measured against: a translation is current when it was made
from that version, outdated when the source changed since, missing when there is none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from welcomehub.accounts.models import Organisation
from welcomehub.core import taxonomy
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.programmes.models import OrientationArticle, OrientationText

MISSING, OUTDATED, CURRENT = "missing", "outdated", "current"
STATUS_LABELS = {
    MISSING: gettext_lazy("Missing"),
    OUTDATED: gettext_lazy("Outdated"),
    CURRENT: gettext_lazy("Current"),
}


def interface_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _latest(article: OrientationArticle, language: str) -> OrientationText | None:
    return article.texts.filter(language=language).order_by("-version").first()


def source_version(article: OrientationArticle) -> int:
    latest = _latest(article, article.source_language)
    return latest.version if latest else 0


@transaction.atomic
def article_create(
    *,
    actor: Any,
    organisation: Organisation,
    slug: str,
    topic: str,
    source_language: str,
    title: str,
    body: str,
    channel: str = AuditChannel.WEB,
) -> OrientationArticle:
    if OrientationArticle.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Another article already has this short name.")})
    article = OrientationArticle(
        organisation=organisation, slug=slug, topic=topic, source_language=source_language
    )
    article.full_clean()
    article.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=article,
        organisation_id=organisation.pk,
        channel=channel,
    )
    text_save(
        actor=actor,
        article=article,
        language=source_language,
        title=title,
        body=body,
        channel=channel,
    )
    return article


@transaction.atomic
def text_save(
    *,
    actor: Any,
    article: OrientationArticle,
    language: str,
    title: str,
    body: str,
    channel: str = AuditChannel.WEB,
) -> OrientationText:
    """Add a version of the article in one language. A new source text makes every
    translation outdated; a translation is recorded as made from the newest source."""
    article = OrientationArticle.objects.select_for_update().get(pk=article.pk)
    last = article.texts.filter(language=language).aggregate(last=Max("version"))["last"] or 0
    latest_source = source_version(article)
    if language != article.source_language and latest_source == 0:
        raise ValidationError(_("Write the article in its source language first."))
    version = last + 1
    text = OrientationText(
        article=article,
        language=language,
        version=version,
        source_version=version if language == article.source_language else latest_source,
        title=title.strip(),
        body=body.strip(),
        written_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    text.full_clean()
    text.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=text,
        organisation_id=article.organisation_id,
        channel=channel,
        detail={"article": article.slug, "language": language, "version": version},
    )
    return text


@transaction.atomic
def article_publish(
    *,
    actor: Any,
    article: OrientationArticle,
    published: bool,
    channel: str = AuditChannel.WEB,
) -> OrientationArticle:
    article.published = published
    article.save(update_fields=["published", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=article,
        organisation_id=article.organisation_id,
        channel=channel,
        detail={"published": published},
    )
    return article


# Reads ---------------------------------------------------------------------------------


@dataclass
class Translation:
    language: str
    status: str
    text: OrientationText | None

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def translation_status(article: OrientationArticle) -> list[Translation]:
    """Each interface language's newest text of the article and whether it is current."""
    newest: dict[str, OrientationText] = {}
    for saved in sorted(article.texts.all(), key=lambda t: (t.language, -t.version)):
        newest.setdefault(saved.language, saved)
    source = newest.get(article.source_language)
    result = []
    for language in interface_languages():
        text = newest.get(language)
        if text is None:
            status = MISSING
        elif source is not None and text.source_version < source.version:
            status = OUTDATED
        else:
            status = CURRENT
        result.append(Translation(language, status, text))
    return result


@dataclass
class Reading:
    """An article as shown to a reader of one language: their translation if there is
    one (flagged when outdated), else the source text, flagged as not translated."""

    article: OrientationArticle
    text: OrientationText
    language: str
    status: str

    @property
    def topic_label(self) -> str:
        return taxonomy.label("orientation_topics", self.article.topic)

    @property
    def translated(self) -> bool:
        return self.text.language == self.language


def _reading(article: OrientationArticle, language: str) -> Reading | None:
    by_language = {t.language: t for t in translation_status(article)}
    own = by_language.get(language)
    if own is not None and own.text is not None:
        return Reading(article, own.text, language, own.status)
    source = by_language.get(article.source_language)
    if source is None or source.text is None:
        return None
    return Reading(article, source.text, language, MISSING)


def orientation_for(language: str) -> list[Reading]:
    """The published orientation articles for a reader of `language`, by topic order.
    For the public directory and the refugee portal."""
    order = {code: index for index, code in enumerate(taxonomy.codes("orientation_topics"))}
    articles = OrientationArticle.objects.filter(published=True).prefetch_related("texts")
    readings = [r for a in articles if (r := _reading(a, language)) is not None]
    return sorted(readings, key=lambda r: (order.get(r.article.topic, 99), r.text.title))


def orientation_article(slug: str, language: str, *, published_only: bool = True) -> Reading:
    articles = OrientationArticle.objects.filter(slug=slug)
    if published_only:
        articles = articles.filter(published=True)
    article = articles.select_related("organisation").first()
    reading = _reading(article, language) if article else None
    if reading is None:
        raise OrientationArticle.DoesNotExist
    return reading


def articles_of(organisation_ids: set[int]) -> list[tuple[OrientationArticle, list[Translation]]]:
    articles = OrientationArticle.objects.filter(organisation_id__in=organisation_ids)
    return [
        (article, translation_status(article))
        for article in articles.select_related("organisation").prefetch_related("texts")
    ]


def text_history(article: OrientationArticle) -> list[OrientationText]:
    return list(article.texts.select_related("written_by").order_by("language", "-version"))
