from django.apps import AppConfig


class ConnectionsConfig(AppConfig):
    name = "welcomehub.connections"
    label = "connections"
