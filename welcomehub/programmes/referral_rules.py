"""Who may move a referral from one status to the next: plain Python, no Django.

The referring side sends and may cancel while the referral is open; the receiving side
accepts or declines a sent referral and completes an accepted one. Declined, completed
and cancelled are final.
"""

from __future__ import annotations

from enum import StrEnum


class Side(StrEnum):
    SENDER = "sender"
    RECEIVER = "receiver"


SENT, ACCEPTED, DECLINED, COMPLETED, CANCELLED = (
    "sent",
    "accepted",
    "declined",
    "completed",
    "cancelled",
)
STATUSES = (SENT, ACCEPTED, DECLINED, COMPLETED, CANCELLED)
FINAL = frozenset({DECLINED, COMPLETED, CANCELLED})
OPEN = frozenset({SENT, ACCEPTED})

MOVES: dict[tuple[str, Side], frozenset[str]] = {
    (SENT, Side.RECEIVER): frozenset({ACCEPTED, DECLINED}),
    (SENT, Side.SENDER): frozenset({CANCELLED}),
    (ACCEPTED, Side.RECEIVER): frozenset({COMPLETED}),
    (ACCEPTED, Side.SENDER): frozenset({CANCELLED}),
}


def allowed_moves(status: str, sides: frozenset[Side]) -> frozenset[str]:
    """The statuses a user acting for these sides may move the referral to."""
    moves: set[str] = set()
    for side in sides:
        moves |= MOVES.get((status, side), frozenset())
    return frozenset(moves)


def can_move(status: str, target: str, sides: frozenset[Side]) -> bool:
    return target in allowed_moves(status, sides)


def side_to_act(status: str) -> Side | None:
    """Whose turn it is: the receiving side answers and completes; nobody acts on a
    final referral."""
    return Side.RECEIVER if status in OPEN else None
