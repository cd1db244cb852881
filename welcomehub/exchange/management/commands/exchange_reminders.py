"""Remind the sides of introductions and twinning pairs that have not answered or moved
on, and those who have not answered the follow-up survey (once a day)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from welcomehub.exchange.reminders import reminders_send
from welcomehub.exchange.tasks import exchange_reminders_task


class Command(BaseCommand):
    help = "E-mail the exchange's due reminders; run daily from cron."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the task for the worker instead."
        )
        parser.add_argument(
            "--days", type=int, default=None, help="Remind after this many days (default 7)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = exchange_reminders_task.enqueue()
            self.stdout.write(f"Queued task {result.id}.")
            return
        sent = reminders_send(days=options["days"])
        self.stdout.write(
            f"Reminded {sent.introductions} introduction(s), {sent.followups} follow-up(s) "
            f"and {sent.twinning_pairs} twinning pair(s); {sent.messages} e-mail(s)."
        )
