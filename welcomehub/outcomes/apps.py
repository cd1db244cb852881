from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "welcomehub.outcomes"
    label = "outcomes"
