"""The health check for load balancers, and the `welcomehub` command line."""

from __future__ import annotations

import pytest
from django.test import Client

from welcomehub import cli
from welcomehub.core import views


@pytest.mark.django_db
def test_health_answers_ok_json() -> None:
    """/health/ answers 200 JSON naming the database as ok, without signing in."""
    response = Client().get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["database"] == "ok"
    assert response.json()["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_only_answers_get() -> None:
    """/health/ refuses writes."""
    assert Client().post("/health/").status_code == 405


def test_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    """`welcomehub --help` exits 0 and names every subcommand."""
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    usage = out.splitlines()[0]
    for command in [*cli.SHORTCUTS, "manage"]:
        assert command in usage
        assert f"\n  {command} " in out


def test_unknown_command_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown subcommand is a usage error: exit status 2 and a message on stderr."""
    assert cli.main(["frobnicate"]) == 2
    assert "frobnicate" in capsys.readouterr().err


def test_manage_runs_django_commands(capsys: pytest.CaptureFixture[str]) -> None:
    """`welcomehub manage check` runs Django's system checks and exits 0."""
    assert cli.main(["manage", "check"]) == 0
    assert "no issues" in capsys.readouterr().out


def test_failing_command_returns_its_status(capsys: pytest.CaptureFixture[str]) -> None:
    """A command that fails returns a non-zero status instead of raising."""
    assert cli.main(["token", "revoke"]) == 2
    assert "--prefix" in capsys.readouterr().err


@pytest.mark.django_db
def test_health_reports_a_database_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the database does not answer, /health/ says so with 503."""

    class Broken:
        vendor = "broken"

        def cursor(self) -> None:
            raise OSError("connection refused")

    monkeypatch.setattr(views, "connection", Broken())
    response = Client().get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
