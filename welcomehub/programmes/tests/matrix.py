"""The directory's, orientation's and referrals' routes in the authorisation matrix (see
tests/matrix_support.py).

The directory and the orientation pages are public. Coordinators keep their own
organisation's entries and articles. A referral is made by A's caseworker for another
household of A (household A itself stays out of B's sight) to a service of B, with
consent to share with B, so B's caseworker reads it as the receiving side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conftest import World
from welcomehub.programmes import referrals
from welcomehub.programmes.models import (
    OrientationArticle,
    OrientationText,
    Referral,
    Service,
    ServiceTranslation,
)
from welcomehub.programmes.tests.support import (
    article_of,
    new_household,
    service_of,
    sharing_consent,
)
from welcomehub.tests.matrix_support import (
    CASEWORKER_A,
    COORDINATOR_A,
    SIGNED_IN,
    MatrixWorld,
    get_post,
    keys,
    rule,
)

COORDINATORS = keys("ab", "coordinator")
CASEWORKERS = keys("ab", "caseworker")


@dataclass
class Directory:
    service: Service  # of A, in Lisboa
    service_b: Service  # of B, in Lisboa
    article: OrientationArticle  # of A
    referral: Referral  # from A's caseload to B's service


def build(world: World) -> Directory:
    service = service_of(world, "a")
    service_b = service_of(world, "b", name="Evening language club")
    household, head = new_household(world)
    sharing_consent(head, world)
    referral = referrals.referral_create(
        actor=world.users["caseworker"],
        household=household,
        service=service_b,
        persons=[head],
        shared_fields=["languages"],
        barriers=["transport"],
    )
    return Directory(
        service=service, service_b=service_b, article=article_of(world), referral=referral
    )


def _built(matrix: MatrixWorld) -> Directory:
    found: Directory = matrix.built[__name__]
    return found


KWARGS: dict[str, Any] = {
    "service_id": lambda m: _built(m).service.pk,
    "article_slug": lambda m: _built(m).article.slug,
    "referral_id": lambda m: _built(m).referral.pk,
}

PUBLIC = {
    "services:directory",
    "services:export_csv",
    "services:export_hxl",
    "services:detail",
    "services:orientation",
    "services:orientation_detail",
    "services:orientation_pdf",
    "services:orientation_booklet",
    "/api/services",
    "/api/services/{service_id}",
    "/api/orientation",
}

PAGES = {
    "services:manage": {"GET": rule(COORDINATORS)},
    "services:add": get_post(rule(COORDINATORS)),
    "services:edit": get_post(rule(COORDINATOR_A)),
    "services:translate": get_post(rule(COORDINATOR_A)),
    "services:orientation_manage": {"GET": rule(COORDINATORS)},
    "services:orientation_add": get_post(rule(COORDINATORS)),
    "services:orientation_edit": get_post(rule(COORDINATOR_A)),
    "services:orientation_publish": {"POST": rule(COORDINATOR_A)},
    "referrals:list": {"GET": rule(CASEWORKERS)},
    "referrals:create": get_post(rule(CASEWORKER_A, shows_a=True)),
    "referrals:detail": get_post(rule(CASEWORKERS)),
}

API_BODIES: dict[tuple[str, str], Any] = {
    # Household A to B's service without consent, so with the reason an override needs.
    ("POST", "/api/referrals"): lambda m: {
        "household": m.household_a.reference,
        "service_id": _built(m).service_b.pk,
        "person_ids": [m.head_a.pk],
        "shared_fields": ["languages"],
        "override_reason": "Urgent appointment",
    },
}

API = {
    ("POST", "/api/referrals"): rule(CASEWORKER_A),
    ("GET", "/api/referrals"): rule(CASEWORKERS, SIGNED_IN - CASEWORKERS),
    ("GET", "/api/referrals/{referral_id}"): rule(CASEWORKERS),
}

STATE = [
    ("services", Service, "COUNT(*)"),
    ("services_changed", Service, "MAX(updated_at)"),
    ("service_translations", ServiceTranslation, "COUNT(*)"),
    ("referrals", Referral, "COUNT(*)"),
    ("referrals_changed", Referral, "MAX(updated_at)"),
    ("orientation_articles_changed", OrientationArticle, "MAX(updated_at)"),
    ("orientation_texts", OrientationText, "COUNT(*)"),
]
