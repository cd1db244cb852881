from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "welcomehub.community"
    label = "community"
