"""Background work of sponsorship (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def checkin_reminders_task() -> int:
    """Remind sponsor groups and their overseers of check-ins due within a week or
    overdue; returns how many check-ins were reminded. Run daily from cron:
    `welcomehub manage sponsorship_reminders --enqueue`."""
    from welcomehub.sponsorship.reminders import reminders_send

    return reminders_send()
