from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "welcomehub.exchange"
    label = "exchange"
