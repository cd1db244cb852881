"""Statistical disclosure control for published tables of counts of people.

Aggregate figures about refugee households are published to partners and funders.
A cell that counts one to ``k - 1`` households can identify them, so such cells are
hidden (primary suppression). Hiding them is not enough on its own: published row
and column totals are linear constraints, and a hidden cell whose value follows
from them is as exposed as a published one. More cells are therefore hidden
(secondary suppression) until no hidden figure can be recovered exactly.

Model
-----
The table with its margins is viewed as an extended ``(R + 1) x (C + 1)`` table:
row ``R`` holds the column totals, column ``C`` holds the row totals, and entry
``(R, C)`` is the grand total. After negating the margins, every row and every
column of the extended table sums to zero, and those identities are known to any
reader. Each hidden entry (cell *or* margin) is an edge of a bipartite graph whose
nodes are the ``R + 1`` rows and ``C + 1`` columns of the extended table. Standard
linear algebra over graph incidence matrices gives: a hidden entry is determined
by the published figures exactly when its edge is a bridge of that graph.

This is the exact form of the "free node" picture: the extra row node collects
hidden column totals and the extra column node collects hidden row totals; they
are joined only through a hidden grand total. Merging them into one node while
the grand total is published would miss disclosures (for example a single hidden
row total equals the grand total minus the published row totals), so they are
kept apart and the grand total is just another entry that may be hidden.

Secondary suppression repeats: take a bridge, find the cheapest path between its
two ends that avoids it (already hidden entries are free), and hide the published
entries on that path, which puts the bridge on a cycle. The cost prefers, in this
order: fewer margins, fewer zero cells, fewer cells, smaller values. Every round
hides at least one more entry, so the loop ends; ties break on position, so the
result is deterministic.

Limits: only exact recovery is prevented. Published totals together with the
fact that counts are non-negative still bound each hidden value, and a hidden
zero (used only when nothing else closes a cycle) tightens those bounds.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

DEFAULT_MIN_CELL = 5

# Path cost: (margins hidden, zero cells hidden, cells hidden, sum of hidden values).
# Compared lexicographically, so any path without a margin beats any path with one.
_Cost = tuple[int, int, int, int]
_FREE: _Cost = (0, 0, 0, 0)


@dataclass(frozen=True)
class ProtectedTable:
    """A table ready to publish: hidden figures are ``None``.

    ``primary`` and ``secondary`` list hidden *cells* only, so a report can say why
    a cell is blank; hidden margins show as ``None`` in the totals.
    """

    cells: list[list[int | None]]
    row_totals: list[int | None]
    col_totals: list[int | None]
    grand_total: int | None
    primary: frozenset[tuple[int, int]]
    secondary: frozenset[tuple[int, int]]
    k: int


def min_cell_threshold() -> int:
    """The configured threshold ``WELCOMEHUB_MIN_CELL``, or 5 outside Django.

    Read lazily so the module stays importable (and testable) without settings.
    """
    try:
        from django.conf import settings
    except ImportError:  # pragma: no cover - Django is a project dependency
        return DEFAULT_MIN_CELL
    if not settings.configured:
        return DEFAULT_MIN_CELL
    value = getattr(settings, "WELCOMEHUB_MIN_CELL", DEFAULT_MIN_CELL)
    return _check_k(value)


def _check_k(k: object) -> int:
    """A threshold below 2 would hide nothing, which is never what a caller meant."""
    if isinstance(k, bool) or not isinstance(k, int):
        raise TypeError(f"k must be an int, got {type(k).__name__}")
    if k < 2:
        raise ValueError(f"k must be at least 2, got {k}")
    return k


def _resolve_k(k: int | None) -> int:
    return min_cell_threshold() if k is None else _check_k(k)


def _check_count(value: object, where: str) -> int:
    """Counts of people are non-negative integers; anything else is a caller bug."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"count at {where} must be an int, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"count at {where} is negative ({value}); counts must be >= 0")
    return value


def _is_small(n: int, k: int) -> bool:
    """Zero is safe to publish: it discloses nobody."""
    return 0 < n < k


def suppress_value(n: int, k: int | None = None) -> int | None:
    """A single published figure, hidden when it counts fewer than ``k`` people.

    A lone figure has no constraints around it, so primary suppression suffices.
    """
    threshold = _resolve_k(k)
    value = _check_count(n, "value")
    return None if _is_small(value, threshold) else value


def _bridges(n_nodes: int, edges: Sequence[tuple[int, int]]) -> set[int]:
    """Indices of the bridge edges (iterative Tarjan, so large tables cannot overflow
    the recursion limit). The graph is simple: one edge per table entry."""
    adjacency: list[list[tuple[int, int]]] = [[] for _ in range(n_nodes)]
    for index, (a, b) in enumerate(edges):
        adjacency[a].append((b, index))
        adjacency[b].append((a, index))
    discovered = [-1] * n_nodes
    low = [0] * n_nodes
    timer = 0
    found: set[int] = set()
    for root in range(n_nodes):
        if discovered[root] != -1:
            continue
        discovered[root] = low[root] = timer
        timer += 1
        # Frames: (node, edge used to reach it, position in its adjacency list).
        stack: list[list[int]] = [[root, -1, 0]]
        while stack:
            frame = stack[-1]
            node, via, position = frame
            if position < len(adjacency[node]):
                frame[2] += 1
                neighbour, edge = adjacency[node][position]
                if edge == via:
                    continue
                if discovered[neighbour] == -1:
                    discovered[neighbour] = low[neighbour] = timer
                    timer += 1
                    stack.append([neighbour, edge, 0])
                else:
                    low[node] = min(low[node], discovered[neighbour])
                continue
            stack.pop()
            if stack:
                parent = stack[-1][0]
                low[parent] = min(low[parent], low[node])
                if low[node] > discovered[parent]:
                    found.add(via)
    return found


def _add(a: _Cost, b: _Cost) -> _Cost:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3])


def _closing_path(
    values: list[list[int]],
    hidden: set[tuple[int, int]],
    bridge: tuple[int, int],
) -> list[tuple[int, int]]:
    """Published entries on the cheapest path that puts ``bridge`` on a cycle.

    Dijkstra over the complete bipartite graph of the extended table, without the
    bridge itself. Hidden entries cost nothing, so the path reuses them and closes
    cycles with as few new suppressions as it can (a lone small cell in an
    otherwise safe table gets the cheapest rectangle).
    """
    n_rows = len(values)
    n_cols = len(values[0])
    last_row, last_col = n_rows - 1, n_cols - 1

    def cost(entry: tuple[int, int]) -> _Cost:
        if entry in hidden:
            return _FREE
        i, j = entry
        value = values[i][j]
        if i == last_row or j == last_col:
            return (1, 0, 0, value)
        if value == 0:
            return (0, 1, 0, 0)
        return (0, 0, 1, value)

    # Nodes: rows are 0..n_rows-1, columns are n_rows..n_rows+n_cols-1.
    start, goal = bridge[0], n_rows + bridge[1]
    best: dict[int, _Cost] = {start: _FREE}
    previous: dict[int, int] = {}
    queue: list[tuple[_Cost, int]] = [(_FREE, start)]
    done: set[int] = set()
    while queue:
        so_far, node = heapq.heappop(queue)
        if node in done:
            continue
        done.add(node)
        if node == goal:
            break
        if node < n_rows:
            neighbours = [(n_rows + j, (node, j)) for j in range(n_cols)]
        else:
            neighbours = [(i, (i, node - n_rows)) for i in range(n_rows)]
        for neighbour, entry in neighbours:
            if entry == bridge or neighbour in done:
                continue
            candidate = _add(so_far, cost(entry))
            if neighbour not in best or candidate < best[neighbour]:
                best[neighbour] = candidate
                previous[neighbour] = node
                heapq.heappush(queue, (candidate, neighbour))
    if goal not in done:  # pragma: no cover - impossible for a 2x2 or larger extended table
        raise RuntimeError("no path closes the cycle; the extended table is too small")
    path: list[tuple[int, int]] = []
    node = goal
    while node != start:
        before = previous[node]
        entry = (before, node - n_rows) if node >= n_rows else (node, before - n_rows)
        if entry not in hidden:
            path.append(entry)
        node = before
    return path


def protect_table(
    counts: Sequence[Sequence[int]],
    k: int | None = None,
    *,
    hide_col_totals: Collection[int] = (),
    hide_grand_total: bool = False,
) -> ProtectedTable:
    """Suppress a two-way table of counts and its margins for publication.

    Small cells and small margins are hidden, then further entries are hidden until
    no hidden figure is determined by the published ones (see the module docstring
    for the model). Published figures keep their true values.

    `hide_col_totals` and `hide_grand_total` hide those margins from the start, like
    small ones: for tables that share their margins with another published table
    where those margins are already hidden (several breakdowns of one population).
    """
    threshold = _resolve_k(k)
    rows = [list(row) for row in counts]
    n_cols = len(rows[0]) if rows else 0
    for i, row in enumerate(rows):
        if len(row) != n_cols:
            raise ValueError(f"ragged table: row {i} has {len(row)} cells, row 0 has {n_cols}")
        for j, value in enumerate(row):
            _check_count(value, f"({i}, {j})")
    n_rows = len(rows)

    row_totals = [sum(row) for row in rows]
    col_totals = [sum(rows[i][j] for i in range(n_rows)) for j in range(n_cols)]
    grand_total = sum(row_totals)

    # Extended table: column totals as an extra row, row totals as an extra column.
    extended = [[*row, total] for row, total in zip(rows, row_totals, strict=True)]
    extended.append([*col_totals, grand_total])
    last_row, last_col = n_rows, n_cols

    hidden = {
        (i, j)
        for i in range(n_rows + 1)
        for j in range(n_cols + 1)
        if _is_small(extended[i][j], threshold)
    }
    outside = sorted(j for j in hide_col_totals if not 0 <= j < n_cols)
    if outside:
        raise ValueError(f"no column {outside[0]} in a table of {n_cols} columns")
    hidden |= {(last_row, j) for j in hide_col_totals}
    if hide_grand_total:
        hidden.add((last_row, last_col))
    primary_entries = frozenset(hidden)

    while True:
        edges = sorted(hidden)
        bridge_indices = _bridges(
            n_rows + 1 + n_cols + 1, [(i, last_row + 1 + j) for i, j in edges]
        )
        if not bridge_indices:
            break
        # Margins first: a hidden margin can only be protected by hiding another
        # margin, and once that one is hidden the cell bridges reuse it for free
        # instead of hiding zeros or extra cells. Then primary entries, whose cycles
        # often protect the secondary ones too.
        bridge = min(
            (edges[index] for index in bridge_indices),
            key=lambda entry: (
                entry[0] < last_row and entry[1] < last_col,
                entry not in primary_entries,
                entry,
            ),
        )
        hidden.update(_closing_path(extended, hidden, bridge))

    def shown(i: int, j: int) -> int | None:
        return None if (i, j) in hidden else extended[i][j]

    hidden_cells = {(i, j) for i, j in hidden if i < last_row and j < last_col}
    primary = frozenset(hidden_cells & primary_entries)
    return ProtectedTable(
        cells=[[shown(i, j) for j in range(n_cols)] for i in range(n_rows)],
        row_totals=[shown(i, last_col) for i in range(n_rows)],
        col_totals=[shown(last_row, j) for j in range(n_cols)],
        grand_total=shown(last_row, last_col),
        primary=primary,
        secondary=frozenset(hidden_cells - primary),
        k=threshold,
    )


def protect_counts(counts: Mapping[str, int], k: int | None = None) -> dict[str, int | None]:
    """Suppress a one-way list of counts whose total is published alongside it.

    Treated as a one-column table: each row total equals its cell, so hiding a cell
    hides that row total as well, and the column total is the list's total. The
    total is hidden only when it is itself small, so callers can publish it as
    ``suppress_value(sum(counts.values()), k)`` and stay consistent with this
    result. Keys are processed in sorted order so the answer depends only on the
    contents, not on insertion order; the returned dict keeps the input order.
    """
    keys = sorted(counts)
    table = protect_table([[counts[key]] for key in keys], k)
    protected = {key: row[0] for key, row in zip(keys, table.cells, strict=True)}
    return {key: protected[key] for key in counts}
