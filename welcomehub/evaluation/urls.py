from django.urls import path

from welcomehub.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.index, name="index"),
    path("frameworks/", views.framework_list, name="framework_list"),
    path("frameworks/import/", views.framework_import, name="framework_import"),
    path("programmes/<int:programme_id>/", views.programme, name="programme"),
    path("programmes/<int:programme_id>/rounds/new/", views.round_open, name="round_open"),
    path("rounds/<int:evaluation_round_id>/", views.round_detail, name="round_detail"),
    path(
        "rounds/<int:evaluation_round_id>/areas/<str:evaluation_area>/",
        views.round_area,
        name="round_area",
    ),
    path(
        "rounds/<int:evaluation_round_id>/participation/",
        views.participation,
        name="participation",
    ),
    path("rounds/<int:evaluation_round_id>/submit/", views.round_submit, name="round_submit"),
    path("rounds/<int:evaluation_round_id>/sign-off/", views.round_sign_off, name="round_sign_off"),
    path("rounds/<int:evaluation_round_id>/return/", views.round_return, name="round_return"),
    path("rounds/<int:evaluation_round_id>/actions/", views.action_add, name="action_add"),
    path("rounds/<int:evaluation_round_id>/lessons/", views.lessons, name="lessons"),
    path("rounds/<int:evaluation_round_id>/report.pdf", views.round_pdf, name="round_pdf"),
    path("actions/<int:evaluation_action_id>/status/", views.action_status, name="action_status"),
    path("answers/<int:evaluation_answer_id>/evidence/", views.evidence_add, name="evidence_add"),
    path(
        "evidence/<int:evaluation_evidence_id>/",
        views.evidence_download,
        name="evidence_download",
    ),
    path("compare/", views.compare, name="compare"),
    path("compare.xlsx", views.compare_xlsx, name="compare_xlsx"),
    path("compare.pdf", views.compare_pdf, name="compare_pdf"),
]
