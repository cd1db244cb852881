"""The chart of needs and opportunities as report tables: its filters, the entries (CSV,
HXL), the topic x organisation grid and the coverage per topic (XLSX, PDF).

Organisation-level information only: names, types and countries of organisations and
what they need and offer; never a person. CSV and HXL keep the codes of DESIGN §5 so
other tools can read them; XLSX and PDF show labels in the reader's language.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from welcomehub.core import taxonomy
from welcomehub.exchange import selectors
from welcomehub.exchange.forms import ChartFilterForm
from welcomehub.exchange.models import Need, Offer
from welcomehub.exchange.regions import region_of
from welcomehub.reports.tables import Table

EXPORT_COLUMNS = (*selectors.CHART_COLUMNS, "region")
EXPORT_HXL = (*selectors.CHART_HXL_TAGS, "#region +code")
FILTERS = ("org_type", "country", "region", "modality", "language")
# Needs and offers a printed chart lists one by one; above it the PDF holds the coverage
# table only. A 50,000-entry round would take WeasyPrint minutes, past the server's
# timeout, and the shared chart's PDF opens without an account.
PRINT_LIMIT = 1000
# A shared page shows what organisations typed; anything that looks like a way to reach
# a person is hidden there (contact details are shared only through introductions).
_CONTACT = re.compile(
    r"[\w.+-]+@[\w-]+(\.[\w-]+)+"  # e-mail addresses
    r"|\+?\d[\d\s().-]{6,}\d"  # telephone numbers
    r"|https?://\S+"
)


class ChartFilters(ChartFilterForm):
    """The chart's filters: the exchange's own, and the organisation's region."""

    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    field_order = ["region", "country", "org_type", "modality", "language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("region", [("", _("Any")), *taxonomy.choices("regions")])


def parse_filters(data: QueryDict) -> tuple[ChartFilters, dict[str, str]]:
    form = ChartFilters(data or None)
    filters = dict.fromkeys(FILTERS, "")
    if form.is_valid():
        filters.update({k: v for k, v in form.cleaned_data.items() if v})
    return form, filters


def filter_query(filters: dict[str, str]) -> str:
    """The filters in force as a query string, for links that keep them."""
    return urlencode({name: value for name, value in filters.items() if value})


def filter_summary(filters: dict[str, str]) -> list[tuple[str, str]]:
    """The filters in force as (label, value label) pairs, for the printed chart."""
    vocabularies = {
        "org_type": (_("Organisation type"), "organisation_types"),
        "country": (_("Country"), "countries"),
        "region": (_("Region"), "regions"),
        "modality": (_("Modality"), "exchange_modalities"),
        "language": (_("Language"), "languages"),
    }
    return [
        (vocabularies[name][0], taxonomy.label(vocabularies[name][1], value))
        for name, value in filters.items()
        if value
    ]


def redact_contacts(text: str) -> str:
    return _CONTACT.sub("[…]", text)


def _entries(chart: selectors.Chart) -> list[tuple[str, str, Need | Offer, bool | None]]:
    rows: list[tuple[str, str, Need | Offer, bool | None]] = []
    for row in chart.rows:
        rows += [(row.topic, "need", n, n.pk not in row.uncovered_ids) for n in row.needs]
        rows += [(row.topic, "offer", o, None) for o in row.offers]
    return rows


def entries_table(chart: selectors.Chart, title: str) -> Table:
    """One row per topic and need or offer, with codes (CSV and HXL-tagged CSV)."""
    rows = []
    for topic, kind, item, covered in _entries(chart):
        organisation = item.answer.organisation
        rows.append(
            [
                topic,
                kind,
                organisation.name,
                organisation.org_type,
                organisation.country,
                ";".join(item.modalities),
                ";".join(item.languages),
                item.description,
                "" if covered is None else ("yes" if covered else "no"),
                region_of(organisation.country),
            ]
        )
    return Table(title=title, columns=EXPORT_COLUMNS, rows=rows, hxl=EXPORT_HXL)


def labelled_entries_table(chart: selectors.Chart) -> Table:
    """The same entries with labels in the active language (XLSX)."""
    rows = []
    kinds = {"need": _("Need"), "offer": _("Offer")}
    for topic, kind, item, covered in _entries(chart):
        organisation = item.answer.organisation
        rows.append(
            [
                taxonomy.label("exchange_topics", topic),
                kinds[kind],
                organisation.name,
                taxonomy.label("organisation_types", organisation.org_type),
                organisation.country,
                taxonomy.label("regions", region_of(organisation.country)),
                ", ".join(taxonomy.labels("exchange_modalities", item.modalities)),
                ", ".join(taxonomy.labels("languages", item.languages)),
                item.description,
                "" if covered is None else (_("yes") if covered else _("no")),
            ]
        )
    columns = [
        _("Topic"),
        _("Need or offer"),
        _("Organisation"),
        _("Organisation type"),
        _("Country"),
        _("Region"),
        _("Modalities"),
        _("Languages"),
        _("Description"),
        _("Covered by an offer"),
    ]
    return Table(title=_("Needs and offers"), columns=columns, rows=rows)


def grid_table(chart: selectors.Chart) -> Table:
    """Topics x organisations: each cell counts the organisation's needs and offers."""
    columns = [_("Topic"), _("Needs without offer")]
    columns += [f"{o.name} ({o.country})" for o in chart.organisations]
    rows = []
    for row in chart.rows:
        cells = []
        for organisation in chart.organisations:
            needs, offers = row.cells.get(organisation.pk, (0, 0))
            cells.append(
                _("Needs: %(needs)s, offers: %(offers)s") % {"needs": needs, "offers": offers}
                if needs or offers
                else ""
            )
        label = taxonomy.label("exchange_topics", row.topic)
        rows.append([label, len(row.uncovered_ids), *cells])
    return Table(title=_("Chart"), columns=columns, rows=rows)


def coverage_table(chart: selectors.Chart) -> Table:
    """Per topic: needs, offers, and needs that no other organisation's offer covers."""
    rows = [
        [
            taxonomy.label("exchange_topics", row.topic),
            len(row.needs),
            len(row.offers),
            len(row.uncovered_ids),
        ]
        for row in chart.rows
    ]
    columns = [_("Topic"), _("Needs"), _("Offers"), _("Needs without offer")]
    note = _(
        "A need is covered when another organisation offers something on the same topic. "
        "Submitted answers only."
    )
    return Table(title=_("Coverage"), columns=columns, rows=rows, note=note)


def print_context(survey_round: Any, chart: selectors.Chart, filters: dict[str, str]) -> dict:
    """What the chart's PDF shows (exchange/chart_print.html), for the signed-in and the
    shared chart alike: the coverage table always, the entries while they are few enough
    to print."""
    entries = sum(len(row.needs) + len(row.offers) for row in chart.rows)
    return {
        "round": survey_round,
        "chart": chart,
        "coverage": coverage_table(chart),
        "filters": filter_summary(filters),
        "title": _("Chart of needs and opportunities"),
        "entries": entries,
        "print_entries": entries <= PRINT_LIMIT,
    }
