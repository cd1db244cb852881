"""Background work of the volunteer programme (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def clearance_alerts_task() -> int:
    """Suspend volunteers whose police clearance has lapsed and e-mail each organisation's
    volunteer coordinators the clearances ending within 30 days (each once). Run daily
    from cron: `welcomehub connections alerts --enqueue`. Returns how many
    clearances were alerted."""
    from welcomehub.connections.services import clearance_alerts_send

    return clearance_alerts_send()
