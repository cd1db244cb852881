"""The optional flags of `welcomehub placement solve`: locks, bars, fairness, alternatives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from welcomehub.placement.management.commands.placement import Command

from .csvfiles import files, write


def _run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = 0
    try:
        Command().run_from_argv(["welcomehub", "placement", "solve", *map(str, args)])
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _base(paths: dict[str, Path]) -> list[str | Path]:
    return ["--cases", paths["cases"], "--locations", paths["locations"], "--time-limit", "5"]


def test_a_lock_and_a_bar_from_pair_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = files(tmp_path)
    # Without flags B goes to L2 (more persons than C there); lock C to L2, bar B from L1.
    locks = write(tmp_path, "locks.csv", "case_id,location_id\nC,L2\n")
    bars = write(tmp_path, "bars.csv", "case_id,location_id\nB,L1\n")
    code, out, err = _run(capsys, *_base(paths), "--locks", locks, "--bars", bars, "--alternatives")
    assert (code, err) == (0, "")
    payload = json.loads(out)
    placed = {item["case_id"]: item["location_id"] for item in payload["assignments"]}
    assert placed == {"A": "L1", "C": "L2"}
    assert payload["explanations"]["C"]["locked"] is True
    assert payload["unplaced"] == ["B"]
    assert set(payload["alternatives"]) == {"A", "B", "C"}
    assert list(payload)[:6] == ["status", "objective", "bound", "gap", "assignments", "unplaced"]


def test_fairness_flags_report_their_cost(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = files(tmp_path)
    code, out, err = _run(
        capsys,
        *_base(paths),
        "--min-top-preference-share",
        "1",
        "--group-floor",
        "nationality:AF=0.5",
    )
    assert (code, err) == (0, "")
    payload = json.loads(out)
    assert set(payload["constraint_costs"]) == {"min_top_preference_share", "nationality:AF"}


@pytest.mark.parametrize(
    ("flag", "text", "message"),
    [
        ("--locks", "case_id,location_id\nZ,L1\n", "locks.csv:2: column case_id: unknown case 'Z'"),
        (
            "--locks",
            "case_id,location_id\nA,L1\nA,L2\n",
            "locks.csv:3: column case_id: second lock",
        ),
        ("--bars", "case_id,location\nA,L1\n", "bars.csv:1: column location_id: missing column"),
        (
            "--bars",
            "case_id,location_id\nA,L9\n",
            "bars.csv:2: column location_id: unknown location",
        ),
    ],
)
def test_bad_pair_files_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str, text: str, message: str
) -> None:
    paths = files(tmp_path)
    name = "locks.csv" if flag == "--locks" else "bars.csv"
    code, out, err = _run(capsys, *_base(paths), flag, write(tmp_path, name, text))
    assert code == 2
    assert out == ""
    assert message in err


def test_bad_fairness_values_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = files(tmp_path)
    for args in (("--min-top-preference-share", "1.5"), ("--group-floor", "age:40=1")):
        code, out, err = _run(capsys, *_base(paths), *args)
        assert code == 2
        assert out == ""
        assert "invalid" in err
