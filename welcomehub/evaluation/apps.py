from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "welcomehub.evaluation"
    label = "evaluation"
