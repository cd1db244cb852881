"""Telling receiving organisations about finalised placements.

A notice per location of a finalised run goes to the organisation responsible for it (the
location's receiving organisation, else the programme's lead): an entry in the app and an
e-mail to each of its coordinators and caseworkers, in their language. Both carry household
references and sizes only, never a name, contact or need (DESIGN §6: the receiving
caseworker opens the household itself, where access rules and the audit trail apply).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from welcomehub.accounts.models import Membership
from welcomehub.people.models import Household
from welcomehub.placement.models import PlacementLocation, PlacementNotice, PlacementRun

logger = logging.getLogger(__name__)

RECIPIENT_ROLES = ("coordinator", "caseworker")


def notices_create(
    *, run: PlacementRun, placed: Iterable[tuple[Household, PlacementLocation]]
) -> list[PlacementNotice]:
    """One notice per location; call inside the finalising transaction."""
    by_location: dict[PlacementLocation, list[Household]] = defaultdict(list)
    for household, location in placed:
        by_location[location].append(household)
    notices = []
    for location, households in sorted(by_location.items(), key=lambda item: str(item[0])):
        rows = [
            {"reference": household.reference, "persons": len(household.members.all())}
            for household in sorted(households, key=lambda household: household.reference)
        ]
        notice = PlacementNotice(
            run=run,
            organisation_id=location.receiving_organisation_id or run.programme.lead_id,
            location=location,
            households=rows,
            persons=sum(row["persons"] for row in rows),
        )
        notice.full_clean()
        notices.append(notice)
    PlacementNotice.objects.bulk_create(notices)
    return notices


def recipients(organisation_id: int) -> list[tuple[str, str]]:
    """(e-mail, language) of the organisation's active coordinators and caseworkers."""
    memberships = (
        Membership.objects.filter(
            organisation_id=organisation_id,
            role__code__in=RECIPIENT_ROLES,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__email")
    )
    seen: dict[str, str] = {}
    for membership in memberships:
        seen.setdefault(membership.user.email, membership.user.preferred_language)
    return list(seen.items())


def _body(notice: PlacementNotice) -> str:
    lines = [
        _(
            "%(programme)s has placed %(households)d households (%(persons)d persons) "
            "at %(location)s, for which your organisation is responsible."
        )
        % {
            "programme": notice.run.programme.name,
            "households": len(notice.households),
            "persons": notice.persons,
            "location": notice.location,
        },
        "",
    ]
    lines += [_("%(reference)s: %(persons)d persons") % row for row in notice.households]
    lines += [
        "",
        _("The notices are listed in Welcome Hub under Placement: %(path)s")
        % {"path": reverse("placement:index")},
    ]
    return "\n".join(lines)


def notices_send(notice_ids: list[int]) -> int:
    """E-mail every notice to its organisation's coordinators and caseworkers (after the
    finalising transaction has committed); returns the number of e-mails sent."""
    sent = 0
    notices = PlacementNotice.objects.filter(pk__in=notice_ids).select_related(
        "run__programme", "location__place", "organisation"
    )
    for notice in notices:
        count = 0
        for email, language in recipients(notice.organisation_id):
            with translation.override(language or settings.LANGUAGE_CODE):
                try:
                    send_mail(
                        _("Welcome Hub: households placed at %(location)s")
                        % {"location": notice.location},
                        _body(notice),
                        settings.DEFAULT_FROM_EMAIL,
                        [email],
                    )
                except OSError:
                    logger.exception("placement notice %s: an e-mail was not sent", notice.pk)
                    continue
            count += 1
        PlacementNotice.objects.filter(pk=notice.pk).update(recipients=count)
        sent += count
    return sent
