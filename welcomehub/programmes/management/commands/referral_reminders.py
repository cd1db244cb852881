"""Remind organisations of the referrals they must answer or complete (once a day)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from welcomehub.programmes.referrals import referrals_remind_due
from welcomehub.programmes.tasks import referral_reminders_task


class Command(BaseCommand):
    help = "E-mail each organisation with open referrals due; run daily from cron."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the task for the worker instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = referral_reminders_task.enqueue()
            self.stdout.write(f"Queued task {result.id}.")
            return
        count = referrals_remind_due(today=timezone.localdate())
        self.stdout.write(f"Reminded {count} organisation(s).")
