from django.apps import AppConfig


class InterurpsConfig(AppConfig):
    name = "interurps"
    verbose_name = "InterURPS"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from interurps.middleware import mark_login
        from interurps.report import sections

        sections.register()
        user_logged_in.connect(mark_login, dispatch_uid="interurps.middleware.mark_login")
