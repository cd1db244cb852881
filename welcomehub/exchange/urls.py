from django.urls import path

from welcomehub.exchange import views

app_name = "exchange"
urlpatterns = [
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:round_id>/", views.round_detail, name="round_detail"),
    path("rounds/<int:round_id>/close/", views.round_close, name="round_close"),
    path("rounds/<int:round_id>/remind/", views.round_remind, name="round_remind"),
    path("rounds/<int:round_id>/chart/", views.chart, name="chart"),
    path("rounds/<int:round_id>/chart.csv", views.chart_csv, name="chart_csv"),
    path("rounds/<int:round_id>/suggestions/", views.suggestion_list, name="suggestion_list"),
    path("answers/<int:answer_id>/", views.answer_detail, name="answer_detail"),
    path("answers/<int:answer_id>/needs/", views.need_add, name="need_add"),
    path("answers/<int:answer_id>/offers/", views.offer_add, name="offer_add"),
    path(
        "answers/<int:answer_id>/needs/<int:need_id>/remove/",
        views.need_remove,
        name="need_remove",
    ),
    path(
        "answers/<int:answer_id>/offers/<int:offer_id>/remove/",
        views.offer_remove,
        name="offer_remove",
    ),
    path("answers/<int:answer_id>/submit/", views.answer_submit, name="answer_submit"),
    path("answers/<int:answer_id>/import/", views.answer_import, name="answer_import"),
    path(
        "suggestions/<int:suggestion_id>/introduce/",
        views.introduction_propose,
        name="introduction_propose",
    ),
    path(
        "introductions/<int:introduction_id>/",
        views.introduction_detail,
        name="introduction_detail",
    ),
    path(
        "introductions/<int:introduction_id>/accept/",
        views.introduction_accept,
        name="introduction_accept",
    ),
    path(
        "introductions/<int:introduction_id>/decline/",
        views.introduction_decline,
        name="introduction_decline",
    ),
    path(
        "introductions/<int:introduction_id>/advance/",
        views.introduction_advance,
        name="introduction_advance",
    ),
]
