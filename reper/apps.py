from django.apps import AppConfig


class ReperConfig(AppConfig):
    name = "reper"
    verbose_name = "REPER / ICOPE"

    def ready(self):
        from interurps import registry
        from interurps.report.registry import register_section

        register_section(
            key="reper",
            title="REPER/ICOPE",
            order=40,
            build="reper.report.build_section",
            template="reper/report_section.html",
        )
        registry.register_urls(key=self.label, prefix="reper/", module="reper.urls")
        registry.register_menu_entry(
            key=self.label, label="REPER", url_name="reper:home", order=40, permission="reper.view_reperproject"
        )
        registry.register_roles(app_label=self.label)
