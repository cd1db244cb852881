"""Regions of the world (UN M49 sub-regions, the `regions` code list) from countries.

An organisation's region is derived from its country; nothing stores it, so a corrected
country moves the organisation to the right region everywhere at once.
"""

from __future__ import annotations

from functools import cache

from welcomehub.core import taxonomy


@cache
def _region_of() -> dict[str, str]:
    return {
        country: code
        for code in taxonomy.codes("regions")
        for country in taxonomy.entry("regions", code)["countries"]
    }


def region_of(country: str) -> str:
    """The region code of an ISO 3166-1 alpha-2 country, or "" (e.g. Antarctica)."""
    return _region_of().get(country.upper(), "")


def countries_in(region: str) -> list[str]:
    return list(taxonomy.entry("regions", region)["countries"]) if region else []
