from django.urls import path

from welcomehub.feedback import views

app_name = "feedback"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("items/<str:feedback_ref>/", views.detail, name="detail"),
    path("items/<str:feedback_ref>/respond/", views.respond, name="respond"),
    path("items/<str:feedback_ref>/route/", views.route, name="route"),
    path("items/<str:feedback_ref>/status/", views.status, name="status"),
    path("items/<str:feedback_ref>/publish/", views.publish, name="publish"),
    path("board/<int:board_post_id>/withdraw/", views.board_withdraw, name="board_withdraw"),
    path("log/", views.log, name="log"),
    path("sessions/", views.session_log, name="session_log"),
    path("p/<int:programme_id>/", views.give, name="give"),
    path("p/<int:programme_id>/board/", views.board, name="board"),
    path("p/<int:programme_id>/survey/", views.survey, name="survey"),
    path("p/<int:programme_id>/poster/", views.poster, name="poster"),
    path("p/<int:programme_id>/poster.pdf", views.poster_pdf, name="poster_pdf"),
    path("p/<int:programme_id>/figures/", views.figures, name="figures"),
    path(
        "p/<int:programme_id>/figures.csv",
        views.figures_export,
        {"fmt": "csv"},
        name="figures_csv",
    ),
    path(
        "p/<int:programme_id>/figures.xlsx",
        views.figures_export,
        {"fmt": "xlsx"},
        name="figures_xlsx",
    ),
]
