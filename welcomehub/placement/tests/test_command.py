"""`welcomehub placement solve` end to end: the DESIGN §4 JSON, and exit 2 on bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from welcomehub.placement.management.commands.placement import Command

from .csvfiles import files
from .test_io import BAD_INPUTS

CONTRACT_KEYS = ["status", "objective", "bound", "gap", "assignments", "unplaced"]


def _run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    argv = ["welcomehub", "placement", "solve", *map(str, args)]
    code = 0
    try:
        Command().run_from_argv(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _arguments(paths: dict[str, Path], *, scores: bool = True) -> list[str | Path]:
    args: list[str | Path] = ["--cases", paths["cases"], "--locations", paths["locations"]]
    if scores:
        args += ["--scores", paths["scores"]]
    return [*args, "--time-limit", "5", "--format", "json"]


def _check_contract(payload: dict[str, object]) -> None:
    assert list(payload) == [*CONTRACT_KEYS, "explanations"]
    assert payload["status"] in {"optimal", "feasible", "infeasible"}
    for key in ("objective", "bound", "gap"):
        assert isinstance(payload[key], float)
    assignments = payload["assignments"]
    assert isinstance(assignments, list)
    for item in assignments:
        assert set(item) == {"case_id", "location_id"}
    assert all(isinstance(case_id, str) for case_id in payload["unplaced"])  # type: ignore[attr-defined]


def test_solve_prints_the_contract_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, *_arguments(files(tmp_path)))
    assert (code, err) == (0, "")
    payload = json.loads(out)
    _check_contract(payload)
    # A (4, medical) only fits L1; B (3) and C (2, tied to L2) cannot share L2 (4 persons):
    # B places more persons; the given scores are A/L1 0.5 and B/L2 0.25.
    assert payload["status"] == "optimal"
    assert payload["assignments"] == [
        {"case_id": "A", "location_id": "L1"},
        {"case_id": "B", "location_id": "L2"},
    ]
    assert payload["unplaced"] == ["C"]
    assert payload["objective"] == pytest.approx(0.75)
    assert payload["bound"] == pytest.approx(0.75)
    assert payload["gap"] == pytest.approx(0.0, abs=1e-9)
    assert payload["explanations"]["C"]["reason"] == "family_location_lacks_capacity"
    assert payload["explanations"]["A"]["breakdown"] == {"expected_outcome": 0.5}


def test_without_scores_the_rule_score_is_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, *_arguments(files(tmp_path), scores=False))
    payload = json.loads(out)
    assert code == 0
    # A at L1: language ar + community SY = 2; B at L2: language fa = 1.
    assert payload["objective"] == pytest.approx(3.0)
    assert payload["explanations"]["B"]["breakdown"]["language"] == 1.0


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_exits_2_with_file_line_column_and_empty_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    file, text, line, column = BAD_INPUTS[case]
    paths = files(tmp_path, **{file: text})
    code, out, err = _run(capsys, *_arguments(paths))
    assert code == 2
    assert out == ""
    assert err.startswith(f"{paths[file]}:{line}: column {column}: ")


def test_call_command_raises_command_error_with_returncode_2(tmp_path: Path) -> None:
    paths = files(tmp_path, cases=BAD_INPUTS["unknown need"][1])
    with pytest.raises(CommandError) as raised:
        call_command("placement", "solve", *map(str, _arguments(paths)))
    assert raised.value.returncode == 2


def test_console_script(tmp_path: Path) -> None:
    script = shutil.which("welcomehub", path=str(Path(sys.executable).parent))
    assert script is not None
    good = files(tmp_path)
    done = subprocess.run(  # noqa: S603 - our own console script
        [script, "placement", "solve", *map(str, _arguments(good))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    _check_contract(json.loads(done.stdout))
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    bad = files(bad_dir, locations=BAD_INPUTS["negative capacity"][1])
    failed = subprocess.run(  # noqa: S603 - our own console script
        [script, "placement", "solve", *map(str, _arguments(bad))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert failed.returncode == 2
    assert failed.stdout == ""
    assert (
        failed.stderr
        == f"{bad['locations']}:2: column capacity_persons: -5 is below the minimum of 0\n"
    )
