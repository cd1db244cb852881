"""`welcomehub token create --user NAME` prints a new API token; `revoke` ends one."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from welcomehub.accounts import services
from welcomehub.accounts.models import ApiToken, User
from welcomehub.core.models import AuditChannel


class Command(BaseCommand):
    help = "Create or revoke a user's API token."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Print a new token for a user.")
        create.add_argument("--user", required=True)
        create.add_argument("--name", default="cli")
        revoke = sub.add_parser("revoke", help="Revoke a token by the prefix shown on its page.")
        revoke.add_argument("--prefix", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['user']!r}.")
            try:
                _token, raw = services.token_create(
                    actor=None, user=user, name=options["name"], channel=AuditChannel.CLI
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            self.stdout.write(raw)
            return
        tokens = ApiToken.objects.filter(prefix=options["prefix"], revoked_at__isnull=True)
        if not tokens.exists():
            raise CommandError("No active token has that prefix.")
        for token in tokens:
            services.token_revoke(actor=None, token=token, channel=AuditChannel.CLI)
        self.stdout.write(f"Revoked {tokens.count() or 'the'} token(s).")
