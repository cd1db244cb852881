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
}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    if not args or args[0] in {"-h", "--help"}:
        print(
            "usage: welcomehub {demo,serve,worker,token,rotate-keys,manage} ...\n\n"
            "  demo [--port N]        fresh demo world on SQLite, served at 127.0.0.1\n"
            "  serve [--port N]       serve the platform (gunicorn, static files)\n"
            "  worker                 run background tasks (django-tasks database worker)\n"
            "  token create --user U  print a new API token for a user\n"
            "  token revoke --prefix P\n"
            "  rotate-keys            re-encrypt sensitive fields under a new key\n"
            "  manage ...             any Django management command"
        )
        return 0
    from django.core.management import execute_from_command_line

    command, rest = args[0], args[1:]
    if command == "demo":
        os.environ.setdefault("WELCOMEHUB_DEMO", "1")
    if command == "manage":
        execute_from_command_line(["welcomehub", *rest])
        return 0
    if command not in SHORTCUTS:
        print(f"welcomehub: unknown command {command!r}; see welcomehub --help", file=sys.stderr)
        return 2
    execute_from_command_line(["welcomehub", SHORTCUTS[command], *rest])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
