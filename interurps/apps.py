from django.apps import AppConfig


class InterurpsConfig(AppConfig):
    name = "interurps"
    verbose_name = "InterURPS"
