"""Remind sponsor groups and their overseers of check-ins due (once a day)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from welcomehub.sponsorship.reminders import reminders_send
from welcomehub.sponsorship.tasks import checkin_reminders_task


class Command(BaseCommand):
    help = "E-mail reminders of sponsorship check-ins due within a week or overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the task for the worker instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = checkin_reminders_task.enqueue()
            self.stdout.write(f"Queued task {result.id}.")
            return
        self.stdout.write(f"Reminded {reminders_send()} check-in(s).")
