"""Reads of the exchange: round lists, answers, the chart, suggestions, introductions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from welcomehub.accounts.models import Organisation, User
from welcomehub.core import taxonomy
from welcomehub.exchange.access import RESPOND
from welcomehub.exchange.models import (
    Answer,
    AnswerStatus,
    FollowUp,
    Introduction,
    Need,
    Offer,
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


def round_answers(survey_round: SurveyRound) -> QuerySet[Answer]:
    return (
        survey_round.answers.select_related("organisation")
        .annotate(
            need_count=Count("needs", distinct=True), offer_count=Count("offers", distinct=True)
        )
        .order_by("organisation__name")
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


@dataclass
class ChartRow:
    topic: str
    needs: list[Need] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    cells: dict[int, tuple[int, int]] = field(default_factory=dict)  # org id → (needs, offers)

    @property
    def uncovered_needs(self) -> list[Need]:
        """Needs no offer of another organisation answers on this topic."""
        offering = {offer.answer.organisation_id for offer in self.offers}
        return [n for n in self.needs if not offering - {n.answer.organisation_id}]


@dataclass
class Chart:
    organisations: list[Any]
    rows: list[ChartRow]

    @property
    def uncovered_count(self) -> int:
        return sum(len(row.uncovered_needs) for row in self.rows)

    def table(self) -> list[list[str]]:
        """One row per topic and need or offer, in CHART_COLUMNS order (CSV exports)."""
        lines = []
        for row in self.rows:
            uncovered = {n.pk for n in row.uncovered_needs}
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
                    "uncovered_need_ids": [n.pk for n in row.uncovered_needs],
                }
                for row in self.rows
            ],
        }


def _keep(item: Need | Offer, modality: str, language: str) -> bool:
    modalities = item.engine_modalities() if isinstance(item, Offer) else item.modalities
    if modality and modality not in modalities:
        return False
    return not language or language in item.languages


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
    side; organisation-level information only."""
    answers = survey_round.answers.filter(status=AnswerStatus.SUBMITTED)
    if org_type:
        answers = answers.filter(organisation__org_type=org_type)
    if country:
        answers = answers.filter(organisation__country=country)
    if region:
        answers = answers.filter(organisation__country__in=countries_in(region))
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
