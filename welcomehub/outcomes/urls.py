from django.urls import path

from welcomehub.outcomes import views
from welcomehub.outcomes.dashboards import views as dashboards

app_name = "outcomes"
urlpatterns = [
    path(
        "persons/<int:person_id>/assessments/new/",
        views.assessment_record,
        name="assessment_record",
    ),
    path("persons/<int:person_id>/progress/", views.person_progress, name="person_progress"),
    path("baselines/missing/", views.missing_baselines, name="missing_baselines"),
    path("follow-ups/due/", views.followups_due, name="followups_due"),
    path("persons/<int:person_id>/events/new/", views.life_event_record, name="life_event_record"),
    path("dashboards/", dashboards.dashboard_list, name="dashboards"),
    path("dashboards/<int:programme_id>/", dashboards.dashboard, name="dashboard"),
    path(
        "dashboards/<int:programme_id>/export.csv", dashboards.dashboard_csv, name="dashboard_csv"
    ),
    path(
        "dashboards/<int:programme_id>/export.xlsx",
        dashboards.dashboard_xlsx,
        name="dashboard_xlsx",
    ),
]
