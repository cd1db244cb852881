"""The chart of needs and opportunities with every entry as model instances: the
downloads (CSV, HXL, XLSX, PDF), the API and the evaluation; and the one definition of an
uncovered need."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import QuerySet

from welcomehub.core import taxonomy
from welcomehub.exchange.models import Answer, AnswerStatus, Need, Offer, SurveyRound
from welcomehub.exchange.regions import countries_in

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


def submitted_answers(
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
    answers = submitted_answers(survey_round, org_type=org_type, country=country, region=region)
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
