"""`welcomehub exchange match`: stateless needs-offers matching (DESIGN §4).

Reads two CSV files, prints `{"matches": [...]}` on stdout and nothing else. Bad input
prints one `FILE:LINE: column COLUMN: message` line per problem on stderr and exits 2,
with nothing on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from welcomehub.exchange.io import ExchangeInputError, read_needs_and_offers
from welcomehub.exchange.matching import MatchEngine, select_encoder


class InputRejected(CommandError):
    """Bad input files; printed as bare `FILE:LINE: column COLUMN: message` lines."""

    def __init__(self, message: str) -> None:
        super().__init__(message, returncode=2)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


class Command(BaseCommand):
    help = "Needs and opportunities exchange tools."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        match = actions.add_parser("match", help="suggest offers for every need (DESIGN §4)")
        match.add_argument("--needs", required=True, type=Path, help="NEEDS.csv")
        match.add_argument("--offers", required=True, type=Path, help="OFFERS.csv")
        match.add_argument("--top", type=_positive, default=10, help="offers per need (K)")
        match.add_argument("--format", choices=["json"], default="json")
        match.add_argument(
            "--encoder",
            choices=["auto", "lexical"],
            default="auto",
            help="auto: the bundled multilingual embedder if it loads, else lexical only",
        )
        match.add_argument(
            "--cache", type=Path, default=None, help="directory for cached embeddings"
        )

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except InputRejected as exc:
            if not getattr(self, "_called_from_command_line", False):
                raise
            # Django would prefix "CommandError: "; the contract wants the bare lines.
            self.stderr.write(str(exc))
            sys.exit(exc.returncode)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            needs, offers = read_needs_and_offers(options["needs"], options["offers"])
        except ExchangeInputError as exc:
            raise InputRejected(str(exc)) from exc
        encoder, note = select_encoder(options["encoder"], options["cache"])
        if note:
            self.stderr.write(f"warning: {note}")
        results = MatchEngine(encoder).match(needs, offers, options["top"])
        payload = {"matches": [result.as_dict() for result in results]}
        self.stdout.write(json.dumps(payload, ensure_ascii=False))
