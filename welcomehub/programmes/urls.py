from django.urls import path

from welcomehub.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("<int:programme_id>/", views.programme_detail, name="detail"),
    path("<int:programme_id>/partners/add/", views.partner_add, name="partner_add"),
    path(
        "<int:programme_id>/responsibilities/add/",
        views.responsibility_add,
        name="responsibility_add",
    ),
    path(
        "<int:programme_id>/responsibilities/<int:responsibility_id>/delete/",
        views.responsibility_delete,
        name="responsibility_delete",
    ),
]
