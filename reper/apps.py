from django.apps import AppConfig


class ReperConfig(AppConfig):
    name = "reper"
    verbose_name = "REPER / ICOPE"

    def ready(self):
        from interurps import registry
        from interurps.import_registry import register_import_kind
        from interurps.report.registry import register_section

        register_import_kind(
            key="reper-chiffres",
            label="Importer des chiffres des territoires REPER",
            resource="reper.resources.TerritoryFiguresResource",
            permissions=("reper.add_territoryfigures", "reper.change_territoryfigures"),
            list_url="reper:figures_list",
        )

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
        registry.register_demo(app_label=self.label, load="reper.demo.load")
