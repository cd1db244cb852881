"""Tests for disclosure control of published count tables.

The recoverability check here is deliberately independent of the graph model in
``welcomehub.core.disclosure``: it writes the published figures as linear equations
over the hidden cells and decides with exact rational Gaussian elimination whether
any hidden figure is pinned down.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from welcomehub.core.disclosure import (
    ProtectedTable,
    min_cell_threshold,
    protect_counts,
    protect_table,
    suppress_value,
)

# ---------------------------------------------------------------------------
# Independent recoverability check
# ---------------------------------------------------------------------------


def _row_reduce(rows: list[list[Fraction]]) -> list[list[Fraction]]:
    """Reduced row echelon form, zero rows dropped."""
    matrix = [list(row) for row in rows]
    width = len(matrix[0]) if matrix else 0
    pivot_row = 0
    for col in range(width):
        pivot = next((r for r in range(pivot_row, len(matrix)) if matrix[r][col] != 0), None)
        if pivot is None:
            continue
        matrix[pivot_row], matrix[pivot] = matrix[pivot], matrix[pivot_row]
        lead = matrix[pivot_row][col]
        matrix[pivot_row] = [value / lead for value in matrix[pivot_row]]
        for r in range(len(matrix)):
            if r != pivot_row and matrix[r][col] != 0:
                factor = matrix[r][col]
                matrix[r] = [
                    a - factor * b for a, b in zip(matrix[r], matrix[pivot_row], strict=True)
                ]
        pivot_row += 1
    return matrix[:pivot_row]


def _rank(rows: list[list[Fraction]]) -> int:
    return len(_row_reduce(rows)) if rows else 0


def _determined_figures(table: ProtectedTable, counts: list[list[int]]) -> list[str]:
    """Names of hidden figures whose value follows from the published ones.

    Unknowns are the hidden cells. Each published row total, column total and
    grand total is an equation over them (published cells only move the right-hand
    side, which does not affect whether a value is determined). A hidden figure is
    a linear form over the hidden cells; it is determined exactly when that form
    lies in the row space of the equations.
    """
    n_rows = len(counts)
    n_cols = len(counts[0]) if counts else 0
    unknowns = [(i, j) for i in range(n_rows) for j in range(n_cols) if table.cells[i][j] is None]
    position = {cell: index for index, cell in enumerate(unknowns)}

    def form(cells: list[tuple[int, int]]) -> list[Fraction]:
        vector = [Fraction(0)] * len(unknowns)
        for cell in cells:
            if cell in position:
                vector[position[cell]] = Fraction(1)
        return vector

    row_cells = [[(i, j) for j in range(n_cols)] for i in range(n_rows)]
    col_cells = [[(i, j) for i in range(n_rows)] for j in range(n_cols)]
    all_cells = [cell for line in row_cells for cell in line]

    equations = [form(row_cells[i]) for i in range(n_rows) if table.row_totals[i] is not None]
    equations += [form(col_cells[j]) for j in range(n_cols) if table.col_totals[j] is not None]
    if table.grand_total is not None:
        equations.append(form(all_cells))
    equations = [equation for equation in equations if any(equation)]
    base_rank = _rank(equations)

    targets: list[tuple[str, list[Fraction]]] = []
    for cell in unknowns:
        targets.append((f"cell {cell}", form([cell])))
    for i in range(n_rows):
        if table.row_totals[i] is None:
            targets.append((f"row total {i}", form(row_cells[i])))
    for j in range(n_cols):
        if table.col_totals[j] is None:
            targets.append((f"column total {j}", form(col_cells[j])))
    if table.grand_total is None:
        targets.append(("grand total", form(all_cells)))

    determined = []
    for name, vector in targets:
        # A hidden total over published cells only is plain arithmetic to recover.
        if not any(vector) or _rank([*equations, vector]) == base_rank:
            determined.append(name)
    return determined


def test_independent_check_flags_a_lone_hidden_cell() -> None:
    """Guards the checker itself: a naive primary-only table must be caught."""
    counts = [[2, 10], [9, 8]]
    naive = ProtectedTable(
        cells=[[None, 10], [9, 8]],
        row_totals=[12, 17],
        col_totals=[11, 18],
        grand_total=29,
        primary=frozenset({(0, 0)}),
        secondary=frozenset(),
        k=5,
    )
    assert _determined_figures(naive, counts) == ["cell (0, 0)"]


def test_independent_check_flags_a_lone_hidden_row_total() -> None:
    counts = [[2, 1], [9, 8]]
    naive = ProtectedTable(
        cells=[[None, None], [9, 8]],
        row_totals=[None, 17],
        col_totals=[11, 9],
        grand_total=20,
        primary=frozenset({(0, 0), (0, 1)}),
        secondary=frozenset(),
        k=5,
    )
    # Column totals pin each hidden cell, and grand minus row 1 pins the row total.
    assert set(_determined_figures(naive, counts)) == {
        "cell (0, 0)",
        "cell (0, 1)",
        "row total 0",
    }


# ---------------------------------------------------------------------------
# Examples with known answers
# ---------------------------------------------------------------------------


def test_single_small_cell_gets_cheapest_rectangle() -> None:
    counts = [[2, 10, 12], [9, 8, 15], [11, 14, 7]]
    result = protect_table(counts, k=5)
    # Rectangles through (0, 0) hide 10+9+8=27, 10+11+14=35, 12+9+15=36 or 12+11+7=30.
    assert result.cells == [[None, None, 12], [None, None, 15], [11, 14, 7]]
    assert result.primary == {(0, 0)}
    assert result.secondary == {(0, 1), (1, 0), (1, 1)}
    assert result.row_totals == [24, 32, 32]
    assert result.col_totals == [22, 32, 34]
    assert result.grand_total == 88
    assert result.k == 5
    assert _determined_figures(result, counts) == []


def test_table_without_small_cells_is_unchanged() -> None:
    counts = [[5, 10, 0], [7, 8, 15]]
    result = protect_table(counts, k=5)
    assert result.cells == counts
    assert result.row_totals == [15, 30]
    assert result.col_totals == [12, 18, 15]
    assert result.grand_total == 45
    assert result.primary == frozenset()
    assert result.secondary == frozenset()


def test_zeros_are_published_and_not_used_while_positive_cells_remain() -> None:
    counts = [[3, 0, 8], [0, 9, 6], [7, 5, 10]]
    result = protect_table(counts, k=5)
    assert result.cells[0][1] == 0
    assert result.cells[1][0] == 0
    assert result.primary == {(0, 0)}
    # The cheapest zero-free rectangle through (0, 0) is (0,2), (2,0), (2,2): 8+7+10.
    assert result.secondary == {(0, 2), (2, 0), (2, 2)}
    assert _determined_figures(result, counts) == []


def test_zero_cell_hidden_only_when_no_positive_cell_closes_a_cycle() -> None:
    # Column 1 holds the only small cell and row 0 has nothing else but a zero.
    counts = [[0, 3], [0, 9]]
    result = protect_table(counts, k=5)
    assert result.cells == [[0, None], [0, None]]
    assert result.row_totals == [None, None]
    assert result.col_totals == [0, 12]
    assert result.grand_total == 12
    assert _determined_figures(result, counts) == []


def test_small_row_total_forces_a_second_hidden_row_total() -> None:
    counts = [[1, 2, 0], [10, 12, 9], [8, 7, 11]]
    result = protect_table(counts, k=5)
    assert result.row_totals[0] is None
    # With the grand total published, one hidden row total would be grand minus the rest.
    assert sum(total is None for total in result.row_totals) >= 2
    assert result.grand_total == 60
    assert result.primary == {(0, 0), (0, 1)}
    assert _determined_figures(result, counts) == []


def test_tiny_table_hides_everything_small() -> None:
    result = protect_table([[3]], k=5)
    assert result.cells == [[None]]
    assert result.row_totals == [None]
    assert result.col_totals == [None]
    assert result.grand_total is None
    assert result.primary == {(0, 0)}


def test_empty_tables_are_allowed() -> None:
    empty = protect_table([], k=5)
    assert (empty.cells, empty.row_totals, empty.col_totals, empty.grand_total) == (
        [],
        [],
        [],
        0,
    )
    no_columns = protect_table([[], []], k=5)
    assert no_columns.cells == [[], []]
    assert no_columns.row_totals == [0, 0]
    assert no_columns.col_totals == []
    assert no_columns.grand_total == 0


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ([[1, 2], [3]], r"ragged table: row 1 has 1 cells, row 0 has 2"),
        ([[1, -2], [3, 4]], r"count at \(0, 1\) is negative \(-2\)"),
    ],
)
def test_bad_tables_raise_value_error(counts: list[list[int]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        protect_table(counts, k=5)


@pytest.mark.parametrize("k", [1, 0, -3])
def test_threshold_below_two_is_rejected(k: int) -> None:
    with pytest.raises(ValueError, match=rf"k must be at least 2, got {k}"):
        protect_table([[1]], k=k)
    with pytest.raises(ValueError, match=r"k must be at least 2"):
        suppress_value(4, k=k)
    with pytest.raises(ValueError, match=r"k must be at least 2"):
        protect_counts({"a": 1}, k=k)


def test_non_integer_counts_are_rejected() -> None:
    with pytest.raises(TypeError, match=r"count at \(0, 0\) must be an int, got float"):
        protect_table([[1.5]], k=5)  # type: ignore[list-item]


def test_suppress_value() -> None:
    assert suppress_value(0, k=5) == 0
    assert suppress_value(1, k=5) is None
    assert suppress_value(4, k=5) is None
    assert suppress_value(5, k=5) == 5
    assert suppress_value(2, k=2) == 2
    with pytest.raises(ValueError, match=r"count at value is negative \(-1\)"):
        suppress_value(-1, k=5)


def test_default_threshold_comes_from_min_cell_threshold() -> None:
    k = min_cell_threshold()
    assert k >= 2
    assert suppress_value(k - 1) is None
    assert suppress_value(k) == k
    assert protect_table([[k - 1, 20], [20, 20]]).k == k


def test_protect_counts_examples() -> None:
    assert protect_counts({"a": 3, "b": 10, "c": 12}, k=5) == {"a": None, "b": None, "c": 12}
    assert protect_counts({"a": 0, "b": 12}, k=5) == {"a": 0, "b": 12}
    assert protect_counts({"a": 2}, k=5) == {"a": None}
    assert protect_counts({}, k=5) == {}
    # A zero is never chosen while a positive count can protect the small one.
    assert protect_counts({"x": 3, "y": 0, "z": 9}, k=5) == {"x": None, "y": 0, "z": None}


def test_protect_counts_keeps_input_order_and_ignores_it_for_choices() -> None:
    forward = protect_counts({"b": 7, "a": 2, "c": 7}, k=5)
    backward = protect_counts({"c": 7, "a": 2, "b": 7}, k=5)
    assert list(forward) == ["b", "a", "c"]
    assert forward == backward
    # Ties break on the sorted key, so "b" protects "a".
    assert forward == {"b": None, "a": None, "c": 7}


def test_protect_counts_rejects_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        protect_counts({"a": 3, "b": -1}, k=5)


# ---------------------------------------------------------------------------
# Properties over random tables
# ---------------------------------------------------------------------------

# Mixing in a narrow range makes small cells common enough to exercise suppression.
_count = st.one_of(st.integers(0, 30), st.integers(0, 4))


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[list[int]], int]:
    n_rows = draw(st.integers(1, 6))
    n_cols = draw(st.integers(1, 6))
    counts = draw(
        st.lists(
            st.lists(_count, min_size=n_cols, max_size=n_cols),
            min_size=n_rows,
            max_size=n_rows,
        )
    )
    k = draw(st.integers(2, 10))
    return counts, k


def _published(table: ProtectedTable) -> list[int]:
    figures = [value for row in table.cells for value in row]
    figures += [*table.row_totals, *table.col_totals, table.grand_total]
    return [value for value in figures if value is not None]


@settings(max_examples=200, deadline=None)
@given(tables())
def test_no_small_figure_is_published(case: tuple[list[list[int]], int]) -> None:
    counts, k = case
    result = protect_table(counts, k=k)
    assert result.k == k
    assert not [value for value in _published(result) if 0 < value < k]


@settings(max_examples=200, deadline=None)
@given(tables())
def test_published_figures_are_true_and_hidden_ones_are_accounted_for(
    case: tuple[list[list[int]], int],
) -> None:
    counts, k = case
    result = protect_table(counts, k=k)
    n_rows, n_cols = len(counts), len(counts[0])
    hidden = set()
    for i in range(n_rows):
        for j in range(n_cols):
            if result.cells[i][j] is None:
                hidden.add((i, j))
            else:
                assert result.cells[i][j] == counts[i][j]
    for i, total in enumerate(result.row_totals):
        assert total in (None, sum(counts[i]))
    for j, total in enumerate(result.col_totals):
        assert total in (None, sum(row[j] for row in counts))
    assert result.grand_total in (None, sum(map(sum, counts)))
    expected_primary = {
        (i, j) for i in range(n_rows) for j in range(n_cols) if 0 < counts[i][j] < k
    }
    assert result.primary == expected_primary
    assert not result.primary & result.secondary
    assert hidden == result.primary | result.secondary


@settings(max_examples=200, deadline=None)
@given(tables())
def test_no_hidden_figure_is_recoverable(case: tuple[list[list[int]], int]) -> None:
    counts, k = case
    result = protect_table(counts, k=k)
    assert _determined_figures(result, counts) == []


@settings(max_examples=200, deadline=None)
@given(tables())
def test_result_is_deterministic(case: tuple[list[list[int]], int]) -> None:
    counts, k = case
    first = protect_table(counts, k=k)
    again = protect_table([list(row) for row in counts], k=k)
    as_tuples = protect_table(tuple(tuple(row) for row in counts), k=k)
    assert first == again == as_tuples


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=3), _count, max_size=8), st.integers(2, 10))
def test_protect_counts_with_published_total_hides_safely(counts: dict[str, int], k: int) -> None:
    result = protect_counts(counts, k=k)
    assert list(result) == list(counts)
    total = suppress_value(sum(counts.values()), k=k)
    hidden = [key for key, value in result.items() if value is None]
    for key, value in result.items():
        if value is not None:
            assert value == counts[key]
            assert not 0 < value < k
        else:
            assert counts[key] > 0 or len(hidden) > 1
    assert {key for key, value in counts.items() if 0 < value < k} <= set(hidden)
    if total is not None:
        # With the total published, a single hidden entry is the total minus the rest.
        assert len(hidden) != 1
    # Matches the two-way table with one column, including the total's suppression.
    table = protect_table([[counts[key]] for key in sorted(counts)], k=k)
    assert table.grand_total == total
