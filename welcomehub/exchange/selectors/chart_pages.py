"""The chart pages (signed in and shared): a summary per topic from a light query of ids
and codes, the grid's columns when they are few, one topic's entries a page at a time."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet, TextField
from django.db.models.functions import Cast

from welcomehub.accounts.models import Organisation
from welcomehub.core import taxonomy
from welcomehub.exchange.models import KIND_MODALITY, Answer, Need, Offer, OfferKind, SurveyRound
from welcomehub.exchange.selectors.charts import submitted_answers, uncovered_need_ids

# Beyond these the chart page shows the per-topic summary only: the grid needs a column
# per organisation, the lists a line per entry; the downloads always hold everything.
GRID_LIMIT = 40
SMALL_CHART = 200
TOPIC_PAGE_SIZE = 50


@dataclass
class TopicSummary:
    """One topic of the chart as ids: (entry id, organisation id) pairs, no descriptions."""

    topic: str
    needs: list[tuple[int, int]] = field(default_factory=list)
    offers: list[tuple[int, int]] = field(default_factory=list)
    cells: dict[int, tuple[int, int]] = field(default_factory=dict)  # org id → (needs, offers)

    @cached_property
    def uncovered_ids(self) -> set[int]:
        return uncovered_need_ids(self.needs, {org for _pk, org in self.offers})

    @property
    def organisations_needing(self) -> int:
        return len({org for _pk, org in self.needs})

    @property
    def organisations_offering(self) -> int:
        return len({org for _pk, org in self.offers})


@dataclass
class ChartSummary:
    rows: list[TopicSummary]
    organisation_ids: set[int]
    entries: int  # needs and offers kept by the filters, each once

    @property
    def uncovered_count(self) -> int:
        return sum(len(row.uncovered_ids) for row in self.rows)

    def row(self, topic: str) -> TopicSummary | None:
        return next((row for row in self.rows if row.topic == topic), None)


def _implied(modalities: list[str], kind: str) -> list[str]:
    """Offer.engine_modalities on plain values: the kind of offer implies a modality."""
    implied = KIND_MODALITY.get(OfferKind(kind)) if kind else None
    return [*modalities, implied] if implied and implied not in modalities else modalities


def _light(
    model: type[Need] | type[Offer], answers: QuerySet[Answer], *, modality: str, language: str
) -> Iterator[tuple[int, int, list[str]]]:
    """(id, organisation id, topics) of the answers' needs or offers kept by the filters.
    The code lists come as text, each distinct text decoded once: far fewer JSON decodings
    than rows, the bulk of the time on a large round."""
    decode = lru_cache(maxsize=None)(json.loads)
    columns: dict[str, Any] = {
        "org": F("answer__organisation_id"),
        "topic_codes": Cast("topics", TextField()),
    }
    if modality:
        columns["modality_codes"] = Cast("modalities", TextField())
    if language:
        columns["language_codes"] = Cast("languages", TextField())
    found = model.objects.filter(answer__in=answers).order_by("id")
    if modality and model is Offer:
        columns["offer_kind"] = F("kind")
    for entry in cast(Iterable[dict[str, Any]], found.values("id", **columns)):
        if modality:
            modalities = decode(entry["modality_codes"])
            if model is Offer:
                modalities = _implied(modalities, entry["offer_kind"])
            if modality not in modalities:
                continue
        if language and language not in decode(entry["language_codes"]):
            continue
        yield entry["id"], entry["org"], decode(entry["topic_codes"])


def chart_summary(
    survey_round: SurveyRound,
    *,
    org_type: str = "",
    country: str = "",
    region: str = "",
    modality: str = "",
    language: str = "",
) -> ChartSummary:
    """The chart's counts per topic and organisation from a light query (ids and codes)."""
    answers = submitted_answers(survey_round, org_type=org_type, country=country, region=region)
    rows = {code: TopicSummary(code) for code in taxonomy.codes("exchange_topics")}
    organisations: set[int] = set()
    entries = 0
    for model in (Need, Offer):
        for pk, org, topics in _light(model, answers, modality=modality, language=language):
            entries += 1
            organisations.add(org)
            for topic in topics:
                (rows[topic].needs if model is Need else rows[topic].offers).append((pk, org))
                n, o = rows[topic].cells.get(org, (0, 0))
                rows[topic].cells[org] = (n + 1, o) if model is Need else (n, o + 1)
    kept = [row for row in rows.values() if row.needs or row.offers]
    return ChartSummary(rows=kept, organisation_ids=organisations, entries=entries)


@dataclass
class TopicEntries:
    """A topic's needs and offers to list (all of them, or one page), uncovered marked."""

    topic: str
    needs: list[Need]
    offers: list[Offer]
    uncovered_ids: set[int]
    page: Page | None = None


def chart_organisations(ids: set[int]) -> list[Organisation]:
    """The grid's columns, by country and name."""
    found = Organisation.objects.filter(pk__in=ids).only("name", "country", "org_type")
    return list(found.order_by("country", "name"))


def _instances(model: type[Any], ids: list[int]) -> list[Any]:
    related = model.objects.filter(pk__in=ids).select_related("answer__organisation")
    return list(related.order_by("id"))


def chart_entries(summary: ChartSummary) -> list[TopicEntries]:
    """Every topic's entries (a small chart): two queries whatever the number of topics."""
    needs = {n.pk: n for n in _instances(Need, [pk for r in summary.rows for pk, _o in r.needs])}
    offers = {o.pk: o for o in _instances(Offer, [pk for r in summary.rows for pk, _o in r.offers])}
    return [
        TopicEntries(
            row.topic,
            [needs[pk] for pk, _org in row.needs],
            [offers[pk] for pk, _org in row.offers],
            row.uncovered_ids,
        )
        for row in summary.rows
    ]


def chart_topic_entries(row: TopicSummary, page_number: Any) -> TopicEntries:
    """One page of a topic's needs and offers, side by side (both lists paged alike)."""
    longest = max(len(row.needs), len(row.offers))
    page = Paginator(range(longest), TOPIC_PAGE_SIZE).get_page(page_number)
    start = (page.number - 1) * TOPIC_PAGE_SIZE
    needs = [pk for pk, _org in row.needs[start : start + TOPIC_PAGE_SIZE]]
    offers = [pk for pk, _org in row.offers[start : start + TOPIC_PAGE_SIZE]]
    return TopicEntries(
        row.topic, _instances(Need, needs), _instances(Offer, offers), row.uncovered_ids, page
    )


@dataclass
class ChartView:
    """What the chart page shows: the summary, the grid's columns when few enough (else
    None), the entries of the chosen topic or, for a small chart, of every topic."""

    summary: ChartSummary
    organisations: list[Organisation] | None
    rows: list[TopicEntries]  # named as Chart.rows: chart_sides.html shows either
    topic: str  # the chosen topic, "" if none or unknown
    unknown_topic: bool

    @property
    def uncovered_count(self) -> int:
        return self.summary.uncovered_count


def chart_view(
    survey_round: SurveyRound, filters: dict[str, str], *, topic: str, page: Any
) -> ChartView:
    summary = chart_summary(survey_round, **filters)
    row = summary.row(topic) if topic else None
    if row is not None:
        rows = [chart_topic_entries(row, page)]
    elif summary.entries <= SMALL_CHART:
        rows = chart_entries(summary)
    else:
        rows = []
    few = len(summary.organisation_ids) <= GRID_LIMIT
    return ChartView(
        summary=summary,
        organisations=chart_organisations(summary.organisation_ids) if few else None,
        rows=rows,
        topic=topic if row is not None else "",
        unknown_topic=bool(topic) and row is None,
    )
