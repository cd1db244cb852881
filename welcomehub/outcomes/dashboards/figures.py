"""Programme dashboards: distance travelled per domain, broken down, every figure protected.

One SQL aggregation per page over `DomainChange` (one row per person and domain measured
at baseline and later), joined to the person and household for the breakdown, and
limited to people with an active consent to aggregate statistics. In Python, each
domain's breakdown becomes a table of counts (groups x improved / not improved) that
`protect_table` suppresses; the means of a group are shown only beside its shown count.

The "all" figures of a domain are the margins of every breakdown, so they are protected
once on their own (`_overall`) and every breakdown must agree with that: a breakdown whose
protection would hide more of them is hidden whole (decision record 0017).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import astuple, dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import (
    Count,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    Q,
    Sum,
)
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from welcomehub.core import taxonomy
from welcomehub.core.disclosure import ProtectedTable, min_cell_threshold, protect_table
from welcomehub.core.models import AuditEvent
from welcomehub.outcomes import facts
from welcomehub.outcomes.models import DomainChange
from welcomehub.programmes.models import Place, Programme

CACHE_SECONDS = 600
AUDITED = ("people.person", "people.household", "people.consent")
UNKNOWN = "unknown"
DIMENSIONS = {
    "cohort": gettext_lazy("Arrival year"),
    "location": gettext_lazy("Location"),
    "pathway": gettext_lazy("Pathway"),
    "sex": gettext_lazy("Sex"),
    "age_band": gettext_lazy("Age at arrival"),
}
# (code, lowest age, highest age): age at arrival, i.e. arrival year minus birth year.
AGE_BANDS = (
    ("0-17", 0, 17),
    ("18-24", 18, 24),
    ("25-34", 25, 34),
    ("35-49", 35, 49),
    ("50-64", 50, 64),
    ("65+", 65, 200),
)


@dataclass(frozen=True)
class Filters:
    dimension: str = "location"
    cohort: int | None = None
    pathway: str = ""


@dataclass(frozen=True)
class Sums:
    """What the database adds up for one group in one domain."""

    n: int = 0
    improved: int = 0
    baseline: float = 0.0
    latest: float = 0.0
    change: float = 0.0

    def __add__(self, other: Sums) -> Sums:
        return Sums(
            self.n + other.n,
            self.improved + other.improved,
            self.baseline + other.baseline,
            self.latest + other.latest,
            self.change + other.change,
        )


@dataclass(frozen=True)
class Figure:
    """Published figures of one group in one domain; None: hidden (or nothing to show)."""

    n: int | None
    improved_share: float | None  # percent of n whose score went up
    baseline: float | None  # mean scores on 0-100
    latest: float | None
    change: float | None  # mean of each person's latest minus their own baseline

    @property
    def hidden(self) -> bool:
        return self.n is None


HIDDEN = Figure(None, None, None, None, None)


@dataclass(frozen=True)
class DomainRow:
    domain: str
    name: str
    group: str
    total: Figure
    groups: list[Figure]  # one per Dashboard.groups, same order


@dataclass(frozen=True)
class Dashboard:
    programme: Programme
    filters: Filters
    k: int
    groups: list[str]  # labels of the breakdown's groups
    domains: list[DomainRow] = field(default_factory=list)

    @property
    def dimension_label(self) -> str:
        return str(DIMENSIONS[self.filters.dimension])


class Year(Func):
    """The year of a date as a whole number, in SQL: Django's ExtractYear runs a Python
    function per row on SQLite, which costs more than the rest of the query."""

    template = "CAST(EXTRACT(YEAR FROM %(expressions)s) AS INTEGER)"
    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "CAST(strftime('%%Y', %(expressions)s) AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra)


def _group_expression(dimension: str) -> Any:
    """The SQL expression of a person's group: plain columns, and the age at arrival as a
    number that `age_band` turns into a band in Python (a CASE per row costs more)."""
    household = "person__household__"
    if dimension == "cohort":
        return Year(household + "arrival_date")
    if dimension == "location":
        return F(household + "location_id")
    if dimension == "pathway":
        return F(household + "pathway")
    if dimension == "sex":
        return F("person__sex")
    return Year(household + "arrival_date") - F("person__birth_year")


def age_band(age: int | None) -> str:
    if age is None:
        return UNKNOWN
    return next((code for code, _low, high in AGE_BANDS if age <= high), UNKNOWN)


def aggregate(programme: Programme, filters: Filters) -> dict[tuple[Any, str], Sums]:
    """(group key, domain) → sums, in one query."""
    rows = DomainChange.objects.filter(person__household__programme=programme, counted=True)
    if filters.cohort is not None:
        rows = rows.filter(person__household__arrival_date__year=filters.cohort)
    if filters.pathway:
        rows = rows.filter(person__household__pathway=filters.pathway)
    grouped = (
        rows.values(key=_group_expression(filters.dimension), code=F("domain"))
        .annotate(
            n=Count("id"),
            up=Count("id", filter=Q(improved=True)),
            sum_baseline=Sum("baseline"),
            sum_change=Sum("change"),
        )
        .order_by()
    )
    sums: dict[tuple[Any, str], Sums] = {}
    for row in grouped:
        key = age_band(row["key"]) if filters.dimension == "age_band" else row["key"]
        # latest = baseline + change for each person, so their sums add up the same way.
        found = Sums(
            row["n"],
            row["up"],
            row["sum_baseline"],
            row["sum_baseline"] + row["sum_change"],
            row["sum_change"],
        )
        sums[key, row["code"]] = sums.get((key, row["code"]), Sums()) + found
    return sums


def _figure(sums: Sums, *, n_shown: bool, improved_shown: bool) -> Figure:
    """Means are shown only beside a shown count, and never for nobody."""
    if not n_shown:
        return HIDDEN
    if sums.n == 0:
        return Figure(0, None, None, None, None)
    return Figure(
        n=sums.n,
        improved_share=100.0 * sums.improved / sums.n if improved_shown else None,
        baseline=sums.baseline / sums.n,
        latest=sums.latest / sums.n,
        change=sums.change / sums.n,
    )


def _counts(sums: Sums) -> list[int]:
    return [sums.improved, sums.n - sums.improved]


def _overall(total: Sums, k: int) -> ProtectedTable:
    """A domain's "all" figures protected on their own, as every breakdown shares them."""
    return protect_table([_counts(total)], k)


def protect_domain(groups: Sequence[Sums], k: int) -> tuple[Figure, list[Figure]]:
    """The domain's "all" figure and one figure per group, protected together.

    The breakdown table (groups x improved / not improved) starts with the margins the
    overall protection hid. Should it need to hide one more, that margin is shown on
    other pages, so the breakdown is hidden whole instead. A single group is the same
    people as "all" and shows the same figure.
    """
    total = sum(groups, Sums())
    overall = _overall(total, k)
    total_figure = _figure(
        total,
        n_shown=overall.grand_total is not None,
        improved_shown=overall.col_totals[0] is not None,
    )
    if len(groups) <= 1:
        return total_figure, [total_figure] * len(groups)
    hidden_cols = [j for j, value in enumerate(overall.col_totals) if value is None]
    table = protect_table(
        [_counts(s) for s in groups],
        k,
        hide_col_totals=hidden_cols,
        hide_grand_total=overall.grand_total is None,
    )
    more_hidden = (table.grand_total is None) != (overall.grand_total is None) or any(
        (mine is None) != (theirs is None)
        for mine, theirs in zip(table.col_totals, overall.col_totals, strict=True)
    )
    if more_hidden:
        return total_figure, [HIDDEN] * len(groups)
    return total_figure, [
        _figure(
            sums,
            n_shown=table.row_totals[i] is not None,
            improved_shown=table.cells[i][0] is not None,
        )
        for i, sums in enumerate(groups)
    ]


def _group_order(dimension: str, keys: set[Any]) -> list[tuple[Any, str]]:
    """The groups present, in a natural order, with their labels; unknown last."""
    known = [key for key in keys if key not in (None, UNKNOWN)]
    unknown = [(key, _("Unknown")) for key in keys if key in (None, UNKNOWN)][:1]
    if dimension == "cohort":
        ordered = [(key, str(key)) for key in sorted(known)]
    elif dimension == "location":
        names = dict(Place.objects.filter(pk__in=known).values_list("pk", "name"))
        ordered = sorted(((key, names.get(key, "?")) for key in known), key=lambda p: p[1])
    elif dimension in ("pathway", "sex"):
        vocabulary = "pathways" if dimension == "pathway" else "sexes"
        order = taxonomy.codes(vocabulary)
        ordered = [(key, taxonomy.label(vocabulary, key)) for key in order if key in known]
        ordered += [(key, key) for key in sorted(known) if key not in order]
    else:
        ordered = [(code, code) for code, _low, _high in AGE_BANDS if code in known]
    return ordered + unknown


def data_version() -> tuple[Any, ...]:
    """Changes whenever a figure could: the change table (rewritten per assessment, so its
    count and highest id move) and the number of audited writes to persons, households
    and consents (every service audits its writes, DESIGN §3 rule 2; reads do not count).
    Counts, not last ids: a write that commits late with a lower id still moves them."""
    changes = DomainChange.objects.aggregate(rows=Count("id"), last=Max("id"))
    writes = [
        AuditEvent.objects.filter(object_type=kind, action__in=facts.WRITES).count()
        for kind in AUDITED
    ]
    return (changes["rows"], changes["last"], *writes)


def dashboard(programme: Programme, filters: Filters, k: int | None = None) -> Dashboard:
    """The programme's dashboard for one breakdown, every figure protected; kept in the
    cache until the data change (`data_version`) or CACHE_SECONDS pass."""
    threshold = min_cell_threshold() if k is None else k
    facts.sync_consent()
    parts = (programme.pk, *astuple(filters), threshold, get_language(), *data_version())
    key = "outcomes-dashboard:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = _dashboard(programme, filters, threshold)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _dashboard(programme: Programme, filters: Filters, threshold: int) -> Dashboard:
    sums = aggregate(programme, filters)
    groups = _group_order(filters.dimension, {key for key, _code in sums})
    rows = []
    for code in taxonomy.codes("integration_domains"):
        total, figures = protect_domain(
            [sums.get((key, code), Sums()) for key, _l in groups], threshold
        )
        rows.append(
            DomainRow(
                domain=code,
                name=taxonomy.label("integration_domains", code),
                group=taxonomy.entry("integration_domains", code)["group"],
                total=total,
                groups=figures,
            )
        )
    return Dashboard(programme, filters, threshold, [label for _key, label in groups], rows)


def cohorts(programme: Programme) -> list[int]:
    """Arrival years of the programme's households, first to last, for the filter."""
    span = programme.households.aggregate(first=Min("arrival_date"), last=Max("arrival_date"))
    if span["first"] is None:
        return []
    return list(range(span["first"].year, span["last"].year + 1))
