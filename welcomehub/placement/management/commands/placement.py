"""`welcomehub placement solve`: the stateless placement contract of DESIGN §4.

    welcomehub placement solve --cases CASES.csv --locations LOCATIONS.csv
        [--scores SCORES.csv] [--time-limit SECONDS] --format json
        [--locks PAIRS.csv] [--bars PAIRS.csv] [--min-top-preference-share SHARE]
        [--group-floor KEY=VALUE ...] [--alternatives]

prints the contract's JSON object on stdout, followed by an extra "explanations" key
(per case: why it is placed where it is, or why it is not placed). Bad input prints
`FILE:LINE: column COLUMN: message` on stderr, nothing on stdout, and exits with 2.

The optional flags go beyond the contract: PAIRS files have the columns
`case_id,location_id` (locks: the case must go there; bars: it must not);
`--min-top-preference-share` and `--group-floor nationality:SY=0.4` (repeatable) are
fairness constraints, and add "constraint_costs" (score given up per constraint);
`--alternatives` adds up to three ranked other locations per case. "notes" appears when
the engine has something to say (a lock that cannot hold is explained per case).
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


def share(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise ValueError(text)
    return value


def floor(text: str) -> tuple[str, float]:
    key, sep, value = text.rpartition("=")
    attribute, _, group = key.partition(":")
    if not sep or attribute not in ("nationality", "head_gender") or not group:
        raise ValueError(text)
    return key, float(value)


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
        solve_parser.add_argument("--locks", type=Path, metavar="PAIRS.csv")
        solve_parser.add_argument("--bars", type=Path, metavar="PAIRS.csv")
        solve_parser.add_argument("--min-top-preference-share", type=share, metavar="SHARE")
        solve_parser.add_argument(
            "--group-floor",
            type=floor,
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="e.g. nationality:SY=0.4 or head_gender:female=0.4",
        )
        solve_parser.add_argument("--alternatives", action="store_true")

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
            instance = read_instance(
                options["cases"],
                options["locations"],
                options["scores"],
                locks=options.get("locks"),
                bars=options.get("bars"),
            )
        except InputError as error:
            raise CommandError(str(error), returncode=2) from error
        # Reading the files counts against the limit, so the limit is close to wall-clock.
        left = options["time_limit"] - (time.monotonic() - started)
        engine_options = Options(
            time_limit=max(left, MIN_SOLVE_SECONDS),
            min_top_preference_share=options.get("min_top_preference_share"),
            group_floors=dict(options.get("group_floor") or []),
        )
        solution = solve(instance, engine_options)
        output: dict[str, object] = solution.contract_dict()
        output["explanations"] = {
            case_id: explanation.as_dict() for case_id, explanation in solution.explanations.items()
        }
        if solution.constraint_costs:
            output["constraint_costs"] = solution.constraint_costs
        if options.get("alternatives"):
            output["alternatives"] = {
                case_id: [{"location_id": loc, "value": value} for loc, value in items]
                for case_id, items in solution.alternatives.items()
            }
        if solution.notes:
            output["notes"] = list(solution.notes)
        self.stdout.write(json.dumps(output))
