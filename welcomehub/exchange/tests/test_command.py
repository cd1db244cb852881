"""`welcomehub exchange match` end to end: the DESIGN §4 output, and exit 2 on bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from welcomehub.exchange.management.commands.exchange import Command

from .csvfiles import HEADER, NEEDS, OFFERS, write
from .test_io import BAD_INPUTS


def _run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    argv = ["welcomehub", "exchange", "match", *map(str, args)]
    code = 0
    try:
        Command().run_from_argv(argv)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_match_prints_the_contract_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    needs = write(tmp_path, "needs.csv", NEEDS)
    offers = write(tmp_path, "offers.csv", OFFERS)
    code, out, err = _run(
        capsys, "--needs", needs, "--offers", offers, "--top", "2", "--format", "json",
        "--encoder", "lexical",
    )  # fmt: skip
    assert (code, err) == (0, "")
    payload = json.loads(out)
    assert list(payload) == ["matches"]
    assert [m["need_id"] for m in payload["matches"]] == ["n1", "n2"]
    housing, funding = payload["matches"]
    assert [o["offer_id"] for o in housing["offers"]] == ["o1"]  # o2 is n1's own organisation
    assert [o["offer_id"] for o in funding["offers"]] == ["o3"]
    for match in payload["matches"]:
        assert len(match["offers"]) <= 2
        for suggestion in match["offers"]:
            assert set(suggestion) == {"offer_id", "score", "reasons"}
            assert isinstance(suggestion["score"], float)
            assert suggestion["reasons"]
    assert housing["offers"][0]["reasons"][:2] == [
        "same topic: housing",
        "offers study visit, which the need asks for",
    ]


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_exits_2_with_file_line_column_and_empty_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    needs_text, expected = BAD_INPUTS[case]
    needs = write(tmp_path, "needs.csv", needs_text)
    offers = write(tmp_path, "offers.csv", OFFERS)
    code, out, err = _run(capsys, "--needs", needs, "--offers", offers, "--top", "3")
    assert code == 2
    assert out == ""
    assert err.startswith(f"{tmp_path}/{expected}")
    assert not list(tmp_path.glob("*cache*"))


def test_bad_offers_file_is_named_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    needs = write(tmp_path, "needs.csv", NEEDS)
    offers = write(tmp_path, "offers.csv", HEADER + "o1,Org,ngo,PT,housing,,xx,x\n")
    code, out, err = _run(capsys, "--needs", needs, "--offers", offers, "--top", "3")
    assert (code, out) == (2, "")
    assert err == f"{offers}:2: column languages: unknown language code (ISO 639-1) 'xx'\n"


def test_installed_console_script(tmp_path: Path) -> None:
    """The real `welcomehub` entry point, in a separate process, both ways."""
    executable = shutil.which("welcomehub", path=str(Path(sys.executable).parent))
    assert executable, "the welcomehub console script is not installed in this environment"
    needs = write(tmp_path, "needs.csv", NEEDS)
    offers = write(tmp_path, "offers.csv", OFFERS)
    command = [executable, "exchange", "match", "--needs", str(needs), "--offers"]
    good = subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [*command, str(offers), "--top", "1", "--format", "json", "--encoder", "lexical"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["matches"][0]["offers"][0]["offer_id"] == "o1"
    bad_offers = write(tmp_path, "bad.csv", HEADER + "o1,Org,ngo,PT,hosing,,en,x\n")
    bad = subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [*command, str(bad_offers), "--top", "1", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr.startswith(f"{bad_offers}:2: column topics: unknown topic 'hosing'")
