"""Encrypted backups of the whole database, restorable on SQLite or PostgreSQL.

A backup is every row of every table the apps own (Django's serialisation, with natural
keys for what migrations rebuild, so it moves between SQLite and PostgreSQL), compressed
and encrypted as one Fernet token (AES-128-CBC with HMAC-SHA256) under the backup key.
Sensitive fields are plain text inside the token and are encrypted again under the current
field keys on restore, so a backup survives key rotation; the backup key must therefore be kept as
carefully as the field keys, and apart from the backups.

Restore checks the file completely (key, integrity, format) before it touches the
database, then empties and refills it in one transaction: a failure leaves the
database as it was.
"""

from __future__ import annotations

import datetime
import gzip
import json
import os
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

MAGIC = b"WELCOMEHUB-BACKUP 1\n"
ENV_KEY = "WELCOMEHUB_BACKUP_KEY"
# Rebuilt by migrations, or of no value once restored (sessions sign people in).
EXCLUDED = ["contenttypes", "auth.Permission", "sessions"]


class BackupError(Exception):
    """The backup cannot be read: wrong key, damaged or not a Welcome Hub backup."""


def key_file() -> Path:
    return Path(settings.DATA_DIR) / "backup_key"


def backup_key(create: bool = False) -> bytes:
    """The key from WELCOMEHUB_BACKUP_KEY or the owner-only key file (made on request)."""
    if os.environ.get(ENV_KEY):
        return os.environ[ENV_KEY].encode()
    path = key_file()
    if not path.exists():
        if not create:
            raise BackupError(f"No backup key: set {ENV_KEY} or provide {path}.")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(Fernet.generate_key())
    return path.read_bytes().strip()


class _Encoder(DjangoJSONEncoder):
    """Django's encoder keeps milliseconds only; a backup keeps every microsecond."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _models() -> list[type[models.Model]]:
    """Every stored model, referenced ones before those that refer to them."""
    configs = [
        (config, None)
        for config in apps.get_app_configs()
        if config.models_module is not None and config.label not in EXCLUDED
    ]
    return [
        model
        for model in serializers.sort_dependencies(configs, allow_cycles=True)
        if model._meta.label not in EXCLUDED and model._meta.managed and not model._meta.proxy
    ]


def dump() -> bytes:
    """Every row as JSON, foreign keys to rebuilt tables by natural key."""
    rows: list[Any] = []
    for model in _models():
        rows += serializers.serialize(
            "python",
            model._base_manager.order_by("pk").iterator(),
            use_natural_foreign_keys=True,
        )
    return json.dumps(rows, cls=_Encoder, ensure_ascii=False).encode("utf-8")


def _objects(payload: bytes) -> list[Any]:
    try:
        return list(serializers.deserialize("python", json.loads(payload)))
    except (ValueError, DeserializationError) as error:
        raise BackupError("The backup's contents do not fit this version's tables.") from error


def seal(payload: bytes, key: bytes) -> bytes:
    return MAGIC + Fernet(key).encrypt(gzip.compress(payload, compresslevel=6))


def unseal(blob: bytes, key: bytes) -> bytes:
    if not blob.startswith(MAGIC):
        raise BackupError("This is not a Welcome Hub backup.")
    try:
        return gzip.decompress(Fernet(key).decrypt(blob[len(MAGIC) :]))
    except (InvalidToken, ValueError, OSError) as error:
        raise BackupError(
            "The backup key does not open this file, or the file is damaged."
        ) from error


def backup_to(path: Path) -> int:
    """Write an encrypted backup; returns the number of records."""
    payload = dump()
    count = len(json.loads(payload))
    blob = seal(payload, backup_key(create=True))
    temporary = path.with_name(path.name + ".partial")
    temporary.write_bytes(blob)
    os.replace(temporary, path)  # never a half-written backup under the real name
    return count


def restore_from(path: Path) -> int:
    """Replace the database's contents with the backup's; returns the number of records."""
    payload = unseal(path.read_bytes(), backup_key())
    objects = _objects(payload)  # fails before any change
    with transaction.atomic():
        _empty()
        for deserialized in objects:
            deserialized.save()
        statements = connection.ops.sequence_reset_sql(no_style(), _models())
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    return len(objects)


def _empty() -> None:
    """Empty the tables a backup fills (content types and permissions stay)."""
    tables = set()
    for model in _models():
        tables.add(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            assert through is not None
            tables.add(through._meta.db_table)
    statements = connection.ops.sql_flush(
        no_style(), sorted(tables), reset_sequences=False, allow_cascade=False
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses to run while checks of earlier writes in the same
            # transaction are pending: run them now, and defer them again for the load.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in statements:
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
