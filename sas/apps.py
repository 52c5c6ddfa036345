from django.apps import AppConfig


class SasConfig(AppConfig):
    name = "sas"
    verbose_name = "SAS (service d'accès aux soins)"

    def ready(self):
        from interurps import registry
        from interurps.import_registry import register_import_kind
        from interurps.report.registry import register_section

        register_import_kind(
            key="indicateurs-sas",
            label="Importer des indicateurs SAS",
            resource="sas.resources.SASIndicatorResource",
            permissions=("sas.add_sasindicator", "sas.change_sasindicator"),
            list_url="sas:indicator_list",
        )

        register_section(
            key="sas",
            title="SAS",
            order=30,
            build="sas.report.build_section",
            template="sas/report_section.html",
        )
        registry.register_urls(key=self.label, prefix="sas/", module="sas.urls")
        registry.register_menu_entry(
            key=self.label, label="SAS", url_name="sas:home", order=30, permission="sas.view_sasdeployment"
        )
        registry.register_roles(app_label=self.label)
        registry.register_demo(app_label=self.label, load="sas.demo.load")
