from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "welcomehub.programmes"
    label = "programmes"
