"""Small contract CSV files for the io and command tests."""

from __future__ import annotations

from pathlib import Path

CASES = (
    "case_id,size,school_age_children,needs,languages,nationality,family_location_id,"
    "preferred_location_ids\n"
    "A,4,2,medical,ar,SY,,L2\n"
    "B,3,1,,fa;en,AF,,\n"
    "C,2,0,wheelchair,uk,UA,L2,\n"
)
LOCATIONS = (
    "location_id,name,capacity_persons,capacity_school_places,capacity_medical_cases,"
    "services,languages,diaspora_nationalities\n"
    "L1,Lisboa,5,2,1,medical,ar,SY\n"
    'L2,"Porto, Norte",4,2,0,wheelchair;interpreter,fa,\n'
)
SCORES = "case_id,location_id,score\nA,L1,0.5\nB,L2,0.25\n"


def write(directory: Path, name: str, text: str | bytes) -> Path:
    path = directory / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def files(directory: Path, **overrides: str | bytes) -> dict[str, Path]:
    """cases/locations/scores paths, each with the good text unless overridden."""
    texts: dict[str, str | bytes] = {"cases": CASES, "locations": LOCATIONS, "scores": SCORES}
    texts.update(overrides)
    return {key: write(directory, f"{key}.csv", text) for key, text in texts.items()}
