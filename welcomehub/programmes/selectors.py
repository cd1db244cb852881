"""Reads for programmes, including the who-does-what-where matrix."""

from __future__ import annotations

from dataclasses import dataclass, field

from welcomehub.core import taxonomy
from welcomehub.programmes.directory import DirectoryCell, matrix_entries
from welcomehub.programmes.models import Place, Programme, ProgrammePartner, Responsibility


@dataclass
class MatrixRow:
    domain: str
    label: str
    group: str
    # Responsibilities recorded by hand and directory entries (DirectoryCell) alike
    cells: list[list[Responsibility | DirectoryCell]] = field(default_factory=list)

    @property
    def gaps(self) -> int:
        return sum(1 for cell in self.cells if not cell)


@dataclass
class Matrix:
    places: list[Place]
    rows: list[MatrixRow]

    @property
    def gap_count(self) -> int:
        return sum(row.gaps for row in self.rows)

    @property
    def cell_count(self) -> int:
        return len(self.places) * len(self.rows)


def responsibility_matrix(programme: Programme) -> Matrix:
    """For every integration domain and every place the programme serves, who provides
    the service, who funds it and how refugees reach it, from the responsibilities and
    the services directory; empty cells are gaps."""
    places = list(programme.places.order_by("name"))
    column = {place.pk: index for index, place in enumerate(places)}
    rows = {
        code: MatrixRow(
            domain=code,
            label=taxonomy.label("integration_domains", code),
            group=taxonomy.label(
                "domain_groups", taxonomy.entry("integration_domains", code)["group"]
            ),
            cells=[[] for _ in places],
        )
        for code in taxonomy.codes("integration_domains")
    }
    for item in Responsibility.objects.filter(programme=programme).select_related(
        "provider", "funder", "place"
    ):
        if item.domain in rows and item.place_id in column:
            rows[item.domain].cells[column[item.place_id]].append(item)
    for domain, place_id, entry in matrix_entries(programme):
        if domain in rows and place_id in column:
            rows[domain].cells[column[place_id]].append(entry)
    return Matrix(places=places, rows=list(rows.values()))


def programme_partners(programme: Programme) -> list[ProgrammePartner]:
    return list(programme.partners.select_related("organisation").order_by("organisation__name"))
