"""Synthetic placement instances like those in the literature, with a planted placement.

Families of 1-8 persons (p = .30 .15 .15 .15 .12 .07 .04 .02, as in the research note),
three capacity dimensions (persons, school places, medical cases), the seven placement
services, consented family ties, stated preferences, and an expected outcome per pair
(logistic employment probability x adults). Every case is first planted at a random
compatible location (its family location if it has one); each location's capacities are
then 1.00-1.15 x what the planted placement uses there, so a placement of every person
exists and capacities are tight.

    python -m bench.placement.generate --cases 300 --locations 25 --seed 0 --out DIR

writes DIR/cases.csv, DIR/locations.csv and DIR/scores.csv for `welcomehub placement solve`.
"""

from __future__ import annotations

import argparse
import csv
import math
from pathlib import Path

import numpy as np

from welcomehub.placement.domain import Case, Instance, Location
from welcomehub.placement.io import CASE_COLUMNS, LOCATION_COLUMNS, SCORE_COLUMNS

SIZE_P = (0.30, 0.15, 0.15, 0.15, 0.12, 0.07, 0.04, 0.02)
NATIONALITIES = {
    "SY": ("ar",),
    "AF": ("fa", "ps"),
    "ER": ("ti",),
    "SO": ("so",),
    "UA": ("uk",),
    "CD": ("fr",),
    "VE": ("es",),
    "SD": ("ar",),
    "IQ": ("ar",),
}
NATIONALITY_P = (0.22, 0.2, 0.1, 0.08, 0.12, 0.08, 0.06, 0.07, 0.07)
LANGUAGES = ("ar", "fa", "ps", "ti", "so", "uk", "fr", "es")
# (need probability per case, service probability per location)
SERVICES = {
    "medical": (0.15, 0.85),
    "wheelchair": (0.03, 0.6),
    "mental_health": (0.08, 0.8),
    "single_parent_support": (0.05, 0.75),
    "unaccompanied_minor": (0.0, 0.5),
    "interpreter": (0.10, 0.9),
    "large_housing": (0.0, 0.7),
}


def _case_needs(rng: np.random.Generator, size: int) -> frozenset[str]:
    needs = {code for code, (p, _) in SERVICES.items() if rng.random() < p}
    if size >= 6:
        needs.add("large_housing")
    if size == 1 and rng.random() < 0.03:
        needs.add("unaccompanied_minor")
    if size == 1:
        needs.discard("single_parent_support")
    return frozenset(needs)


def _locations(rng: np.random.Generator, n: int) -> list[Location]:
    locations = []
    for index in range(n):
        services = frozenset(code for code, (_, p) in SERVICES.items() if rng.random() < p)
        languages = {"en"} | set(rng.choice(LANGUAGES, size=rng.integers(1, 4), replace=False))
        diaspora = set(rng.choice(list(NATIONALITIES), size=rng.integers(0, 4), replace=False))
        locations.append(
            Location(
                location_id=f"L{index:04d}",
                name=f"Location {index}",
                services=services,
                languages=frozenset(str(code) for code in languages),
                diaspora_nationalities=frozenset(str(code) for code in diaspora),
            )
        )
    return locations


def _cases(rng: np.random.Generator, n: int, n_locations: int) -> list[Case]:
    cases = []
    for index in range(n):
        size = int(rng.choice(8, p=SIZE_P)) + 1
        children = int(rng.binomial(max(size - 2, 0), 0.6)) if size > 1 else 0
        nationality = str(rng.choice(list(NATIONALITIES), p=NATIONALITY_P))
        languages = set(NATIONALITIES[nationality])
        if rng.random() < 0.3:
            languages.add(str(rng.choice(["en", "fr"])))
        preferred: tuple[str, ...] = ()
        if rng.random() < 0.2:
            count = int(rng.integers(1, 4))
            chosen = rng.choice(n_locations, size=count, replace=False)
            preferred = tuple(f"L{int(c):04d}" for c in chosen)
        cases.append(
            Case(
                case_id=f"C{index:05d}",
                size=size,
                school_age_children=children,
                needs=_case_needs(rng, size),
                languages=frozenset(languages),
                nationality=nationality,
                preferred_location_ids=preferred,
            )
        )
    return cases


def generate(
    n_cases: int, n_locations: int, seed: int = 0, tie_share: float = 0.05
) -> tuple[Instance, dict[str, str]]:
    """An instance and its planted placement (case_id -> location_id)."""
    rng = np.random.default_rng(seed)
    locations = _locations(rng, n_locations)
    cases = _cases(rng, n_cases, n_locations)
    weight = rng.dirichlet(np.full(n_locations, 2.0))
    services = [loc.services for loc in locations]
    planted: dict[str, str] = {}
    load = np.zeros((n_locations, 3), dtype=np.int64)
    tied_cases = []
    for case in cases:
        ok = np.array([case.needs <= s for s in services])
        if not ok.any():  # keep every case placeable: give one location the services
            column = int(rng.integers(n_locations))
            loc = locations[column]
            locations[column] = _with_services(loc, loc.services | case.needs)
            services[column] = locations[column].services
            ok[column] = True
        p = np.where(ok, weight, 0.0)
        column = int(rng.choice(n_locations, p=p / p.sum()))
        planted[case.case_id] = locations[column].location_id
        load[column] += case.demand
        if rng.random() < tie_share:
            tied_cases.append(case.case_id)
    tied = set(tied_cases)
    cases = [_with_family(c, planted[c.case_id]) if c.case_id in tied else c for c in cases]
    factor = rng.uniform(1.0, 1.15, size=n_locations)
    locations = [
        _with_capacity(loc, [math.ceil(factor[j] * load[j, d]) for d in range(3)])
        for j, loc in enumerate(locations)
    ]
    scores = _scores(rng, cases, locations)
    return Instance(cases=tuple(cases), locations=tuple(locations), scores=scores), planted


def _with_services(loc: Location, services: frozenset[str]) -> Location:
    return Location(
        loc.location_id,
        loc.name,
        services=services,
        languages=loc.languages,
        diaspora_nationalities=loc.diaspora_nationalities,
    )


def _with_family(case: Case, location_id: str) -> Case:
    return Case(
        case.case_id,
        case.size,
        case.school_age_children,
        case.needs,
        case.languages,
        case.nationality,
        family_location_id=location_id,
        preferred_location_ids=case.preferred_location_ids,
    )


def _with_capacity(loc: Location, capacity: list[int]) -> Location:
    return Location(
        loc.location_id,
        loc.name,
        capacity_persons=capacity[0],
        capacity_school_places=capacity[1],
        capacity_medical_cases=capacity[2],
        services=loc.services,
        languages=loc.languages,
        diaspora_nationalities=loc.diaspora_nationalities,
    )


def _scores(rng: np.random.Generator, cases: list[Case], locations: list[Location]) -> np.ndarray:
    """Expected adults employed: logistic probability x adults (GeoMatch/Annie style)."""
    n, m = len(cases), len(locations)
    alpha = rng.normal(-0.5, 0.8, size=n)
    beta = rng.normal(0.0, 0.5, size=m)
    language = np.array([[bool(c.languages & loc.languages) for loc in locations] for c in cases])
    diaspora = np.array(
        [[c.nationality in loc.diaspora_nationalities for loc in locations] for c in cases]
    )
    logit = alpha[:, None] + beta[None, :] + 0.4 * language + 0.3 * diaspora
    logit += rng.normal(0.0, 0.3, size=(n, m))
    adults = np.array([max(c.size - c.school_age_children, 1) for c in cases], dtype=float)
    return np.round(adults[:, None] / (1.0 + np.exp(-logit)), 4)


def unit_instance(n_cases: int, n_locations: int, seed: int = 0) -> Instance:
    """Single persons, one binding capacity (persons), planted and tight like `generate`."""
    rng = np.random.default_rng(seed)
    locations = _locations(rng, n_locations)
    nationalities = list(NATIONALITIES)
    cases = [
        Case(
            case_id=f"P{index:05d}",
            size=1,
            needs=frozenset({"interpreter"}) if rng.random() < 0.1 else frozenset(),
            languages=frozenset(NATIONALITIES[nat]),
            nationality=nat,
        )
        for index, nat in enumerate(str(x) for x in rng.choice(nationalities, size=n_cases))
    ]
    weight = rng.dirichlet(np.full(n_locations, 2.0))
    load = np.bincount(rng.choice(n_locations, size=n_cases, p=weight), minlength=n_locations)
    factor = rng.uniform(1.0, 1.15, size=n_locations)
    locations = [
        _with_capacity(loc, [math.ceil(factor[j] * load[j]), 0, 0])
        for j, loc in enumerate(locations)
    ]
    return Instance(
        cases=tuple(cases), locations=tuple(locations), scores=_scores(rng, cases, locations)
    )


def write_csv(instance: Instance, out: Path) -> None:
    """The three CSV files of the DESIGN §4 contract."""
    out.mkdir(parents=True, exist_ok=True)

    def join(items: frozenset[str] | tuple[str, ...]) -> str:
        return ";".join(sorted(items) if isinstance(items, frozenset) else items)

    with (out / "cases.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CASE_COLUMNS)
        for c in instance.cases:
            writer.writerow(
                (
                    *(c.case_id, c.size, c.school_age_children, join(c.needs)),
                    *(join(c.languages), c.nationality, c.family_location_id or ""),
                    join(c.preferred_location_ids),
                )
            )
    with (out / "locations.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(LOCATION_COLUMNS)
        for loc in instance.locations:
            writer.writerow(
                (
                    *(loc.location_id, loc.name, *loc.capacity, join(loc.services)),
                    *(join(loc.languages), join(loc.diaspora_nationalities)),
                )
            )
    if instance.scores is None:
        return
    with (out / "scores.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(SCORE_COLUMNS)
        for row, case in enumerate(instance.cases):
            for column, loc in enumerate(instance.locations):
                if case.needs <= loc.services:
                    writer.writerow((case.case_id, loc.location_id, instance.scores[row, column]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--locations", type=int, default=25)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--unit", action="store_true", help="single persons, one capacity")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.unit:
        instance = unit_instance(args.cases, args.locations, args.seed)
    else:
        instance, _ = generate(args.cases, args.locations, args.seed)
    write_csv(instance, args.out)


if __name__ == "__main__":
    main()
