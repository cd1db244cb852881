from django.urls import path  # noqa: F401  (routes land with the app's views)

app_name = "sponsorship"
urlpatterns: list = []
