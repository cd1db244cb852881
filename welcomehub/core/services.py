"""Platform-level writes: encryption key rotation."""

from __future__ import annotations

import os
from typing import Any

from cryptography.fernet import Fernet
from django.db import connection, models, transaction

from welcomehub.core import crypto
from welcomehub.core.audit import audit_record
from welcomehub.core.fields import encrypted_fields
from welcomehub.core.models import AuditAction, AuditChannel


def _rotate_model(model: type[models.Model], names: list[str]) -> int:
    """Re-encrypt the stored tokens of one table under the newest key.

    Works on raw column values so that nothing is decrypted into model objects.
    """
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    pk = quote(str(model._meta.pk.column))
    columns = [quote(str(model._meta.get_field(name).column)) for name in names]  # type: ignore[union-attr]
    assignments = ", ".join(f"{column} = %s" for column in columns)
    count = 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk}, {', '.join(columns)} FROM {table}")  # noqa: S608  # nosec B608 - identifiers from model metadata, values bound
        rows = cursor.fetchall()
        for row_id, *values in rows:
            if not any(values):
                continue
            rotated = [crypto.rotate(value) if value else value for value in values]
            cursor.execute(
                f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608  # nosec B608 - identifiers from model metadata, values bound
                [*rotated, row_id],
            )
            count += sum(1 for value in values if value)
    return count


def keys_rotate(*, actor: Any, keep_old: bool = False) -> dict[str, int]:
    """Put a new key first, re-encrypt every encrypted value, then retire the old keys.

    With keys from the environment the operator has already put the new key first;
    values are re-encrypted under it and the variable is left to the operator.
    """
    from_env = bool(os.environ.get(crypto.ENV_KEYS))
    if not from_env:
        crypto.write_keys([Fernet.generate_key().decode(), *crypto.read_keys()])
        crypto.reset_cipher()
    with transaction.atomic():
        counts = {
            model._meta.label: _rotate_model(model, names) for model, names in encrypted_fields()
        }
        audit_record(
            actor=actor,
            action=AuditAction.KEY_ROTATION,
            channel=AuditChannel.CLI,
            detail={"values": sum(counts.values())},
        )
        if not from_env and not keep_old:
            # Only once the re-encrypted values are committed: were a surrounding
            # transaction rolled back, the old values would still need the old keys.
            transaction.on_commit(_retire_old_keys)
    return counts


def _retire_old_keys() -> None:
    crypto.write_keys(crypto.read_keys()[:1])
    crypto.reset_cipher()
