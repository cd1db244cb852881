from django.urls import path

from welcomehub.placement import views

app_name = "placement"
urlpatterns = [
    path("", views.index, name="index"),
    path("programmes/<int:programme_id>/", views.programme_placement, name="programme"),
    path("programmes/<int:programme_id>/locations/add/", views.location_add, name="location_add"),
    path("programmes/<int:programme_id>/runs/add/", views.run_add, name="run_add"),
    path("programmes/<int:programme_id>/capacity/", views.capacity, name="capacity"),
    path("programmes/<int:programme_id>/models/train/", views.model_train, name="model_train"),
    path("locations/<int:location_id>/edit/", views.location_edit, name="location_edit"),
    path("runs/<int:run_id>/", views.run_detail, name="run_detail"),
    path("runs/<int:run_id>/progress/", views.run_progress, name="run_progress"),
    path("runs/<int:run_id>/resolve/", views.run_resolve, name="run_resolve"),
    path("runs/<int:run_id>/finalise/", views.run_finalise, name="run_finalise"),
    path(
        "recommendations/<int:recommendation_id>/accept/",
        views.recommendation_accept,
        name="recommendation_accept",
    ),
    path(
        "recommendations/<int:recommendation_id>/override/",
        views.recommendation_override,
        name="recommendation_override",
    ),
    path(
        "recommendations/<int:recommendation_id>/pair-rules/add/",
        views.pair_rule_add,
        name="pair_rule_add",
    ),
    path("pair-rules/<int:pair_rule_id>/delete/", views.pair_rule_delete, name="pair_rule_delete"),
]
