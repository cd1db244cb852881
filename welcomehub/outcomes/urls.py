from django.urls import path

from welcomehub.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path(
        "persons/<int:person_id>/assessments/new/",
        views.assessment_record,
        name="assessment_record",
    ),
    path("persons/<int:person_id>/progress/", views.person_progress, name="person_progress"),
    path("baselines/missing/", views.missing_baselines, name="missing_baselines"),
]
