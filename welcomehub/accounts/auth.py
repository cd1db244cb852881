"""The signed-in user of a request, typed for the code that needs one."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from welcomehub.accounts.models import User


def signed_in(request: HttpRequest) -> User:
    """The request's user; views behind login_required never see an anonymous one."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
