"""Shared shapes for the JSON API."""

from __future__ import annotations

from typing import Generic, TypeVar

from ninja import Schema

T = TypeVar("T")
MAX_LIMIT = 200
# Beyond any table here; a larger offset (e.g. 10**25) overflowed the database's integers (500).
MAX_OFFSET = 10_000_000


class Page(Schema, Generic[T]):
    count: int
    items: list[T]


class Error(Schema):
    detail: str | dict[str, list[str]]


def page_bounds(limit: int, offset: int) -> tuple[int, int]:
    """A safe slice: limit 1..200, offset 0..MAX_OFFSET."""
    return max(1, min(limit, MAX_LIMIT)), max(0, min(offset, MAX_OFFSET))
