"""Check-in reminders: each check-in not yet held, due within a week or overdue, is
reminded at most once a week. The e-mail goes to the group's linked sponsor accounts and
to the overseeing organisation's staff with sponsorship.manage, in Bcc; it names the
group and the day, never the family. One audit row per reminded check-in, by the system."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.accounts.models import Membership, RolePermission
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.sponsorship.models import CheckIn, SponsorshipStatus

AHEAD_DAYS = 7
EVERY_DAYS = 7


def _staff_emails(organisation_id: int) -> set[str]:
    roles = RolePermission.objects.filter(permission_id="sponsorship.manage").values("role_id")
    return set(
        Membership.objects.filter(organisation_id=organisation_id, role_id__in=roles)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


@transaction.atomic
def reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Send the due reminders; returns how many check-ins were reminded."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rows = (
        CheckIn.objects.select_for_update()
        .filter(
            done_on__isnull=True,
            sponsorship__status=SponsorshipStatus.INTRODUCED,
            due_on__lte=today + datetime.timedelta(days=AHEAD_DAYS),
        )
        .filter(
            Q(reminded_at__isnull=True)
            | Q(reminded_at__lte=now - datetime.timedelta(days=EVERY_DAYS))
        )
        .select_related("sponsorship__group")
    )
    messages = []
    count = 0
    for checkin in rows:
        group = checkin.sponsorship.group
        recipients = _staff_emails(group.organisation_id) | {
            email
            for email in group.members.exclude(user=None).values_list("user__email", flat=True)
            if email
        }
        subject = _("Sponsorship check-in due: %(group)s, day %(day)s") % {
            "group": group.name,
            "day": checkin.day,
        }
        body = _("The day-%(day)s check-in of %(group)s is due on %(due)s.") % {
            "day": checkin.day,
            "group": group.name,
            "due": checkin.due_on.isoformat(),
        }
        if recipients:
            messages.append(
                EmailMessage(
                    subject=subject,
                    body=body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    bcc=sorted(recipients),
                )
            )
        checkin.reminded_at = now
        checkin.save(update_fields=["reminded_at"])
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            obj=checkin,
            organisation_id=group.organisation_id,
            channel=AuditChannel.SYSTEM,
            detail={"reminded": len(recipients)},
        )
        count += 1

    def deliver() -> None:
        for message in messages:
            message.send()

    transaction.on_commit(deliver)
    return count
