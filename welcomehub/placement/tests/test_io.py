"""Reading and validating the contract's CSV files (no database)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from welcomehub.placement.io import InputError, placement_codes, read_instance

from .csvfiles import CASES, LOCATIONS, SCORES, files

# name: (file, replacement text, expected line, expected column)
BAD_INPUTS: dict[str, tuple[str, str | bytes, int, str]] = {
    "missing column": ("cases", CASES.replace(",needs,", ",").replace("medical,", ""), 1, "needs"),
    "unknown need": ("cases", CASES.replace("B,3,1,,", "B,3,1,dental,"), 3, "needs"),
    "unknown service": ("locations", LOCATIONS.replace(",medical,", ",clinic,"), 2, "services"),
    "negative capacity": ("locations", LOCATIONS.replace("L1,Lisboa,5", "L1,Lisboa,-5"), 2,
                          "capacity_persons"),
    "non-integer capacity": ("locations", LOCATIONS.replace(",4,2,0,", ",4.5,2,0,"), 3,
                             "capacity_persons"),
    "non-integer size": ("cases", CASES.replace("B,3,", "B,2.5,"), 3, "size"),
    "negative size": ("cases", CASES.replace("C,2,", "C,-2,"), 4, "size"),
    "duplicate case": ("cases", CASES.replace("C,2,0", "A,2,0"), 4, "case_id"),
    "duplicate location": ("locations", LOCATIONS.replace("L2,", "L1,", 1), 3, "location_id"),
    "unknown family location": ("cases", CASES.replace(",L2,\n", ",L9,\n"), 4,
                                "family_location_id"),
    "unknown preferred location": ("cases", CASES.replace(",,L2\n", ",,L2;L7\n"), 2,
                                   "preferred_location_ids"),
    "score for unknown case": ("scores", SCORES + "Z,L1,1\n", 4, "case_id"),
    "score for unknown location": ("scores", SCORES + "A,L5,1\n", 4, "location_id"),
    "score not a number": ("scores", SCORES.replace("0.25", "high"), 3, "score"),
    "second score for a pair": ("scores", SCORES + "A,L1,0.7\n", 4, "location_id"),
    "children above size": ("cases", CASES.replace("C,2,0", "C,2,3"), 4, "school_age_children"),
    "wrong field count": ("cases", CASES.replace("B,3,1,,fa;en,AF,,", "B,3,1"), 3, "needs"),
    "not utf-8": ("cases", CASES.replace("UA,L2", "Ukra\xefne,L2").encode("latin-1"), 4,
                  "nationality"),
    "empty file": ("locations", "", 1, "location_id"),
}  # fmt: skip


def _read(paths: dict[str, Path]) -> object:
    return read_instance(paths["cases"], paths["locations"], paths["scores"])


def test_reads_the_contract_files(tmp_path: Path) -> None:
    instance = read_instance(**files(tmp_path))
    a, b, c = instance.cases
    assert (a.case_id, a.size, a.school_age_children, a.needs) == ("A", 4, 2, {"medical"})
    assert a.preferred_location_ids == ("L2",)
    assert b.needs == frozenset()
    assert b.languages == {"fa", "en"}
    assert c.family_location_id == "L2"
    l1, l2 = instance.locations
    assert l1.capacity == (5, 2, 1)
    assert l2.name == "Porto, Norte"
    assert l2.services == {"wheelchair", "interpreter"}
    assert l2.diaspora_nationalities == frozenset()
    assert instance.scores is not None
    assert instance.scores[0, 0] == 0.5
    assert instance.scores[1, 1] == 0.25
    assert math.isnan(instance.scores[2, 1])


def test_scores_are_optional_and_extra_columns_blank_lines_and_bom_are_fine(
    tmp_path: Path,
) -> None:
    cases = "\ufeff" + CASES.replace("preferred_location_ids\n", "preferred_location_ids,note\n")
    cases = (
        cases.replace(",L2\n", ",L2,x\n").replace(",,\n", ",,,y\n").replace(",L2,\n", ",L2,,z\n")
    )
    paths = files(tmp_path, cases=cases + "\n\n")
    instance = read_instance(paths["cases"], paths["locations"])
    assert [case.case_id for case in instance.cases] == ["A", "B", "C"]
    assert instance.scores is None


def test_codes_come_from_the_reference_file() -> None:
    assert placement_codes() == {
        "medical",
        "wheelchair",
        "large_housing",
        "mental_health",
        "single_parent_support",
        "unaccompanied_minor",
        "interpreter",
    }


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_names_file_line_and_column(tmp_path: Path, case: str) -> None:
    file, text, line, column = BAD_INPUTS[case]
    paths = files(tmp_path, **{file: text})
    with pytest.raises(InputError) as raised:
        _read(paths)
    error = raised.value
    assert (Path(error.file).name, error.line, error.column) == (f"{file}.csv", line, column)
    assert str(error).startswith(f"{paths[file]}:{line}: column {column}: ")
