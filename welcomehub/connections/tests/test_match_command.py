"""`welcomehub connections match` end to end: the JSON contract, and exit 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from welcomehub.connections.management.commands.connections import Command

H = "household_id,preferences\nh1,m1;m2\nh2,m1\nh3,m2;m1\n"
M = "mentor_id,capacity,preferences\nm1,1,h2;h1\nm2,1,\n"


def _run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = 0
    try:
        Command().run_from_argv(["welcomehub", "connections", "match", *map(str, args)])
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _files(tmp_path: Path, h: str, m: str) -> tuple[Path, Path]:
    (tmp_path / "H.csv").write_text(h, encoding="utf-8")
    (tmp_path / "M.csv").write_text(m, encoding="utf-8")
    return tmp_path / "H.csv", tmp_path / "M.csv"


def test_stable_mode_prints_the_contract(tmp_path: Path, capsys) -> None:
    h, m = _files(tmp_path, H, M)
    code, out, err = _run(capsys, "--households", h, "--mentors", m, "--mode", "stable",
                          "--format", "json")  # fmt: skip
    assert (code, err) == (0, "")
    payload = json.loads(out)
    assert list(payload) == ["pairs", "blocking_pairs", "unmatched_households"]
    assert payload["pairs"] == [
        {"household_id": "h1", "mentor_id": "m2"},
        {"household_id": "h2", "mentor_id": "m1"},
    ]
    assert payload["blocking_pairs"] == 0
    assert payload["unmatched_households"] == ["h3"]


def test_weighted_mode_fills_capacity(tmp_path: Path, capsys) -> None:
    h, m = _files(tmp_path, H, M)
    code, out, _ = _run(capsys, "--households", h, "--mentors", m, "--mode", "weighted")
    payload = json.loads(out)
    assert code == 0
    assert len(payload["pairs"]) == 2
    assert len(payload["unmatched_households"]) == 1
    assert payload["blocking_pairs"] >= 0


BAD = {
    "capacity": (H, "mentor_id,capacity,preferences\nm1,one,\nm2,1,\n", "M.csv:2: column capacity"),
    "unknown mentor": ("household_id,preferences\nh1,m9\n", M, "H.csv:2: column preferences"),
    "duplicate": ("household_id,preferences\nh1,m1\nh1,m2\n", M, "H.csv:3: column household_id"),
    "missing column": ("household,preferences\nh1,m1\n", M, "H.csv:1: column household_id"),
    "short row": (H, "mentor_id,capacity,preferences\nm1,1\n", "M.csv:2: column -"),
    "unknown household": (
        H,
        "mentor_id,capacity,preferences\nm1,1,h7\nm2,1,\n",
        "M.csv:2: column preferences",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_exits_2_naming_file_line_column(tmp_path: Path, capsys, case: str) -> None:
    h_text, m_text, expected = BAD[case]
    h, m = _files(tmp_path, h_text, m_text)
    code, out, err = _run(capsys, "--households", h, "--mentors", m, "--mode", "stable")
    assert code == 2
    assert out == ""
    assert expected in err


def test_missing_file_exits_2(tmp_path: Path, capsys) -> None:
    code, out, err = _run(capsys, "--households", tmp_path / "no.csv", "--mentors",
                          tmp_path / "none.csv", "--mode", "weighted")  # fmt: skip
    assert (code, out) == (2, "")
    assert "no.csv:0: column -: file not found" in err


@pytest.mark.django_db
def test_alerts_subcommand_runs_and_queues(world, capsys) -> None:
    from django.core.management import call_command

    call_command("connections", "alerts")
    assert "0 clearances alerted" in capsys.readouterr().out
    call_command("connections", "alerts", "--enqueue")
    assert "queued" in capsys.readouterr().out
