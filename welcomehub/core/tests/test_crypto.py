"""Field encryption and key rotation (DESIGN §6: sensitive fields encrypted at rest)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from conftest import World
from welcomehub.core import crypto
from welcomehub.core.fields import encrypted_fields
from welcomehub.core.models import AuditAction, AuditEvent
from welcomehub.core.services import keys_rotate
from welcomehub.people.models import Household, Person


@pytest.fixture
def key_file(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The per-process key file, restored (and the cipher cache emptied) after the test,
    so a test that rotates or replaces keys leaves the others unaffected."""
    monkeypatch.delenv(crypto.ENV_KEYS, raising=False)
    crypto.read_keys()  # creates the file if this process has not yet
    path = Path(settings.WELCOMEHUB_FIELD_KEYS_FILE)
    saved = path.read_text()
    crypto.reset_cipher()
    yield path
    path.write_text(saved)
    crypto.reset_cipher()


def _raw_values() -> dict[tuple[str, object, str], str]:
    """Every non-empty encrypted column value, read straight from the database."""
    found: dict[tuple[str, object, str], str] = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, names in encrypted_fields():
            table = model._meta.db_table
            pk_column = str(model._meta.pk.column)
            for name in names:
                column = str(model._meta.get_field(name).column)  # type: ignore[union-attr]
                cursor.execute(
                    f"SELECT {quote(pk_column)}, {quote(column)} FROM {quote(table)}"  # noqa: S608  # nosec B608 - identifiers from model metadata, values bound
                )
                for pk, value in cursor.fetchall():
                    if value:
                        found[(table, pk, column)] = value
    return found


def _names() -> list[tuple[str, str]]:
    return [(p.given_name, p.family_name) for p in Person.objects.order_by("pk")]


def test_round_trip(key_file: Path) -> None:
    """What is encrypted decrypts to the same text, and the token does not contain it."""
    token = crypto.encrypt("Amal Haddad · أمل")
    assert "Amal" not in token
    assert crypto.decrypt(token) == "Amal Haddad · أمل"


def test_same_text_encrypts_differently_each_time(key_file: Path) -> None:
    """Equal values do not give equal tokens, so stored values cannot be compared."""
    assert crypto.encrypt("Lina") != crypto.encrypt("Lina")


def test_wrong_key_raises_decryption_error(key_file: Path) -> None:
    """A value encrypted under a key no longer configured cannot be read."""
    token = crypto.encrypt("secret note")
    crypto.write_keys([Fernet.generate_key().decode()])
    crypto.reset_cipher()
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token)


def test_key_file_is_private(key_file: Path) -> None:
    """The key file is readable by its owner only."""
    crypto.write_keys(crypto.read_keys())
    assert key_file.stat().st_mode & 0o077 == 0


def test_fields_are_stored_encrypted(world: World, key_file: Path) -> None:
    """Names, dates of birth, phones and protection notes are not in the database in clear."""
    raw = " ".join(_raw_values().values())
    for clear in ("Amal", "Haddad", "1988-05-17", "+351 912 345 678", "threats"):
        assert clear not in raw
    assert world.head_a is not None
    assert Person.objects.get(pk=world.head_a.pk).given_name == "Amal"


def _check_rotated(before: dict[tuple[str, object, str], str], old_keys: list[str]) -> None:
    after = _raw_values()
    assert after.keys() == before.keys()
    assert all(after[cell] != before[cell] for cell in before)
    keys = crypto.read_keys()
    assert len(keys) == 1
    assert keys[0] not in old_keys
    assert AuditEvent.objects.filter(action=AuditAction.KEY_ROTATION).count() == 1


def test_keys_rotate_reencrypts_every_value(
    world: World, key_file: Path, django_capture_on_commit_callbacks: Any
) -> None:
    """After rotation every encrypted value differs in the database, the application still
    reads the same names, one new key remains and the rotation is audited."""
    assert world.household_a is not None
    names = _names()
    notes = Household.objects.get(pk=world.household_a.pk).protection_notes
    before = _raw_values()
    old_keys = crypto.read_keys()
    assert len(before) >= 10

    with django_capture_on_commit_callbacks(execute=True):
        counts = keys_rotate(actor=None)

    assert sum(counts.values()) == len(before)
    _check_rotated(before, old_keys)
    assert _names() == names
    assert Household.objects.get(pk=world.household_a.pk).protection_notes == notes


def test_old_key_cannot_read_rotated_values(
    world: World, key_file: Path, django_capture_on_commit_callbacks: Any
) -> None:
    """Once rotated, the retired key no longer opens the stored values."""
    old_keys = crypto.read_keys()
    with django_capture_on_commit_callbacks(execute=True):
        keys_rotate(actor=None)
    stored = next(iter(_raw_values().values()))
    crypto.write_keys(old_keys)
    crypto.reset_cipher()
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(stored)


def test_rolled_back_rotation_keeps_the_old_key(world: World, key_file: Path) -> None:
    """If the transaction around a rotation is rolled back, the old key is kept, so the
    values still stored under it stay readable."""
    names = _names()
    old_keys = crypto.read_keys()

    def rotate_then_fail() -> None:
        with transaction.atomic():
            keys_rotate(actor=None)
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        rotate_then_fail()
    crypto.reset_cipher()
    assert crypto.read_keys()[1:] == old_keys
    assert _names() == names


def test_rotate_keys_command(
    world: World, key_file: Path, django_capture_on_commit_callbacks: Any
) -> None:
    """`rotate_keys` does the same from the command line and reports the count."""
    names = _names()
    before = _raw_values()
    old_keys = crypto.read_keys()
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("rotate_keys", stdout=out)

    _check_rotated(before, old_keys)
    assert _names() == names
    assert f"Done: {len(before)} values" in out.getvalue()


def test_keep_old_keeps_the_previous_key_second(world: World, key_file: Path) -> None:
    """With keep_old the new key comes first and the old ones follow it."""
    old_keys = crypto.read_keys()
    keys_rotate(actor=None, keep_old=True)
    keys = crypto.read_keys()
    assert keys[1:] == old_keys
    assert keys[0] not in old_keys


def test_rotating_an_unreadable_value_raises_decryption_error(key_file: Path) -> None:
    """A stored value under an unknown key stops rotation with DecryptionError."""
    foreign = Fernet(Fernet.generate_key()).encrypt(b"x").decode()
    with pytest.raises(crypto.DecryptionError):
        crypto.rotate(foreign)


def test_first_use_creates_a_private_key_file(
    tmp_path: Path, settings: Any, key_file: Path
) -> None:
    """Without keys, the first use creates an owner-only key file holding one valid key."""
    settings.WELCOMEHUB_FIELD_KEYS_FILE = tmp_path / "keys" / "field_keys"
    crypto.reset_cipher()
    keys = crypto.read_keys()
    created = tmp_path / "keys" / "field_keys"
    assert len(keys) == 1
    Fernet(keys[0].encode())
    assert created.stat().st_mode & 0o077 == 0
    assert crypto.decrypt(crypto.encrypt("x")) == "x"
    assert [p.name for p in created.parent.iterdir()] == ["field_keys"]


def test_keys_from_the_environment_are_not_written(
    monkeypatch: pytest.MonkeyPatch, key_file: Path
) -> None:
    """With WELCOMEHUB_FIELD_KEYS set, the keys come from it, newest first, and the
    application refuses to write a key file."""
    new, old = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv(crypto.ENV_KEYS, f"{new}, {old}")
    crypto.reset_cipher()
    assert crypto.read_keys() == [new, old]
    token = Fernet(old.encode()).encrypt(b"under the old key").decode()
    assert crypto.decrypt(token) == "under the old key"
    assert Fernet(new.encode()).decrypt(crypto.rotate(token).encode()) == b"under the old key"
    with pytest.raises(RuntimeError):
        crypto.write_keys([new])
