from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from welcomehub.accounts.models import Role
from welcomehub.accounts.roles import role_label
from welcomehub.core.forms import StyledForm


class MembershipAddForm(StyledForm):
    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"))
    create_account = forms.BooleanField(
        label=_("Create a new account with this user name"),
        required=False,
        help_text=_(
            "The new colleague gets a one-time password, shown once, to replace at first sign-in."
        ),
    )
    first_name = forms.CharField(
        label=_("First name (new account)"), max_length=150, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles = Role.objects.exclude(scope="platform").order_by("name")
        self.set_choices("role", [(role.code, role_label(role.code, role.name)) for role in roles])


class TokenCreateForm(StyledForm):
    name = forms.CharField(label=_("What the token is for"), max_length=100)


class TwoFactorForm(StyledForm):
    code = forms.RegexField(
        label=_("Six-digit code from your authenticator app"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Enter the six digits shown in the app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PasswordChangeForm(StyledForm, auth_forms.PasswordChangeForm):
    """Django's form (old password, new password twice) with the project's styling."""


class SignInForm(StyledForm, auth_forms.AuthenticationForm):
    """Django's sign-in form with the project's styling."""
