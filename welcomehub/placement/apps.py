from django.apps import AppConfig


class PlacementConfig(AppConfig):
    name = "welcomehub.placement"
    label = "placement"
