from django.urls import path

from welcomehub.sponsorship import views, views_own

app_name = "sponsorship"
urlpatterns = [
    path("", views.index, name="index"),
    path("due/", views.due, name="due"),
    path("mine/", views_own.mine, name="mine"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:sponsor_group_id>/", views.group, name="group"),
    path("groups/<int:sponsor_group_id>/members/", views.member_add, name="member_add"),
    path("groups/<int:sponsor_group_id>/funds/", views.funds_set, name="funds_set"),
    path("groups/<int:sponsor_group_id>/named/", views.named_add, name="named_add"),
    path("members/<int:sponsor_member_id>/", views.member, name="member"),
    path("members/<int:sponsor_member_id>/checks/", views.check_add, name="check_add"),
    path("members/<int:sponsor_member_id>/training/", views.training_add, name="training_add"),
    path("members/<int:sponsor_member_id>/account/", views.member_link, name="member_link"),
    path("named/<int:named_request_id>/", views.named, name="named"),
    path("programmes/<int:programme_id>/suggestions/", views.suggestions, name="suggestions"),
    path("programmes/<int:programme_id>/approve/", views.approve, name="approve"),
    path("s/<int:sponsorship_id>/", views.sponsorship, name="sponsorship"),
    path("s/<int:sponsorship_id>/introduce/", views.introduce, name="introduce"),
    path("s/<int:sponsorship_id>/plan/", views.plan_item, name="plan_item"),
    path("s/<int:sponsorship_id>/sign-off/", views.sign_off, name="sign_off"),
    path("s/<int:sponsorship_id>/escalate/", views.escalate, name="escalate"),
    path("s/<int:sponsorship_id>/close/", views.close, name="close"),
    path("checkins/<int:sponsor_checkin_id>/", views.checkin, name="checkin"),
]
