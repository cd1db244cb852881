"""`welcomehub manage evaluation_frameworks`: reload the item banks shipped in
`welcomehub/evaluation/data/framework_*.json` (after an update of the files), or
`--import FILE` a national template (CSV or XLSX) for an organisation.

Import problems print as `FILE: line N: column C: message` on stderr, exit status 2, and
nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from welcomehub.accounts.models import Organisation
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.evaluation import frameworks, imports


class Command(BaseCommand):
    help = "Reload the shipped evaluation item banks, or import a national template."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--import", dest="path", type=Path, help="CSV or XLSX file")
        parser.add_argument("--organisation", help="name of the importing organisation")
        parser.add_argument("--code", help="framework code of the imported bank")
        parser.add_argument("--bank-version", dest="bank_version", help="its version")
        parser.add_argument("--title", help="its title")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["path"] is None:
            with transaction.atomic():
                loaded = frameworks.sync_all()
                for framework in loaded:
                    audit_record(
                        actor=None,
                        action=AuditAction.UPDATE,
                        obj=framework,
                        channel=AuditChannel.CLI,
                    )
            for framework in loaded:
                self.stdout.write(
                    f"{framework.code} {framework.version}: {framework.items.count()} items"
                )
            return
        self._import(options)

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["path"]
        missing = [n for n in ("organisation", "code", "bank_version", "title") if not options[n]]
        if missing:
            raise CommandError(
                "--import needs " + ", ".join("--" + n.replace("_", "-") for n in missing)
            )
        organisation = Organisation.objects.filter(name=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"no organisation named {options['organisation']!r}", returncode=2)
        try:
            document = imports.parse(
                imports.read_table(path.read_bytes(), path.name),
                code=options["code"],
                version=options["bank_version"],
                title=options["title"],
            )
        except imports.ImportProblems as error:
            raise CommandError(
                "\n".join(f"{path}: {problem}" for problem in error.problems), returncode=2
            ) from error
        with transaction.atomic():
            if frameworks_exist(document):
                raise CommandError("this code and version exist already", returncode=2)
            framework = frameworks.sync_file(document, organisation_id=organisation.pk)
            audit_record(
                actor=None,
                action=AuditAction.CREATE,
                obj=framework,
                organisation_id=organisation.pk,
                channel=AuditChannel.CLI,
            )
        self.stdout.write(f"{framework.code} {framework.version}: {framework.items.count()} items")


def frameworks_exist(document: dict[str, Any]) -> bool:
    from welcomehub.evaluation.models import Framework

    return Framework.objects.filter(code=document["code"], version=document["version"]).exists()
