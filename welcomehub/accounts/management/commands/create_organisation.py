"""Bootstrap: an organisation and its first administrator, with a one-time password.

`welcomehub manage create_organisation --name "…" --type ngo --country PT --admin NAME`
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from welcomehub.accounts import services


class Command(BaseCommand):
    help = "Create an organisation and its first administrator (prints a one-time password)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--type", required=True, dest="org_type", help="organisation type code")
        parser.add_argument("--country", required=True, help="ISO 3166-1 alpha-2 code")
        parser.add_argument("--admin", required=True, help="user name of the first administrator")
        parser.add_argument(
            "--platform-admin", action="store_true", help="also make them platform administrator"
        )
        parser.add_argument("--require-two-factor", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                organisation = services.organisation_create(
                    actor=None,
                    name=options["name"],
                    org_type=options["org_type"],
                    country=options["country"].upper(),
                    requires_two_factor=options["require_two_factor"],
                )
                membership, password = services.member_invite(
                    actor=None,
                    organisation=organisation,
                    username=options["admin"],
                    role_code="org_admin",
                )
                if options["platform_admin"]:
                    services.membership_add(
                        actor=None,
                        user=membership.user,
                        organisation=organisation,
                        role_code="platform_admin",
                    )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=2) from error
        self.stdout.write(f"Organisation {organisation.name} (id {organisation.pk}) created.")
        self.stdout.write(f"One-time password for {options['admin']}: {password}")
