"""PDFs rendered for real by WeasyPrint: A4, page numbers, shipped fonts, right-to-left."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.http import HttpRequest

from welcomehub.reports.pdf import (
    FONTS,
    PDF_TYPE,
    _LocalFetcher,
    html_document,
    pdf_bytes,
    pdf_response,
    render_html,
)
from welcomehub.reports.tables import Table

TABLE = Table(
    title="Needs by region",
    columns=["region", "needs"],
    rows=[["Europe", 12], ["Western Asia", None]],
    note="Cells under 5 are hidden.",
)


def _text(pdf: bytes) -> str | None:
    """The PDF's text by poppler's pdftotext, where it is installed."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(pdf)
        done = subprocess.run(  # noqa: S603 - poppler's tool, fixed arguments, no shell
            [tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
        )
    return done.stdout.decode("utf-8")


def _render(title: str, language: str) -> bytes:
    return pdf_bytes("reports/tables.html", {"title": title, "tables": [TABLE]}, language=language)


def _plain(title: str, language: str) -> bytes:
    """The same PDF without compressed streams, so its metadata and fonts can be read."""
    document = html_document(
        "reports/tables.html", {"title": title, "tables": [TABLE]}, language=language
    )
    pdf = document.write_pdf(uncompressed_pdf=True)
    assert pdf is not None
    return pdf


def test_pdf_is_a4_with_title_page_numbers_and_embedded_shipped_font() -> None:
    plain = _plain("Chart of needs and opportunities", "en")
    assert b"/Title (Chart of needs and opportunities)" in plain
    assert re.search(rb"/MediaBox \[\s*0 0 595\.\d+ 841\.\d+", plain)  # A4 in points
    assert re.search(rb"/BaseFont /[A-Z]{6}\+WH-Sans", plain)  # our font, embedded
    pdf = _render("Chart of needs and opportunities", "en")
    assert pdf.startswith(b"%PDF-")
    text = _text(pdf)
    if text is not None:
        assert "Chart of needs and opportunities" in text
        assert "Generated" in text
        assert re.search(r"1\s*/\s*1", text)
        assert "Western Asia" in text
        assert "Cells under 5 are hidden." in text


def test_arabic_and_dari_render_right_to_left_with_the_shipped_font() -> None:
    html = render_html("reports/tables.html", {"title": "خريطة", "tables": [TABLE]}, language="ar")
    assert '<html lang="ar" dir="rtl">' in html
    assert FONTS["regular"].as_uri() in html
    plain = _plain("خريطة الاحتياجات والفرص", "ar")
    fonts = set(re.findall(rb"/BaseFont /[A-Z]{6}\+([\w-]+)", plain))
    assert fonts == {b"WH-Sans", b"WH-Sans-Bold"}  # no system font was needed
    text = _text(_render("خريطة الاحتياجات والفرص", "ar"))
    if text is not None:
        # the words come back in logical order only when they were shaped right to left
        assert "خريطة" in text
        assert "والفرص" in text
    dari = render_html("reports/tables.html", {"title": "نقشه", "tables": []}, language="fa-af")
    assert 'dir="rtl"' in dari
    assert _render("نقشهٔ نیازها", "fa-af").startswith(b"%PDF-")


def test_cyrillic_in_ukrainian() -> None:
    title = "Карта потреб \u0456 можливостей"  # with the Ukrainian letter i (U+0456)
    pdf = _render(title, "uk")
    text = _text(pdf)
    assert pdf.startswith(b"%PDF-")
    if text is not None:
        assert title in text


def test_fonts_ship_inside_the_app() -> None:
    for path in FONTS.values():
        assert path.read_bytes()[:4] == b"\x00\x01\x00\x00"  # a TrueType file
    assert (FONTS["regular"].parent / "LICENSE").is_file()


def test_reports_never_fetch_outside_the_package() -> None:
    fetcher = _LocalFetcher()
    with pytest.raises(ValueError, match="may not read"):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("http://169.254.169.254/latest/meta-data/")
    assert fetcher.fetch(FONTS["bold"].as_uri()) is not None


def test_pdf_response_uses_the_request_language() -> None:
    request = HttpRequest()
    request.LANGUAGE_CODE = "ar"
    response = pdf_response(
        "reports/tables.html", {"title": "t", "tables": []}, "report.pdf", request
    )
    assert response["Content-Type"] == PDF_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert response.content.startswith(b"%PDF-")
