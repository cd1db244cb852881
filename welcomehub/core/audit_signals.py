"""Sign-ins, sign-outs and failed sign-ins enter the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action=AuditAction.LOGIN, obj=user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action=AuditAction.LOGOUT, obj=user)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    # The attempted name is kept only when it is a real account: a mistyped name
    # can be someone's phone number or e-mail address.
    username = credentials.get("username", "")
    user = get_user_model().objects.filter(username=username).first()
    audit_record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        object_type="accounts.user" if user else "",
        object_id=user.pk if user else "",
        detail={"known_account": user is not None},
    )
