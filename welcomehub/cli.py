"""The `welcomehub` command: the web app, the worker and the operator's tools.

Every subcommand is a Django management command; this module only picks settings and
passes the arguments on, so `welcomehub manage ...` reaches all of them.
"""

from __future__ import annotations

import os
import sys

SHORTCUTS = {
    "demo": "demo",
    "serve": "serve",
    "worker": "db_worker",
    "token": "token",
    "rotate-keys": "rotate_keys",
    "placement": "placement",
    "exchange": "exchange",
    "connections": "connections",
    "backup": "backup",
    "restore": "restore",
}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    if not args or args[0] in {"-h", "--help"}:
        print(
            "usage: welcomehub {demo,serve,worker,token,placement,exchange,connections,"
            "rotate-keys,backup,restore,manage} ...\n\n"
            "  demo [--port N]        fresh demo world on SQLite, served at 127.0.0.1\n"
            "  serve [--port N]       serve the platform (gunicorn, static files)\n"
            "  worker                 run background tasks (django-tasks database worker)\n"
            "  token create --user U  print a new API token for a user\n"
            "  token revoke --prefix P\n"
            "  placement solve ...    stateless placement (DESIGN §4 contract)\n"
            "  exchange match ...     stateless needs-offers matching (DESIGN §4 contract)\n"
            "  connections match ...  stateless household-mentor matching (stable|weighted)\n"
            "  rotate-keys            re-encrypt sensitive fields under a new key\n"
            "  backup FILE            encrypted backup of the whole database\n"
            "  restore FILE [--yes]   replace the database with a backup\n"
            "  manage ...             any Django management command"
        )
        return 0
    command, rest = args[0], args[1:]
    if command == "demo":
        os.environ.setdefault("WELCOMEHUB_DEMO", "1")
    if command == "manage":
        return _execute(rest)
    if command not in SHORTCUTS:
        print(f"welcomehub: unknown command {command!r}; see welcomehub --help", file=sys.stderr)
        return 2
    return _execute([SHORTCUTS[command], *rest])


def _execute(argv: list[str]) -> int:
    """Run a management command and give back its exit status instead of exiting."""
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["welcomehub", *argv])
    except SystemExit as exit_:
        if exit_.code is None or isinstance(exit_.code, int):
            return exit_.code or 0
        print(exit_.code, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
