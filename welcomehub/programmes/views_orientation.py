"""Orientation content: public reading pages and the coordinators' editing pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from welcomehub.accounts.models import Organisation
from welcomehub.accounts.permissions import has_any, organisations_with
from welcomehub.core.forms import call_service
from welcomehub.programmes import orientation
from welcomehub.programmes.directory_access import MANAGE, access_article
from welcomehub.programmes.forms_services import ArticleForm, TextForm
from welcomehub.programmes.models import OrientationArticle
from welcomehub.reports.pdf import pdf_response


def _reader_language(request: HttpRequest) -> str:
    """The interface language, or another one the reader picked for the text only."""
    asked = request.GET.get("lang", "")
    return asked if asked in dict(settings.LANGUAGES) else (get_language() or "en")


def orientation_list(request: HttpRequest) -> HttpResponse:
    language = _reader_language(request)
    context = {
        "readings": orientation.orientation_for(language),
        "language": language,
        "reader_languages": settings.LANGUAGES,
    }
    return render(request, "programmes/orientation_list.html", context)


def orientation_detail(request: HttpRequest, article_slug: str) -> HttpResponse:
    language = _reader_language(request)
    try:
        reading = orientation.orientation_article(article_slug, language)
    except OrientationArticle.DoesNotExist:
        raise Http404 from None
    context = {
        "reading": reading,
        "language": language,
        "translations": orientation.translation_status(reading.article),
    }
    return render(request, "programmes/orientation_detail.html", context)


def orientation_pdf(request: HttpRequest, article_slug: str = "") -> HttpResponse:
    """One article, or the whole booklet without a slug, as a PDF in the reader's language."""
    language = _reader_language(request)
    if article_slug:
        try:
            readings = [orientation.orientation_article(article_slug, language)]
        except OrientationArticle.DoesNotExist:
            raise Http404 from None
        heading, filename = readings[0].text.title, f"{article_slug}-{language}.pdf"
    else:
        readings = orientation.orientation_for(language)
        heading, filename = _("Orientation information"), f"orientation-{language}.pdf"
    return pdf_response(
        "programmes/orientation_print.html",
        {"readings": readings, "heading": heading},
        filename,
        request,
    )


@login_required
def orientation_manage(request: HttpRequest) -> HttpResponse:
    if not has_any(request.user, MANAGE):
        raise Http404
    context = {
        "articles": orientation.articles_of(organisations_with(request.user, MANAGE)),
        "interface_codes": orientation.interface_languages(),
    }
    return render(request, "programmes/orientation_manage.html", context)


@login_required
def orientation_add(request: HttpRequest) -> HttpResponse:
    if not has_any(request.user, MANAGE):
        raise Http404
    organisations = Organisation.objects.filter(pk__in=organisations_with(request.user, MANAGE))
    form = ArticleForm(
        request.POST or None,
        organisations=organisations,
        initial={"source_language": get_language() or "en"},
    )
    if request.method == "POST" and call_service(
        form, lambda: orientation.article_create(actor=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("The article was added."))
        return redirect("services:orientation_edit", article_slug=form.cleaned_data["slug"])
    return render(request, "programmes/orientation_form.html", {"form": form})


def _edit_page(
    request: HttpRequest, article: OrientationArticle, form: TextForm | None = None
) -> HttpResponse:
    language = request.GET.get("language", "")
    translations = orientation.translation_status(article)
    if form is None:
        chosen = next((t for t in translations if t.language == language), None)
        source = next(t for t in translations if t.language == article.source_language)
        base = chosen.text if chosen and chosen.text else source.text
        form = TextForm(
            initial={
                "language": language or article.source_language,
                "title": base.title if base else "",
                "body": base.body if base else "",
            }
        )
    context = {
        "article": article,
        "form": form,
        "translations": translations,
        "history": orientation.text_history(article),
    }
    return render(request, "programmes/orientation_edit.html", context)


@login_required
def orientation_edit(request: HttpRequest, article_slug: str) -> HttpResponse:
    article = access_article(user=request.user, slug=article_slug)
    if request.method != "POST":
        return _edit_page(request, article)
    form = TextForm(request.POST)
    if call_service(
        form,
        lambda: orientation.text_save(actor=request.user, article=article, **form.cleaned_data),
    ):
        messages.success(request, _("A new version was saved."))
        return redirect("services:orientation_edit", article_slug=article.slug)
    return _edit_page(request, article, form)


@login_required
@require_POST
def orientation_publish(request: HttpRequest, article_slug: str) -> HttpResponse:
    article = access_article(user=request.user, slug=article_slug)
    orientation.article_publish(
        actor=request.user, article=article, published=request.POST.get("published") == "1"
    )
    messages.success(request, _("The article's publication was changed."))
    return redirect("services:orientation_edit", article_slug=article.slug)
