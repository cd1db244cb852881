from django.urls import path

from welcomehub.connections import views

app_name = "connections"
urlpatterns = [
    path("apply/<int:volunteer_org_id>/", views.apply, name="apply"),
    path("apply/<int:volunteer_org_id>/thanks/", views.apply_done, name="apply_done"),
    path("volunteers/", views.volunteer_list, name="volunteer_list"),
    path("volunteers/<str:volunteer_ref>/", views.volunteer_detail, name="volunteer_detail"),
    path("volunteers/<str:volunteer_ref>/clear/", views.volunteer_clear, name="volunteer_clear"),
    path(
        "volunteers/<str:volunteer_ref>/certificate.pdf",
        views.certificate,
        name="certificate",
    ),
    path(
        "volunteers/<str:volunteer_ref>/<str:volunteer_step>/",
        views.volunteer_step,
        name="volunteer_step",
    ),
    path("oversight/", views.oversight, name="oversight"),
    path("insurance/", views.insurance, name="insurance"),
    path("matches/", views.matches, name="matches"),
    path("matches/suggest/", views.matches_suggest, name="matches_suggest"),
    path("matches/<int:match_id>/<str:match_action>/", views.match_action, name="match_action"),
    path("me/", views.my_volunteering, name="my_volunteering"),
    path("me/certificate.pdf", views.my_certificate, name="my_certificate"),
]
