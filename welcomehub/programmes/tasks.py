"""Background work of the directory and referrals (django-tasks)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task


@task()
def referral_reminders_task() -> int:
    """E-mail each organisation that has open referrals due; returns how many were
    reminded. Run daily (`welcomehub manage referral_reminders --enqueue` from cron)."""
    from welcomehub.programmes.referrals import referrals_remind_due

    return referrals_remind_due(today=timezone.localdate())
