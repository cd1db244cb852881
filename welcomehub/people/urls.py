from django.urls import path

from welcomehub.people import views

app_name = "people"
urlpatterns = [
    path("households/", views.household_list, name="household_list"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<str:reference>/", views.household_detail, name="household_detail"),
    path("households/<str:reference>/edit/", views.household_edit, name="household_edit"),
    path("households/<str:reference>/members/new/", views.person_create, name="person_create"),
    path("persons/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("persons/<int:person_id>/consents/new/", views.consent_create, name="consent_create"),
    path("consents/<int:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("my/", views.my_household, name="my_household"),
    path(
        "my/consents/<int:consent_id>/withdraw/",
        views.my_consent_withdraw,
        name="my_consent_withdraw",
    ),
]
