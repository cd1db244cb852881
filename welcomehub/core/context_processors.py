from typing import Any

from django.conf import settings
from django.http import HttpRequest

from welcomehub.accounts.permissions import has_any


def site(request: HttpRequest) -> dict[str, Any]:
    """What the navigation needs: which sections this user may open."""
    user = request.user
    return {
        "demo_mode": settings.WELCOMEHUB_DEMO,
        "nav": {
            "households": has_any(user, "household.view"),
            "programmes": has_any(user, "programme.view"),
            "organisations": has_any(user, "organisation.view"),
            "roles": has_any(user, "role.view"),
            "audit": has_any(user, "audit.view"),
            "own_household": has_any(user, "own_household.view"),
            "exchange": has_any(user, "exchange.respond") or has_any(user, "exchange.coordinate"),
            "outcomes": has_any(user, "assessment.record"),
            "feedback": has_any(user, "feedback.manage"),
            "feedback_log": has_any(user, "feedback.log"),
            "sponsorship": has_any(user, "sponsorship.manage"),
            "own_sponsorship": has_any(user, "own_sponsorship.view"),
            "community": has_any(user, "community.manage"),
            "volunteers": has_any(user, "volunteer.manage"),
            "own_volunteering": has_any(user, "own_volunteering.view"),
        },
    }
