from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from welcomehub.accounts import selectors, services
from welcomehub.accounts.auth import signed_in
from welcomehub.accounts.forms import (
    MembershipAddForm,
    PasswordChangeForm,
    SignInForm,
    TokenCreateForm,
    TwoFactorForm,
)
from welcomehub.accounts.models import ApiToken, Membership, Organisation, User
from welcomehub.accounts.permissions import (
    has_any,
    has_perm,
    is_platform_wide,
    organisations_with,
)
from welcomehub.core.forms import add_service_errors, call_service
from welcomehub.core.models import AuditChannel
from welcomehub.programmes.access import access_organisation

DEMO_ACCOUNTS = [
    ("demo-admin", "Organisation administrator"),
    ("demo-coordinator", "Programme coordinator"),
    ("demo-caseworker", "Caseworker"),
    ("demo-analyst", "Analyst"),
    ("demo-focal-point", "Exchange focal point"),
    ("demo-volunteer", "Volunteer"),
    ("demo-sponsor", "Sponsor-group member"),
    ("demo-refugee", "Refugee"),
]


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["demo_accounts"] = DEMO_ACCOUNTS if settings.WELCOMEHUB_DEMO else []
        return context


class SignOutView(auth_views.LogoutView):
    pass


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app on first use, then check its code at each sign-in."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setup = device is None
    if setup:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    form = TwoFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            if setup:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect("core:home")
        form.add_error(
            "code", _("That code is not valid. Check the time on your phone and try again.")
        )
    qr = segno.make(device.config_url).svg_data_uri(scale=4) if setup else None
    return render(request, "accounts/two_factor.html", {"form": form, "setup": setup, "qr": qr})


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _token, new_token = services.token_create(
            actor=request.user,
            user=signed_in(request),
            name=form.cleaned_data["name"],
            channel=AuditChannel.WEB,
        )
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": selectors.tokens_of(request.user), "new_token": new_token},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=token_id, user=signed_in(request)).first()
    if token is None:
        raise Http404
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:tokens")


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    if not has_any(request.user, "organisation.view"):
        raise Http404
    organisations = Organisation.objects.order_by("name")
    if not is_platform_wide(request.user, "organisation.view"):
        ids = organisations_with(request.user, "organisation.view")
        organisations = organisations.filter(pk__in=ids)
    return render(request, "accounts/organisation_list.html", {"organisations": organisations})


@login_required
def organisation_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = access_organisation(
        user=request.user, organisation_id=organisation_id, permission="organisation.view"
    )
    may_manage = has_perm(request.user, "membership.manage", organisation.pk)
    form = MembershipAddForm(request.POST or None) if may_manage else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                new_account = _add_member(request, organisation, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if new_account is None:
                    messages.success(request, _("The member was added."))
                    return redirect("accounts:organisation", organisation_id=organisation.pk)
                # The one-time password is shown in this response only, never stored.
                context_extra = {"new_account": new_account}
                form = MembershipAddForm()
                return _organisation_page(request, organisation, form, True, context_extra)
    return _organisation_page(request, organisation, form, may_manage, {})


def _add_member(
    request: HttpRequest, organisation: Organisation, data: dict[str, Any]
) -> tuple[str, str] | None:
    """Add an existing account, or make a new one; returns a new account's one-time login."""
    if data["create_account"]:
        membership, password = services.member_invite(
            actor=request.user,
            organisation=organisation,
            username=data["username"],
            role_code=data["role"],
            first_name=data["first_name"],
        )
        return membership.user.username, password
    user = User.objects.filter(username=data["username"]).first()
    if user is None:
        raise ValidationError(
            {"username": _("No account has this user name. Tick the box to create one.")}
        )
    services.membership_add(
        actor=request.user, user=user, organisation=organisation, role_code=data["role"]
    )
    return None


def _organisation_page(
    request: HttpRequest,
    organisation: Organisation,
    form: Any,
    may_manage: bool,
    extra: dict[str, Any],
) -> HttpResponse:
    context = {
        "organisation": organisation,
        "members": selectors.organisation_members(organisation),
        "form": form,
        "may_manage": may_manage,
        **extra,
    }
    return render(request, "accounts/organisation_detail.html", context)


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and call_service(
        form,
        lambda: services.password_change(
            actor=user, user=user, new_password=form.cleaned_data["new_password1"]
        ),
    ):
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password was changed."))
        return redirect("core:home")
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "required": user.must_change_password},
    )


@login_required
@require_POST
def membership_remove(
    request: HttpRequest, organisation_id: int, membership_id: int
) -> HttpResponse:
    organisation = access_organisation(
        user=request.user, organisation_id=organisation_id, permission="membership.manage"
    )
    membership = Membership.objects.filter(pk=membership_id, organisation=organisation).first()
    if membership is None:
        raise Http404
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The membership was removed."))
    return redirect("accounts:organisation", organisation_id=organisation.pk)


@login_required
def roles(request: HttpRequest) -> HttpResponse:
    if not has_any(request.user, "role.view"):
        raise Http404
    role_list, permission_list, cells = selectors.role_table()
    rows = [
        (permission, [cells.get((role.code, permission.code), "") for role in role_list])
        for permission in permission_list
    ]
    return render(request, "accounts/roles.html", {"roles": role_list, "rows": rows})
