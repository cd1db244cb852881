from django.urls import path

from welcomehub.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("audit/", views.audit_search, name="audit"),
]
