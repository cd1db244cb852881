"""The public services directory and orientation pages, mounted at /services/."""

from django.urls import path

from welcomehub.programmes import views_directory, views_orientation

app_name = "services"
urlpatterns = [
    path("", views_directory.directory_home, name="directory"),
    path("export.csv", views_directory.directory_csv, name="export_csv"),
    path("export-hxl.csv", views_directory.directory_hxl, name="export_hxl"),
    path("<int:service_id>/", views_directory.service_detail, name="detail"),
    path("manage/", views_directory.service_manage, name="manage"),
    path("manage/add/", views_directory.service_add, name="add"),
    path("manage/<int:service_id>/", views_directory.service_edit, name="edit"),
    path(
        "manage/<int:service_id>/translations/",
        views_directory.service_translate,
        name="translate",
    ),
    path("orientation/", views_orientation.orientation_list, name="orientation"),
    path("orientation/booklet.pdf", views_orientation.orientation_pdf, name="orientation_booklet"),
    path("orientation/manage/", views_orientation.orientation_manage, name="orientation_manage"),
    path("orientation/manage/add/", views_orientation.orientation_add, name="orientation_add"),
    path(
        "orientation/manage/<slug:article_slug>/",
        views_orientation.orientation_edit,
        name="orientation_edit",
    ),
    path(
        "orientation/manage/<slug:article_slug>/publish/",
        views_orientation.orientation_publish,
        name="orientation_publish",
    ),
    path(
        "orientation/<slug:article_slug>/pdf/",
        views_orientation.orientation_pdf,
        name="orientation_pdf",
    ),
    path(
        "orientation/<slug:article_slug>/",
        views_orientation.orientation_detail,
        name="orientation_detail",
    ),
]
