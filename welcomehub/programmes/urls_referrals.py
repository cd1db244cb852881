"""Referrals between organisations, mounted at /referrals/."""

from django.urls import path

from welcomehub.programmes import views_referrals

app_name = "referrals"
urlpatterns = [
    path("", views_referrals.referral_list, name="list"),
    path("new/<str:reference>/", views_referrals.referral_create, name="create"),
    path("<int:referral_id>/", views_referrals.referral_detail, name="detail"),
]
