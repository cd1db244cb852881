"""PDF reports: a Django template extending `reports/print_base.html`, laid out by WeasyPrint.

The fonts ship inside this app (DejaVu Sans: Latin, Cyrillic, Arabic and Persian script)
and are referenced by file:// URL, so a PDF looks the same on every server and never
depends on the fonts installed there. Pango/HarfBuzz shape Arabic and Dari; the page's
`lang` and `dir` come from the language the report is rendered in.

WeasyPrint may fetch only data: URLs and files inside the welcomehub package (our fonts,
stylesheets and images): a report that shows text a user typed can never make the server
fetch a URL (no SSRF) or read a file elsewhere on disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from welcomehub.reports.exports import file_response

PACKAGE_DIR = Path(__file__).resolve().parent.parent
FONT_DIR = Path(__file__).resolve().parent / "static" / "reports" / "fonts"
FONTS = {"regular": FONT_DIR / "DejaVuSans.ttf", "bold": FONT_DIR / "DejaVuSans-Bold.ttf"}
PDF_TYPE = "application/pdf"


class _LocalFetcher(URLFetcher):
    """Only data: URLs and files under the welcomehub package."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)

    def fetch(self, url: str, headers: Any = None) -> Any:
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if not path.is_relative_to(PACKAGE_DIR):
                raise ValueError(f"reports may not read {path}")
        return super().fetch(url, headers)


def render_html(template_name: str, context: dict[str, Any], *, language: str | None = None) -> str:
    """The report's HTML in `language` (default: the active one)."""
    with translation.override(language or translation.get_language()):
        code = translation.get_language() or "en"
        now = timezone.localtime()
        full = {
            **context,
            "print_lang": code,
            "print_dir": "rtl" if translation.get_language_bidi() else "ltr",
            "print_fonts": {name: path.as_uri() for name, path in FONTS.items()},
            "print_generated": date_format(now, "DATETIME_FORMAT"),
            "print_generated_iso": now.isoformat(timespec="minutes"),
        }
        return render_to_string(template_name, full)


def html_document(
    template_name: str, context: dict[str, Any], *, language: str | None = None
) -> HTML:
    """The WeasyPrint document, before it is written (tests inspect its layout)."""
    html = render_html(template_name, context, language=language)
    return HTML(string=html, base_url=PACKAGE_DIR.as_uri() + "/", url_fetcher=_LocalFetcher())


def pdf_bytes(template_name: str, context: dict[str, Any], *, language: str | None = None) -> bytes:
    pdf = html_document(template_name, context, language=language).write_pdf()
    assert pdf is not None
    return pdf


def pdf_response(
    template_name: str, context: dict[str, Any], filename: str, request: HttpRequest
) -> HttpResponse:
    """The PDF as a download, in the language of the request."""
    language = getattr(request, "LANGUAGE_CODE", None)
    return file_response(pdf_bytes(template_name, context, language=language), PDF_TYPE, filename)
