"""Environment helpers for settings: every deployment knob comes from here."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def data_dir() -> Path:
    """Where the instance keeps its SQLite database, keys and uploads."""
    path = Path(os.environ.get("WELCOMEHUB_DATA_DIR", "var")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_from_env_or_file(env_name: str, path: Path) -> str:
    """A secret from the environment, else one generated once and kept in a 0600 file."""
    value = os.environ.get(env_name)
    if value:
        return value
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()
