"""Reads of the exchange: round lists, answers, the chart, suggestions, introductions."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
)
from django.db.models.functions import Cast, Coalesce

from welcomehub.accounts.models import Organisation, User
from welcomehub.core import taxonomy
from welcomehub.exchange.access import RESPOND
from welcomehub.exchange.models import (
    KIND_MODALITY,
    Answer,
    AnswerStatus,
    FollowUp,
    Introduction,
    Need,
    Offer,
    OfferKind,
    SurveyRound,
)
from welcomehub.exchange.regions import countries_in


def round_list(rounds: QuerySet[SurveyRound]) -> QuerySet[SurveyRound]:
    return (
        rounds.select_related("organisation")
        .annotate(
            invited_count=Count("invited", distinct=True),
            submitted_count=Count(
                "answers", filter=Q(answers__status=AnswerStatus.SUBMITTED), distinct=True
            ),
        )
        .order_by("-period_start", "-id")
    )


def round_summary(survey_round: SurveyRound) -> dict[str, int]:
    """Counts of the round's answers by status and of their needs and offers."""
    counts = survey_round.answers.aggregate(
        answers=Count("id"),
        submitted=Count("id", filter=Q(status=AnswerStatus.SUBMITTED)),
        draft=Count("id", filter=Q(status=AnswerStatus.DRAFT)),
    )
    counts["invited"] = survey_round.invited.count()
    counts["needs"] = Need.objects.filter(answer__round=survey_round).count()
    counts["offers"] = Offer.objects.filter(answer__round=survey_round).count()
    return counts


def _entry_count(model: type[Need] | type[Offer]) -> Any:
    """The answer's needs or offers counted in a correlated subquery: no join product."""
    counted = (
        model.objects.filter(answer=OuterRef("pk"))
        .order_by()
        .values("answer")
        .annotate(count=Count("id"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def round_answers(
    survey_round: SurveyRound,
    *,
    search: str = "",
    status: str = "",
    organisation_ids: set[int] | None = None,
) -> QuerySet[Answer]:
    """The round's answers by organisation name, each with its counts of needs and offers;
    those of organisations whose name contains `search`, in `status`, among
    `organisation_ids` when given."""
    answers = survey_round.answers.all()
    if organisation_ids is not None:
        answers = answers.filter(organisation_id__in=organisation_ids)
    if search:
        answers = answers.filter(organisation__name__icontains=search)
    if status:
        answers = answers.filter(status=status)
    return (
        answers.select_related("organisation")
        .annotate(need_count=_entry_count(Need), offer_count=_entry_count(Offer))
        .order_by("organisation__name", "id")
    )


CHART_COLUMNS = (
    "topic",
    "entry",
    "organisation",
    "organisation_type",
    "country",
    "modalities",
    "languages",
    "description",
    "covered",
)
# HXL hashtags (https://hxlstandard.org), the export's second header row when asked for.
CHART_HXL_TAGS = (
    "#sector",
    "#indicator +type",
    "#org +name",
    "#org +type",
    "#country +code",
    "#activity +modality",
    "#language +code",
    "#description",
    "#status +coverage",
)


def _cell(text: str) -> str:
    """Free text as a spreadsheet shows it, never as a formula (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def uncovered_need_ids(needs: Iterable[tuple[int, int]], offering: set[int]) -> set[int]:
    """Ids of the needs, given as (need id, organisation id), that no offer of another
    organisation answers; `offering` holds the organisations offering on the same topic.
    The one definition of an uncovered need (chart, exports, evaluation)."""
    return {pk for pk, organisation in needs if not offering or offering == {organisation}}


@dataclass
class ChartRow:
    topic: str
    needs: list[Need] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    cells: dict[int, tuple[int, int]] = field(default_factory=dict)  # org id → (needs, offers)

    @cached_property
    def uncovered_ids(self) -> set[int]:
        """Read once the row is complete (the selector builds it before handing it out)."""
        offering = {offer.answer.organisation_id for offer in self.offers}
        return uncovered_need_ids(((n.pk, n.answer.organisation_id) for n in self.needs), offering)

    @property
    def uncovered_needs(self) -> list[Need]:
        """Needs no offer of another organisation answers on this topic."""
        return [n for n in self.needs if n.pk in self.uncovered_ids]


@dataclass
class Chart:
    organisations: list[Any]
    rows: list[ChartRow]

    @property
    def uncovered_count(self) -> int:
        return sum(len(row.uncovered_ids) for row in self.rows)

    def table(self) -> list[list[str]]:
        """One row per topic and need or offer, in CHART_COLUMNS order (CSV exports)."""
        lines = []
        for row in self.rows:
            uncovered = row.uncovered_ids
            entries: list[tuple[str, Need | Offer]] = [("need", n) for n in row.needs]
            entries += [("offer", o) for o in row.offers]
            for kind, item in entries:
                organisation = item.answer.organisation
                covered = "" if kind == "offer" else ("no" if item.pk in uncovered else "yes")
                lines.append(
                    [
                        row.topic,
                        kind,
                        _cell(organisation.name),
                        organisation.org_type,
                        organisation.country,
                        ";".join(item.modalities),
                        ";".join(item.languages),
                        _cell(item.description),
                        covered,
                    ]
                )
        return lines

    def as_dict(self) -> dict[str, Any]:
        def entry(item: Need | Offer) -> dict[str, Any]:
            data = {
                "id": item.pk,
                "organisation_id": item.answer.organisation_id,
                "modalities": list(item.modalities),
                "languages": list(item.languages),
                "description": item.description,
            }
            if isinstance(item, Offer):
                data["kind"] = item.kind
            return data

        return {
            "organisations": [
                {"id": o.pk, "name": o.name, "type": o.org_type, "country": o.country}
                for o in self.organisations
            ],
            "topics": [
                {
                    "topic": row.topic,
                    "needs": [entry(n) for n in row.needs],
                    "offers": [entry(o) for o in row.offers],
                    "uncovered_need_ids": [n.pk for n in row.needs if n.pk in row.uncovered_ids],
                }
                for row in self.rows
            ],
        }


def _keep(item: Need | Offer, modality: str, language: str) -> bool:
    modalities = item.engine_modalities() if isinstance(item, Offer) else item.modalities
    return _wanted(modalities, item.languages, modality, language)


def _wanted(modalities: Iterable[str], languages: list[str], modality: str, language: str) -> bool:
    if modality and modality not in modalities:
        return False
    return not language or language in languages


def _submitted(
    survey_round: SurveyRound, *, org_type: str, country: str, region: str
) -> QuerySet[Answer]:
    answers = survey_round.answers.filter(status=AnswerStatus.SUBMITTED)
    if org_type:
        answers = answers.filter(organisation__org_type=org_type)
    if country:
        answers = answers.filter(organisation__country=country)
    if region:
        answers = answers.filter(organisation__country__in=countries_in(region))
    return answers


def chart(
    survey_round: SurveyRound,
    *,
    org_type: str = "",
    country: str = "",
    region: str = "",
    modality: str = "",
    language: str = "",
) -> Chart:
    """Topics x organisations of the round's submitted answers, needs and offers side by
    side; organisation-level information only. Every entry: the downloads."""
    answers = _submitted(survey_round, org_type=org_type, country=country, region=region)
    related = ("answer__organisation",)
    needs = [
        n
        for n in Need.objects.filter(answer__in=answers).select_related(*related).order_by("id")
        if _keep(n, modality, language)
    ]
    offers = [
        o
        for o in Offer.objects.filter(answer__in=answers).select_related(*related).order_by("id")
        if _keep(o, modality, language)
    ]
    rows = {code: ChartRow(code) for code in taxonomy.codes("exchange_topics")}
    organisations: dict[int, Any] = {}
    for need in needs:
        organisations[need.answer.organisation_id] = need.answer.organisation
        for topic in need.topics:
            rows[topic].needs.append(need)
            n, o = rows[topic].cells.get(need.answer.organisation_id, (0, 0))
            rows[topic].cells[need.answer.organisation_id] = (n + 1, o)
    for offer in offers:
        organisations[offer.answer.organisation_id] = offer.answer.organisation
        for topic in offer.topics:
            rows[topic].offers.append(offer)
            n, o = rows[topic].cells.get(offer.answer.organisation_id, (0, 0))
            rows[topic].cells[offer.answer.organisation_id] = (n, o + 1)
    return Chart(
        organisations=sorted(organisations.values(), key=lambda o: (o.country, o.name)),
        rows=[row for row in rows.values() if row.needs or row.offers],
    )


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
    answers = _submitted(survey_round, org_type=org_type, country=country, region=region)
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


def suggestion_list(survey_round: SurveyRound, *, organisation_ids: set[int] | None) -> Any:
    """The round's suggestions, all of them (None) or those touching these organisations."""
    suggestions = survey_round.suggestions.select_related(
        "need__answer__organisation", "offer__answer__organisation"
    )
    if organisation_ids is not None:
        suggestions = suggestions.filter(
            Q(need__answer__organisation_id__in=organisation_ids)
            | Q(offer__answer__organisation_id__in=organisation_ids)
        )
    introduced = Introduction.objects.filter(need=OuterRef("need"), offer=OuterRef("offer"))
    return suggestions.annotate(introduced=Exists(introduced)).order_by(
        "need_id", "-score", "offer_id"
    )


def introduction_list(survey_round: SurveyRound, *, organisation_ids: set[int] | None) -> Any:
    introductions = survey_round.introductions.select_related(
        "need__answer__organisation", "offer__answer__organisation"
    )
    if organisation_ids is not None:
        introductions = introductions.filter(
            Q(need__answer__organisation_id__in=organisation_ids)
            | Q(offer__answer__organisation_id__in=organisation_ids)
        )
    return introductions.order_by("-created_at", "-id")


def focal_point_contacts(organisation: Organisation) -> list[str]:
    """E-mail addresses of the organisation's active focal points, from their accounts."""
    users = User.objects.filter(
        is_active=True,
        memberships__organisation=organisation,
        memberships__role__permissions__code=RESPOND,
    ).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def introduction_followups(introduction: Introduction) -> list[FollowUp]:
    """Both sides' follow-up rows of an introduction (organisation-level answers)."""
    return list(introduction.followups.select_related("organisation"))
