from django.urls import path

from welcomehub.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("password/", views.password_change, name="password_change"),
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<int:organisation_id>/", views.organisation_detail, name="organisation"),
    path(
        "organisations/<int:organisation_id>/members/<int:membership_id>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path("roles/", views.roles, name="roles"),
]
