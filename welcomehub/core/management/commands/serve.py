"""Serve the platform with gunicorn (threads, so SQLite and PostgreSQL both suit)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, application: Any, options: dict[str, Any]) -> None:
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.application


class Command(BaseCommand):
    help = "Serve Welcome Hub over HTTP with a production server and static files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument(
            "--keepalive",
            type=int,
            default=2,
            help="seconds an idle connection stays open (clients straight on gunicorn, no proxy)",
        )
        parser.add_argument("--skip-collectstatic", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["skip_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        from config.wsgi import application

        workers = options["workers"]
        if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
            workers = 1  # one process with threads: SQLite allows one writer at a time
        self.stdout.write(f"Serving on http://{options['host']}:{options['port']}/")
        _Gunicorn(
            application,
            {
                "bind": f"{options['host']}:{options['port']}",
                "workers": workers,
                "threads": options["threads"],
                "worker_class": "gthread",
                "accesslog": "-",
                "timeout": 60,
                "keepalive": options["keepalive"],
            },
        ).run()
