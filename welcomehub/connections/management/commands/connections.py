"""`welcomehub connections match`: stateless household-mentor matching.

Reads H.csv and M.csv, prints `{"pairs": [...], "blocking_pairs": N,
"unmatched_households": [...]}` on stdout and nothing else. Bad input prints one
`FILE:LINE: column COLUMN: message` line per problem on stderr and exits 2, with nothing
on stdout.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from welcomehub.connections.matching.files import MatchInputError, read_problem, solve


class InputRejected(CommandError):
    def __init__(self, message: str) -> None:
        super().__init__(message, returncode=2)


class Command(BaseCommand):
    help = "Volunteer and sponsor matching tools."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        match = actions.add_parser("match", help="match households with mentors (stateless)")
        match.add_argument("--households", required=True, type=Path, help="H.csv")
        match.add_argument("--mentors", required=True, type=Path, help="M.csv")
        match.add_argument("--mode", choices=["stable", "weighted"], required=True)
        match.add_argument("--format", choices=["json"], default="json")
        alerts = actions.add_parser(
            "alerts", help="suspend lapsed clearances, e-mail those ending within 30 days"
        )
        alerts.add_argument(
            "--enqueue", action="store_true", help="queue the task for the worker instead"
        )

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except InputRejected as exc:
            if not getattr(self, "_called_from_command_line", False):
                raise
            self.stderr.write(str(exc))
            sys.exit(exc.returncode)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "alerts":
            from welcomehub.connections.tasks import clearance_alerts_task

            if options["enqueue"]:
                clearance_alerts_task.enqueue()
                self.stdout.write("queued")
            else:
                self.stdout.write(f"{clearance_alerts_task.call()} clearances alerted")
            return
        try:
            problem = read_problem(options["households"], options["mentors"])
        except MatchInputError as exc:
            raise InputRejected(str(exc)) from exc
        payload = solve(problem, options["mode"])
        self.stdout.write(json.dumps(payload, ensure_ascii=False))
