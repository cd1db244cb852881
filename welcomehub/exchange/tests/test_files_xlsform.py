"""The questionnaire the project ships: built from its JSON, converted by pyxform."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from openpyxl import load_workbook
from pyxform.xls2xform import convert

from welcomehub.core import taxonomy
from welcomehub.exchange import xlsform

XF = "{http://www.w3.org/2002/xforms}"


def _sheets(content: bytes) -> dict[str, list[tuple[object, ...]]]:
    book = load_workbook(io.BytesIO(content))
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


def test_the_shipped_xlsform_is_what_the_spec_builds() -> None:
    shipped = _sheets(xlsform.XLSFORM_FILE.read_bytes())
    assert shipped == _sheets(xlsform.build_workbook()), (
        "run `python -m welcomehub.exchange.xlsform` after changing questionnaire.json"
    )
    assert list(shipped) == ["survey", "choices", "settings"]


def test_pyxform_converts_it_to_a_valid_xform() -> None:
    warnings: list[str] = []
    result = convert(xlsform.XLSFORM_FILE.read_bytes(), warnings=warnings)
    assert warnings == []
    root = ET.fromstring(result.xform)  # noqa: S314 - our own generated XForm  # nosec B314 - parses our own generated XML in a test
    binds = {b.get("nodeset"): b for b in root.iter(f"{XF}bind")}
    assert binds["/data/organisation/name"].get("required") == "true()"
    assert "/data/need_1/topics" in binds
    assert f"/data/offer_{xlsform.slots('offer')}/kind" in binds
    assert binds["/data/need_2"].get("relevant") == "../need_1/topics != ''"
    assert binds["/data/offer_1/kind"].get("required") == "../topics != ''"
    languages = {t.get("lang") for t in root.iter(f"{XF}translation")}
    assert languages == set(xlsform.spec()["languages"].values())


def test_codes_are_the_platforms() -> None:
    choices: dict[str, list[str]] = {}
    for row in xlsform.choice_rows():
        choices.setdefault(row[0], []).append(row[1])
    assert choices["topics"] == taxonomy.codes("exchange_topics")
    assert choices["modalities"] == taxonomy.codes("exchange_modalities")
    assert choices["countries"] == taxonomy.codes("countries")
    assert choices["twinning"] == ["none", "mentor", "mentee", "peer"]
    from welcomehub.exchange.models import OfferKind, Twinning

    assert choices["offer_kinds"] == [k.value for k in OfferKind]
    assert choices["twinning"] == [t.value for t in Twinning]


def test_every_label_is_in_six_languages() -> None:
    header = xlsform.survey_header()
    label_columns = [i for i, name in enumerate(header) if name.startswith("label::")]
    assert len(label_columns) == 6
    for row in xlsform.survey_rows():
        if row[0] not in ("start", "end", "end group"):
            assert all(row[i] for i in label_columns), row[:3]
    arabic = xlsform.choice_header().index("label::العربية (ar)")
    housing = next(r for r in xlsform.choice_rows() if r[:2] == ["topics", "housing"])
    assert housing[arabic] == taxonomy.entry("exchange_topics", "housing")["labels"]["ar"]
