from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "welcomehub.people"
    label = "people"
