from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from welcomehub.outcomes import facts


class Command(BaseCommand):
    help = (
        "Rebuild the per-person change table the outcome dashboards read, from every "
        "recorded answer (after a bulk import, or to recover); consents re-read."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        rows = facts.rebuild()
        self.stdout.write(f"{rows} rows: one per person and domain measured twice.")
