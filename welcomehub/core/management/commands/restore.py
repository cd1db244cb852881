from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from welcomehub.core.backup import BackupError, restore_from


class Command(BaseCommand):
    help = "Replace the database's contents with an encrypted backup (checked first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask: every current row is replaced."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["backup"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        if not options["yes"]:
            answer = input("Every current row will be replaced by the backup. Type yes: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was changed.")
        try:
            count = restore_from(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {count} records from {path}.")
