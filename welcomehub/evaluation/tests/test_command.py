"""`welcomehub manage evaluation_frameworks`: reload the shipped banks, import a template."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from conftest import World
from welcomehub.evaluation.models import Framework, Item

pytestmark = pytest.mark.django_db


def test_reload_reports_each_bank(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("evaluation_frameworks")
    assert "welcomehub 2026.11.1: 72 items" in capsys.readouterr().out


def test_import_writes_a_good_file(world: World, tmp_path: Path) -> None:
    path = tmp_path / "national.csv"
    path.write_text(
        "area,area_title,code,dimension,tier,text\n"
        "gov,Governance,g.1,policy,essential,A national plan exists\n",
        encoding="utf-8",
    )
    call_command(
        "evaluation_frameworks",
        "--import",
        str(path),
        "--organisation",
        world.org_a.name,
        "--code",
        "national",
        "--bank-version",
        "1",
        "--title",
        "National template",
    )
    assert Item.objects.filter(framework__code="national").count() == 1


def test_import_of_a_bad_file_names_file_and_line_and_writes_nothing(
    world: World, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "area,area_title,code,dimension,tier,text\n"
        "gov,Governance,g.1,policy,essential,Fine\n"
        "gov,Governance,g.2,laws,essential,Bad dimension\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as caught:
        call_command(
            "evaluation_frameworks",
            "--import",
            str(path),
            "--organisation",
            world.org_a.name,
            "--code",
            "national",
            "--bank-version",
            "1",
            "--title",
            "National template",
        )
    assert caught.value.returncode == 2
    assert f"{path}: line 3: column dimension: 'laws'" in str(caught.value)
    assert not Framework.objects.filter(code="national").exists()
