"""`welcomehub manage retention [--dry-run] [--today YYYY-MM-DD]`: apply the retention
schedule (core/data/retention.json); run it daily."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from welcomehub.core.retention import retention_apply, schedule


class Command(BaseCommand):
    help = "Erase, anonymise or delete what the retention schedule has reached."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count only; change nothing.")
        parser.add_argument("--today", help="Apply as of this day (YYYY-MM-DD); default today.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today must be a date YYYY-MM-DD") from exc
        counts = retention_apply(today=today, dry_run=options["dry_run"])
        verb = "would be" if options["dry_run"] else "were"
        rules = schedule()
        for rule, count in counts.items():
            self.stdout.write(f"{rule}: {count} {verb} {rules[rule]['action']}d")
        self.stdout.write("audit: kept (append-only, identifiers only; see retention.json)")
