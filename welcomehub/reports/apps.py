from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "welcomehub.reports"
    label = "reports"
