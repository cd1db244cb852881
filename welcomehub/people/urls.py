from django.urls import path

from welcomehub.people import views, views_erasure, views_plans, views_portal

app_name = "people"
urlpatterns = [
    path("households/", views.household_list, name="household_list"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<str:reference>/", views.household_detail, name="household_detail"),
    path("households/<str:reference>/edit/", views.household_edit, name="household_edit"),
    path("households/<str:reference>/members/new/", views.person_create, name="person_create"),
    path("persons/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("persons/<int:person_id>/consents/new/", views.consent_create, name="consent_create"),
    path("consents/<int:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    # A data subject's export and erasure, handled by the caseworker (docs/dpia.md)
    path(
        "households/<str:reference>/data.json",
        views_erasure.household_data,
        name="household_data",
    ),
    path(
        "households/<str:erasure_reference>/erase/",
        views_erasure.household_erase,
        name="household_erase",
    ),
    path(
        "persons/<int:erasure_person_id>/erase/",
        views_erasure.person_erase,
        name="person_erase",
    ),
    # Integration plans, preferences, summary and portal invitations (caseworkers)
    path("households/<str:reference>/plans/", views_plans.plan_overview, name="plan_overview"),
    path(
        "households/<str:reference>/preferences/",
        views_plans.preferences_edit,
        name="preferences_edit",
    ),
    path("households/<str:reference>/summary/", views_plans.summary, name="summary"),
    path(
        "households/<str:reference>/summary.pdf",
        views_plans.summary_download,
        name="summary_pdf",
    ),
    path("persons/<int:person_id>/summary/", views_plans.person_summary, name="person_summary"),
    path(
        "persons/<int:person_id>/summary.pdf",
        views_plans.person_summary_download,
        name="person_summary_pdf",
    ),
    path("households/<str:reference>/portal/", views_plans.portal_invite, name="portal_invite"),
    path(
        "invitations/<int:portal_invitation_id>/withdraw/",
        views_plans.portal_revoke,
        name="portal_revoke",
    ),
    path("plans/<int:plan_id>/", views_plans.plan_detail, name="plan_detail"),
    path("plans/<int:plan_id>/goals/new/", views_plans.goal_create, name="goal_create"),
    path("plans/<int:plan_id>/confirm/", views_plans.plan_confirm, name="plan_confirm"),
    path("goals/<int:plan_goal_id>/edit/", views_plans.goal_edit, name="goal_edit"),
    path("goals/<int:plan_goal_id>/steps/new/", views_plans.step_create, name="step_create"),
    path("goals/<int:plan_goal_id>/progress/", views_plans.progress_add, name="progress_add"),
    path("steps/<int:plan_step_id>/edit/", views_plans.step_edit, name="step_edit"),
    # The refugee portal
    path("portal/sign-in/", views_portal.code_login, name="code_login"),
    path("my/", views_portal.my_household, name="my_household"),
    path("my/plan/", views_portal.my_plan, name="my_plan"),
    path("my/plans/<int:plan_id>/confirm/", views_portal.my_plan_confirm, name="my_plan_confirm"),
    path("my/goals/<int:plan_goal_id>/", views_portal.my_goal_update, name="my_goal_update"),
    path("my/steps/<int:plan_step_id>/", views_portal.my_step_update, name="my_step_update"),
    path("my/preferences/", views_portal.my_preferences, name="my_preferences"),
    path("my/questions/", views_portal.my_assessment, name="my_assessment"),
    path("my/summary/", views_portal.my_summary, name="my_summary"),
    path("my/summary.pdf", views_portal.my_summary_download, name="my_summary_pdf"),
    path("my/data.json", views_portal.my_data, name="my_data"),
    path(
        "my/consents/<int:consent_id>/withdraw/",
        views.my_consent_withdraw,
        name="my_consent_withdraw",
    ),
]
