"""The workbook a focal point fills in to import an answer: sheets `needs` and `offers`
in the DESIGN §4 columns, and sheets listing the codes they may hold."""

from __future__ import annotations

from django.utils.translation import gettext as _

from welcomehub.core import taxonomy
from welcomehub.exchange.io import COLUMNS
from welcomehub.reports.tables import Table

EXAMPLES = {
    "needs": [
        "n1",
        "Welcome Network",
        "ngo",
        "PT",
        "housing;employment",
        "training",
        "pt;en",
        "Training for staff who find housing for large families",
    ],
    "offers": [
        "o1",
        "Welcome Network",
        "ngo",
        "PT",
        "language",
        "study_visit",
        "pt",
        "Study visits to our community language classes",
    ],
}
CODE_SHEETS = (
    ("exchange_topics", "topics"),
    ("exchange_modalities", "modalities"),
    ("organisation_types", "organisation_type"),
    ("countries", "country"),
    ("languages", "languages"),
)


def import_template() -> list[Table]:
    # the instructions have a sheet of their own: needs and offers hold only rows to read
    tables = [
        Table(title=sheet, columns=COLUMNS, rows=[EXAMPLES[sheet]]) for sheet in ("needs", "offers")
    ]
    instructions = [
        _("Replace the example rows of the sheets “needs” and “offers”; keep the first row."),
        _("Every row speaks for one invited organisation, named as the round invited it."),
        _("Codes are listed in the other sheets; separate several with semicolons."),
        _("Import the workbook on the round's import page: all rows are imported, or none."),
    ]
    tables.append(
        Table(title=_("Read me"), columns=[_("How to fill in")], rows=[[i] for i in instructions])
    )
    for vocabulary, column in CODE_SHEETS:
        rows = [[code, label] for code, label in taxonomy.choices(vocabulary)]
        tables.append(Table(title=column, columns=[_("Code"), _("Label")], rows=rows))
    return tables
