"""Small CSV files in the DESIGN §4 contract, for the reader and command tests."""

from __future__ import annotations

from pathlib import Path

HEADER = "id,organisation,organisation_type,country,topics,modalities,languages,description\n"
NEEDS = HEADER + (
    "n1,Câmara de Braga,municipality,PT,housing;employment,study_visit,pt;en,"
    '"Queremos visitar uma cidade que encontra casas para famílias numerosas"\n'
    "n2,Refugee Voices,refugee_led,IE,funding,,en,Travel grants to attend a conference\n"
)
OFFERS = HEADER + (
    "o1,City of Winnipeg,municipality,CA,housing,study_visit,en;fr,"
    '"Study visits: how we find rental homes for large families, with landlords"\n'
    "o2,Câmara de Braga,municipality,PT,housing,study_visit,pt,Visitas de estudo sobre habitação\n"
    "o3,Mobility Fund,private,US,funding,funding,en,"
    "Travel grants for NGO staff from emerging countries\n"
    "o4,Data Lab,academic,SE,data_protection,advice,en,Data protection impact assessments\n"
)


def write(directory: Path, name: str, text: str | bytes) -> Path:
    path = directory / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
