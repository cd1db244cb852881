"""Field encryption at rest (DESIGN §6) with MultiFernet, so keys can be rotated.

Keys come from WELCOMEHUB_FIELD_KEYS (comma-separated, newest first) or, on a single
machine, from the key file under the data directory, created on first use.
"""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

ENV_KEYS = "WELCOMEHUB_FIELD_KEYS"


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


def _key_file() -> Path:
    return Path(settings.WELCOMEHUB_FIELD_KEYS_FILE)


def read_keys() -> list[str]:
    """The configured keys, newest first; creates the key file on first use."""
    from_env = os.environ.get(ENV_KEYS)
    if from_env:
        return [key.strip() for key in from_env.split(",") if key.strip()]
    path = _key_file()
    if not path.exists():
        _write_private(path, [Fernet.generate_key().decode()])
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]


def _write_private(path: Path, keys: list[str]) -> None:
    """Write the key file owner-only from its first byte, then swap it in whole: a crash
    mid-write must never leave a truncated file and lose the keys."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".field_keys-")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write("\n".join(keys) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_keys(keys: list[str]) -> None:
    if os.environ.get(ENV_KEYS):
        raise RuntimeError(f"Keys come from {ENV_KEYS}; change that variable instead.")
    if not keys:
        raise ValueError("At least one key is needed.")
    _write_private(_key_file(), keys)


@lru_cache(maxsize=1)
def _cipher() -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in read_keys()])


def reset_cipher() -> None:
    """Forget cached keys (after rotation, or in tests)."""
    _cipher.cache_clear()


def encrypt(plaintext: str) -> str:
    return _cipher().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise DecryptionError(
            "A stored value cannot be decrypted with the configured keys."
        ) from exc


def rotate(token: str) -> str:
    """Re-encrypt a stored value under the newest key."""
    try:
        return _cipher().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise DecryptionError(
            "A stored value cannot be decrypted with the configured keys."
        ) from exc
