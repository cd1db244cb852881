"""`welcomehub rotate-keys`: a new field key, every encrypted value re-encrypted under it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from welcomehub.core.services import keys_rotate


class Command(BaseCommand):
    help = "Add a new encryption key, re-encrypt every sensitive field, retire the old keys."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--keep-old", action="store_true", help="Keep the old keys (e.g. for a backup)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = keys_rotate(actor=None, keep_old=options["keep_old"])
        total = sum(counts.values())
        for name, count in sorted(counts.items()):
            self.stdout.write(f"{name}: {count} values re-encrypted")
        self.stdout.write(self.style.SUCCESS(f"Done: {total} values under the new key."))
