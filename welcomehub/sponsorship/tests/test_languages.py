"""The sponsor's page in Arabic (right to left) and Dari: the app's own catalogue is used."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from conftest import World
from welcomehub.sponsorship.tests.support import Sponsoring

LOCALE = Path(__file__).resolve().parents[1] / "locale"


@pytest.mark.parametrize(
    ("language", "locale", "heading"),
    [("ar", "ar", "مجموعة الكفالة الخاصة بي"), ("fa-af", "fa_AF", "گروه کفالت من")],
)
def test_my_sponsor_group_speaks_right_to_left_languages(
    world: World, sponsoring: Sponsoring, language: str, locale: str, heading: str
) -> None:
    if not (LOCALE / locale / "LC_MESSAGES" / "django.mo").exists():
        pytest.skip("compiled catalogues missing: `make messages` compiles them before tests")
    client = world.client(world.users["sponsor"])
    body = client.get(reverse("sponsorship:mine"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert 'dir="rtl"' in body
    assert heading in body
    assert "Lisboa Welcome" in body
