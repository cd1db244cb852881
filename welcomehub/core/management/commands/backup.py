from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from welcomehub.core.backup import BackupError, backup_to


class Command(BaseCommand):
    help = "Write an encrypted backup of the whole database (SQLite or PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output", type=Path, help="File to write, e.g. welcomehub.backup")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = backup_to(options["output"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up {count} records to {options['output']}.")
