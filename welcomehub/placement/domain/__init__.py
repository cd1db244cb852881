"""Placement engine: pure Python on dataclasses and arrays, no Django (DESIGN §3 rule 5).

`solve(instance, options)` is the entry point (`solver.py`); `Options` carries the time
limit, rule weights, fairness constraints and a warm start.
"""

from welcomehub.placement.domain.model import (
    DIMENSIONS,
    Case,
    Explanation,
    Instance,
    Location,
    Reason,
    Solution,
    Status,
)

__all__ = [
    "DIMENSIONS",
    "Case",
    "Explanation",
    "Instance",
    "Location",
    "Reason",
    "Solution",
    "Status",
]
