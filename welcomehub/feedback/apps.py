from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "welcomehub.feedback"
    label = "feedback"
