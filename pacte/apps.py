from django.apps import AppConfig


class PacteConfig(AppConfig):
    name = "pacte"
    verbose_name = "PACTE"

    def ready(self):
        from interurps import registry
        from interurps.report.registry import register_section

        register_section(
            key="pacte",
            title="PACTE",
            order=60,
            build="pacte.report.build_section",
            template="pacte/report_section.html",
        )
        registry.register_urls(key=self.label, prefix="pacte/", module="pacte.urls")
        registry.register_menu_entry(
            key=self.label, label="PACTE", url_name="pacte:home", order=50, permission="pacte.view_cohort"
        )
        registry.register_roles(app_label=self.label)
