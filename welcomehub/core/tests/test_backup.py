"""Backup and restore round trip: every row of every model comes back as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import build_world
from welcomehub.core import backup
from welcomehub.core.models import AuditEvent
from welcomehub.people.models import Person

pytestmark = pytest.mark.django_db


def _every_table() -> dict[str, list[dict[str, Any]]]:
    """Each model's rows, decrypted, by primary key: what a user of the data would see."""
    snapshot = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label
        if model._meta.app_label in {"contenttypes", "sessions"} or label == "auth.Permission":
            continue
        rows = serializers.serialize(
            "python", model._default_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        if model._meta.auto_created:  # many-to-many links: their own ids mean nothing
            rows = sorted(({**row, "pk": None} for row in rows), key=repr)
        snapshot[label] = rows
    return snapshot


@pytest.fixture
def key(monkeypatch: pytest.MonkeyPatch) -> str:
    from cryptography.fernet import Fernet

    value = Fernet.generate_key().decode()
    monkeypatch.setenv(backup.ENV_KEY, value)
    return value


def test_restore_brings_back_every_row_of_every_table(tmp_path: Path, key: str) -> None:
    world = build_world()
    before = _every_table()
    assert before["people.Person"]
    assert before["core.AuditEvent"]
    target = tmp_path / "welcomehub.backup"
    call_command("backup", str(target))
    raw = target.read_bytes()
    assert raw.startswith(backup.MAGIC)
    assert world.head_a is not None
    assert world.head_a.given_name.encode() not in raw  # encrypted as a whole
    # the data changes after the backup ...
    Person.objects.filter(household=world.household_a).update(given_name="changed")
    Person.objects.filter(household=world.household_b).delete()
    call_command("restore", str(target), "--yes")
    # ... and comes back exactly
    after = _every_table()
    for label, rows in before.items():
        for old, new in zip(rows, after[label], strict=True):
            assert old == new, f"{label} {old['pk']}: " + ", ".join(
                f"{k}: {old['fields'].get(k)!r} -> {new['fields'].get(k)!r}"
                for k in old["fields"]
                if old["fields"].get(k) != new["fields"].get(k)
            )
    assert Person.objects.get(pk=world.head_a.pk).given_name == "Amal"


def test_a_wrong_key_or_a_damaged_file_changes_nothing(
    tmp_path: Path, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_world()
    target = tmp_path / "b.backup"
    call_command("backup", str(target))
    rows = AuditEvent.objects.count()
    from cryptography.fernet import Fernet

    monkeypatch.setenv(backup.ENV_KEY, Fernet.generate_key().decode())
    with pytest.raises(CommandError, match="does not open"):
        call_command("restore", str(target), "--yes")
    monkeypatch.setenv(backup.ENV_KEY, key)
    damaged = tmp_path / "damaged.backup"
    data = bytearray(target.read_bytes())
    data[-10] ^= 0xFF
    damaged.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="does not open"):
        call_command("restore", str(damaged), "--yes")
    other = tmp_path / "other.txt"
    other.write_text("hello")
    with pytest.raises(CommandError, match="not a Welcome Hub backup"):
        call_command("restore", str(other), "--yes")
    assert AuditEvent.objects.count() == rows
    assert Person.objects.count() == 3


def test_the_key_file_is_created_owner_only(tmp_path: Path, settings: Any) -> None:
    settings.DATA_DIR = tmp_path
    backup.backup_key(create=True)
    assert (tmp_path / "backup_key").stat().st_mode & 0o077 == 0
    settings.DATA_DIR = tmp_path / "elsewhere"
    with pytest.raises(backup.BackupError):
        backup.backup_key()
