"""Programmes side by side and over time, from the scores frozen at sign-off.

A user compares the signed-off rounds of the programmes they read (lead or partner) and
those a reviewer shared for comparison. Peers are programmes of the same kind (national
or local) assessed in the same resettlement context (traditional or new/emerging).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from welcomehub.core import taxonomy
from welcomehub.evaluation.access import readable_programmes
from welcomehub.evaluation.frameworks import localised
from welcomehub.evaluation.models import Framework, Round, RoundStatus
from welcomehub.programmes.models import Programme


@dataclass(frozen=True)
class Filters:
    framework: Framework
    kind: str = ""
    context: str = ""
    country: str = ""
    peers_of: Programme | None = None


@dataclass
class Column:
    """One programme: its latest signed-off round and the earlier ones."""

    programme: Programme
    latest: Round
    rounds: list[Round]
    mine: bool  # the user reads it as lead or partner, not only because it was shared

    @property
    def overall(self) -> float | None:
        return self.latest.scores.get("overall")

    def area(self, code: str) -> float | None:
        return self.latest.scores.get("areas", {}).get(code)

    def dimension(self, code: str) -> float | None:
        return self.latest.scores.get("dimensions", {}).get(code)


@dataclass
class Comparison:
    filters: Filters
    columns: list[Column]
    areas: list[tuple[str, str]]  # (code, title)
    dimensions: list[tuple[str, str]]
    rows: list[dict[str, Any]] = field(default_factory=list)


def visible_rounds(user: Any, framework: Framework) -> Any:
    readable = readable_programmes(user).values("pk")
    return (
        Round.objects.filter(framework=framework, status=RoundStatus.SIGNED_OFF)
        .filter(Q(programme__in=readable) | Q(shared=True))
        .select_related("programme__lead", "programme__area")
        .order_by("programme__name", "assessed_on", "id")
    )


def visible_programme_ids(user: Any) -> set[int]:
    """Programmes with a signed-off round the user may compare."""
    readable = readable_programmes(user).values("pk")
    return set(
        Round.objects.filter(status=RoundStatus.SIGNED_OFF)
        .filter(Q(programme__in=readable) | Q(shared=True))
        .values_list("programme_id", flat=True)
    )


def compare(user: Any, filters: Filters) -> Comparison:
    rounds = list(visible_rounds(user, filters.framework))
    mine = set(readable_programmes(user).values_list("pk", flat=True))
    by_programme: dict[int, list[Round]] = {}
    for evaluation_round in rounds:
        by_programme.setdefault(evaluation_round.programme_id, []).append(evaluation_round)
    columns = [
        Column(programme=found[-1].programme, latest=found[-1], rounds=found, mine=pid in mine)
        for pid, found in by_programme.items()
    ]
    peer = next(
        (c for c in columns if filters.peers_of and c.programme.pk == filters.peers_of.pk), None
    )
    kind = peer.programme.kind if peer else filters.kind
    context = peer.latest.resettlement_context if peer else filters.context
    columns = [
        c
        for c in columns
        if (not kind or c.programme.kind == kind)
        and (not context or c.latest.resettlement_context == context)
        and (not filters.country or c.programme.country == filters.country)
    ]
    areas = [(a.code, localised(a.title)) for a in filters.framework.areas.order_by("position")]
    dimensions = [
        (code, taxonomy.label("evaluation_dimensions", code))
        for code in taxonomy.codes("evaluation_dimensions")
    ]
    return Comparison(filters=filters, columns=columns, areas=areas, dimensions=dimensions)


def table_rows(comparison: Comparison) -> list[list[Any]]:
    """Rows of the side-by-side table: overall, each dimension, each area."""

    def figure(value: float | None) -> float | None:
        return None if value is None else round(value, 1)

    rows: list[list[Any]] = [["overall", "", *[figure(c.overall) for c in comparison.columns]]]
    for code, title in comparison.dimensions:
        rows.append(["dimension", title, *[figure(c.dimension(code)) for c in comparison.columns]])
    for code, title in comparison.areas:
        rows.append(["area", title, *[figure(c.area(code)) for c in comparison.columns]])
    return rows
