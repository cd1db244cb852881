"""`welcomehub placement solve`: the stateless placement contract of DESIGN §4.

    welcomehub placement solve --cases CASES.csv --locations LOCATIONS.csv
        [--scores SCORES.csv] [--time-limit SECONDS] --format json

prints the contract's JSON object on stdout, followed by an extra "explanations" key
(per case: why it is placed where it is, or why it is not placed). Bad input prints
`FILE:LINE: column COLUMN: message` on stderr, nothing on stdout, and exits with 2.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from welcomehub.placement.domain.solver import Options, solve
from welcomehub.placement.io import InputError, read_instance

DEFAULT_TIME_LIMIT = 60.0
MIN_SOLVE_SECONDS = 0.5


def seconds(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = "Recommend locations for arriving cases (stateless; DESIGN §4)."
    # Stateless: no database, so no system or migration checks to slow it down.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        solve_parser = sub.add_parser("solve", help="Solve one placement from CSV files.")
        solve_parser.add_argument("--cases", type=Path, required=True)
        solve_parser.add_argument("--locations", type=Path, required=True)
        solve_parser.add_argument("--scores", type=Path)
        solve_parser.add_argument(
            "--time-limit", type=seconds, default=DEFAULT_TIME_LIMIT, metavar="SECONDS"
        )
        solve_parser.add_argument("--format", choices=["json"], default="json")

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except CommandError as error:
            if not getattr(self, "_called_from_command_line", False):
                raise  # call_command: the caller handles it
            # Django would prefix "CommandError: "; the contract wants the message itself.
            self.stderr.write(str(error))
            sys.exit(error.returncode)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            instance = read_instance(options["cases"], options["locations"], options["scores"])
        except InputError as error:
            raise CommandError(str(error), returncode=2) from error
        # Reading the files counts against the limit, so the limit is close to wall-clock.
        left = options["time_limit"] - (time.monotonic() - started)
        solution = solve(instance, Options(time_limit=max(left, MIN_SOLVE_SECONDS)))
        output: dict[str, object] = solution.contract_dict()
        output["explanations"] = {
            case_id: explanation.as_dict() for case_id, explanation in solution.explanations.items()
        }
        self.stdout.write(json.dumps(output))
