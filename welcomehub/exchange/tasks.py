"""Background work of the exchange (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from welcomehub.exchange.models import SurveyRound


@task()
def matches_compute_task(round_id: int) -> int:
    """Recompute a round's suggestions; returns how many were stored."""
    from welcomehub.exchange.services import matches_compute

    survey_round = SurveyRound.objects.filter(pk=round_id).first()
    if survey_round is None:  # the round was deleted after the task was queued
        return 0
    return len(matches_compute(survey_round=survey_round))


@task()
def exchange_reminders_task() -> int:
    """Send the exchange's due reminders (introductions, follow-ups, twinning); returns
    how many items were reminded. Run daily: `welcomehub manage exchange_reminders
    --enqueue` from cron."""
    from welcomehub.exchange.reminders import reminders_send

    return reminders_send().total
