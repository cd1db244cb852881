from django.urls import path

from welcomehub.community import views, views_public

app_name = "community"
urlpatterns = [
    path("", views.index, name="index"),
    path("groups/propose/", views.propose, name="propose"),
    path("groups/create/", views.group_create, name="group_create"),
    path("groups/<int:support_group_id>/", views.group_detail, name="group"),
    path("groups/<int:support_group_id>/close/", views.group_close, name="group_close"),
    path("groups/<int:support_group_id>/invite/", views.member_invite, name="member_invite"),
    path("groups/<int:support_group_id>/sessions/", views.session_add, name="session_add"),
    path("groups/<int:support_group_id>/notices/", views.notice_add, name="notice_add"),
    path("sessions/<int:group_session_id>/attendance/", views.attendance, name="attendance"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:community_event_id>/", views.event_detail, name="event"),
    path("events/<int:community_event_id>/cancel/", views.event_cancel, name="event_cancel"),
    path(
        "registrations/<int:event_registration_id>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path("figures/", views.figures, name="figures"),
    path("figures.xlsx", views.figures_xlsx, name="figures_xlsx"),
    path("calendar/", views_public.calendar, name="calendar"),
    path("calendar.ics", views_public.calendar_ics, name="calendar_ics"),
    path("calendar/<int:public_event_id>/", views_public.public_event_page, name="public_event"),
    path("mine/", views_public.mine, name="mine"),
    path("mine/invitations/<int:own_group_member_id>/", views_public.my_answer, name="my_answer"),
    path("mine/groups/<int:own_support_group_id>/", views_public.my_group, name="my_group"),
    path("mine/events/<int:own_event_id>/", views_public.my_event, name="my_event"),
    path(
        "mine/registrations/<int:own_registration_id>/cancel/",
        views_public.my_registration_cancel,
        name="my_registration_cancel",
    ),
]
