"""Reading NEEDS.csv / OFFERS.csv: valid files parse, every problem names file, line, column."""

from __future__ import annotations

from pathlib import Path

import pytest

from welcomehub.exchange.io import ExchangeInputError, read_needs_and_offers
from welcomehub.exchange.matching import Need, Offer

from .csvfiles import HEADER, NEEDS, OFFERS, write


def test_valid_files_become_needs_and_offers(tmp_path: Path) -> None:
    needs, offers = read_needs_and_offers(
        write(tmp_path, "needs.csv", NEEDS), write(tmp_path, "offers.csv", OFFERS)
    )
    assert [type(n) for n in needs] == [Need, Need]
    assert [type(o) for o in offers] == [Offer] * 4
    assert needs[0].topics == ("housing", "employment")
    assert needs[1].modalities == ()
    assert "famílias numerosas" in needs[0].description
    assert offers[0].description.startswith("Study visits: how we find")


def test_codes_are_trimmed_folded_and_deduplicated(tmp_path: Path) -> None:
    row = "n1,Org,NGO,pt, Housing ;housing;;EMPLOYMENT,,EN,\n"
    needs, _ = read_needs_and_offers(
        write(tmp_path, "n.csv", HEADER + row), write(tmp_path, "o.csv", OFFERS)
    )
    assert needs[0].topics == ("housing", "employment")
    assert (needs[0].organisation_type, needs[0].country, needs[0].languages) == (
        "ngo",
        "PT",
        ("en",),
    )


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "n.csv", b"\xef\xbb\xbf" + NEEDS.encode())
    needs, _ = read_needs_and_offers(path, write(tmp_path, "o.csv", OFFERS))
    assert needs[0].id == "n1"


def _problems(tmp_path: Path, needs: str | bytes, offers: str | bytes = OFFERS) -> list[str]:
    with pytest.raises(ExchangeInputError) as caught:
        read_needs_and_offers(
            write(tmp_path, "needs.csv", needs), write(tmp_path, "offers.csv", offers)
        )
    # Problems name the file as it was given; strip the directory to compare.
    return [str(problem).removeprefix(f"{tmp_path}/") for problem in caught.value.problems]


BAD_INPUTS: dict[str, tuple[str | bytes, str]] = {
    "missing column": (
        HEADER.replace(",modalities", "") + "n1,Org,ngo,PT,housing,en,x\n",
        "needs.csv:1: column modalities: missing column",
    ),
    "unknown topic": (
        HEADER + "n1,Org,ngo,PT,housing;hosing,,en,x\n",
        "needs.csv:2: column topics: unknown topic 'hosing'; did you mean 'housing'?",
    ),
    "unknown modality": (
        HEADER + "n1,Org,ngo,PT,housing,webinar,en,x\n",
        "needs.csv:2: column modalities: unknown modality 'webinar'",
    ),
    "unknown organisation type": (
        HEADER + "n1,Org,charity,PT,housing,,en,x\n",
        "needs.csv:2: column organisation_type: unknown organisation type 'charity'",
    ),
    "unknown language": (
        HEADER + "n1,Org,ngo,PT,housing,,en;arabic,x\n",
        "needs.csv:2: column languages: unknown language code (ISO 639-1) 'arabic'",
    ),
    "bad country": (
        HEADER + "n1,Org,ngo,PRT,housing,,en,x\n",
        "needs.csv:2: column country: unknown country code 'PRT' (ISO 3166-1 alpha-2)",
    ),
    "duplicate id": (
        HEADER + "n1,Org,ngo,PT,housing,,en,x\nn1,Org,ngo,PT,health,,en,y\n",
        "needs.csv:3: column id: duplicate id 'n1' (first on line 2)",
    ),
    "empty required field": (
        HEADER + "n1,,ngo,PT,housing,,en,x\n",
        "needs.csv:2: column organisation: must not be empty",
    ),
    "unquoted comma": (
        HEADER + "n1,Org,ngo,PT,housing,,en,homes, jobs\n",
        "needs.csv:2: column description: 9 fields for 8 columns; quote text containing commas",
    ),
    "not utf-8": (
        (HEADER + "n1,Org,ngo,PT,housing,,fr,Formation au logement\n").encode("utf-8")
        + b"n2,Org,ngo,FR,housing,,fr,H\xe9bergement\n",
        "needs.csv:3: column description: not valid UTF-8 (byte 0xe9); save the file as UTF-8",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_names_file_line_and_column(tmp_path: Path, case: str) -> None:
    needs, expected = BAD_INPUTS[case]
    problems = _problems(tmp_path, needs)
    assert problems[0].startswith(expected)


def test_line_numbers_count_physical_lines_of_quoted_text(tmp_path: Path) -> None:
    text = HEADER + 'n1,Org,ngo,PT,housing,,en,"two\nlines"\nn2,Org,ngo,PT,hosing,,en,x\n'
    assert _problems(tmp_path, text)[0].startswith("needs.csv:4: column topics:")


def test_problems_of_both_files_are_reported_together(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        HEADER + "n1,Org,ngo,XX,housing,,en,x\n",
        HEADER + "o1,Org,ngo,PT,housing,,zz,x\n",
    )
    assert [p.split(": ")[0] for p in problems] == ["needs.csv:2", "offers.csv:2"]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ExchangeInputError, match=r"nope\.csv:0: column -: cannot read"):
        read_needs_and_offers(tmp_path / "nope.csv", write(tmp_path, "o.csv", OFFERS))
