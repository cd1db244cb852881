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
    path(
        "rounds/<int:round_id>/recommendations/",
        views.round_recommendations,
        name="round_recommendations",
    ),
    path("rounds/<int:round_id>/twinning/", views.twinning_round, name="twinning_round"),
    path(
        "rounds/<int:round_id>/twinning/sign-up/",
        views.twinning_signup,
        name="twinning_signup",
    ),
    path(
        "rounds/<int:round_id>/twinning/suggestions/",
        views.twinning_suggest,
        name="twinning_suggest",
    ),
    path(
        "rounds/<int:round_id>/twinning/propose/",
        views.twinning_propose,
        name="twinning_propose",
    ),
    path(
        "twinning/sign-ups/<int:twinning_signup_id>/withdraw/",
        views.twinning_signup_withdraw,
        name="twinning_signup_withdraw",
    ),
    path("twinning/pairs/<int:twinning_pair_id>/", views.twinning_pair, name="twinning_pair"),
    path(
        "twinning/pairs/<int:twinning_pair_id>/accept/",
        views.twinning_pair_accept,
        name="twinning_pair_accept",
    ),
    path(
        "twinning/pairs/<int:twinning_pair_id>/decline/",
        views.twinning_pair_decline,
        name="twinning_pair_decline",
    ),
    path(
        "twinning/pairs/<int:twinning_pair_id>/agreement/",
        views.twinning_agreement,
        name="twinning_agreement",
    ),
    path(
        "twinning/pairs/<int:twinning_pair_id>/check-ins/",
        views.twinning_checkin,
        name="twinning_checkin",
    ),
    path(
        "twinning/pairs/<int:twinning_pair_id>/review/",
        views.twinning_review,
        name="twinning_review",
    ),
    path("twinning/library/", views.twinning_library, name="twinning_library"),
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
    path(
        "introductions/<int:introduction_id>/follow-up/",
        views.followup_answer,
        name="followup_answer",
    ),
]

# Exchange files and reports: chart exports, circulation, evaluation, imports.
urlpatterns += [
    path("rounds/<int:round_id>/chart.hxl.csv", views.chart_hxl, name="chart_hxl"),
    path("rounds/<int:round_id>/chart.xlsx", views.chart_xlsx, name="chart_xlsx"),
    path("rounds/<int:round_id>/chart.pdf", views.chart_pdf, name="chart_pdf"),
    path("rounds/<int:round_id>/share/", views.share_manage, name="share_manage"),
    path("rounds/<int:round_id>/share/rotate/", views.share_rotate, name="share_rotate"),
    path(
        "shared/<int:shared_round_id>/<str:share_token>/",
        views.shared_chart,
        name="shared_chart",
    ),
    path("rounds/<int:round_id>/import/", views.round_import, name="round_import"),
    path("questionnaire.xlsx", views.questionnaire_xlsx, name="questionnaire_xlsx"),
    path("import-template.xlsx", views.import_template_xlsx, name="import_template_xlsx"),
    path("rounds/<int:round_id>/evaluation/", views.evaluation, name="evaluation"),
    path("rounds/<int:round_id>/report.pdf", views.evaluation_pdf, name="evaluation_pdf"),
    path("rounds/<int:round_id>/report.xlsx", views.evaluation_xlsx, name="evaluation_xlsx"),
    path("evaluation/", views.evaluation_all, name="evaluation_all"),
    path("evaluation.xlsx", views.evaluation_all_xlsx, name="evaluation_all_xlsx"),
    path(
        "shared/<int:shared_round_id>/<str:share_token>/chart.pdf",
        views.shared_chart_pdf,
        name="shared_chart_pdf",
    ),
]
