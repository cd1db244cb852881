"""Access gates of the directory, referrals and orientation content (DESIGN §3 rule 3).

A missing and a forbidden record give the same 404. Reading a referral is reading
personal data, so every successful fetch leaves an audit row.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from welcomehub.accounts.permissions import has_perm
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.programmes.models import OrientationArticle, Referral, Service
from welcomehub.programmes.referral_rules import Side
from welcomehub.programmes.referrals import sides_of

MANAGE = "service.manage"


def access_service(*, user: Any, service_id: int) -> Service:
    """A directory entry the user keeps for their organisation."""
    service = Service.objects.select_related("organisation").filter(pk=service_id).first()
    if service is None:
        raise Http404
    if not user.is_authenticated:
        raise Http404
    if not has_perm(user, MANAGE, service.organisation_id):
        raise Http404
    return service


def access_article(*, user: Any, slug: str) -> OrientationArticle:
    """An orientation article the user keeps for their organisation."""
    article = OrientationArticle.objects.select_related("organisation").filter(slug=slug).first()
    if article is None:
        raise Http404
    if not user.is_authenticated:
        raise Http404
    if not has_perm(user, MANAGE, article.organisation_id):
        raise Http404
    return article


def access_referral(
    *, user: Any, referral_id: int, channel: str = AuditChannel.WEB
) -> tuple[Referral, frozenset[Side]]:
    """A referral seen from the side(s) the user acts for: the referring organisation,
    or the receiving one while sharing holds."""
    referral = (
        Referral.objects.select_related(
            "service", "household__location", "from_organisation", "to_organisation"
        )
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise Http404
    if not user.is_authenticated:
        raise Http404
    sides = sides_of(user, referral)
    if not sides:
        raise Http404
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=referral,
        organisation_id=(
            referral.from_organisation_id if Side.SENDER in sides else referral.to_organisation_id
        ),
        channel=channel,
        detail={"side": sorted(side.value for side in sides)},
    )
    return referral, sides
