from django.apps import AppConfig


class SponsorshipConfig(AppConfig):
    name = "welcomehub.sponsorship"
    label = "sponsorship"
