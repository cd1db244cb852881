"""A fresh demo world on SQLite, served at once (`welcomehub demo`)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Create a fresh demo database, load the demo world and serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-serve", action="store_true", help="Only build the demo world.")

    def handle(self, *args: Any, **options: Any) -> None:
        database = settings.DATABASES["default"]
        if not database["ENGINE"].endswith("sqlite3"):
            raise CommandError("The demo runs on its own SQLite database; unset DATABASE_URL.")
        if not settings.WELCOMEHUB_DEMO:
            raise CommandError("Set WELCOMEHUB_DEMO=1 (the `welcomehub demo` command does).")
        from django.db import connections

        connections.close_all()
        path = str(database["NAME"])
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        call_command("migrate", verbosity=0)
        password = os.environ.get("WELCOMEHUB_DEMO_PASSWORD") or secrets.token_urlsafe(9)
        call_command("load_demo", password=password)
        self.stdout.write(self.style.SUCCESS("Demo world ready. Sign in as demo-caseworker, ..."))
        self.stdout.write(f"Demo password for every demo account: {password}")
        if options["no_serve"]:
            return
        # The background worker runs beside the server, so queued tasks (matching after
        # an answer is submitted) complete in the demo as they would in production.
        worker = subprocess.Popen([sys.executable, "-m", "welcomehub.cli", "worker"])
        try:
            call_command("serve", host=options["host"], port=options["port"])
        finally:
            worker.terminate()
            worker.wait(timeout=10)
