"""Debian's Chromium for the browser tests (Playwright drives it; `make browser-deps`
installs it): where it is, how it starts, and what a test does when it is missing."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def require_chromium() -> None:
    """Skip without Chromium on a developer's machine; fail under CI, where it must be."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing under CI: `make browser-deps` installs it")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium (make browser-deps)")


def launch(playwright: Any) -> Any:
    """A headless Chromium with no network of its own."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
