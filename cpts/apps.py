from django.apps import AppConfig


class CptsConfig(AppConfig):
    name = "cpts"
    verbose_name = "CPTS"

    def ready(self):
        from cpts import dashboard
        from interurps.import_registry import register_import_kind
        from interurps.report.registry import register_section

        dashboard.register()
        register_import_kind(
            key="cpts",
            label="Importer des CPTS",
            resource="cpts.resources.CPTSResource",
            permissions=("cpts.add_cpts", "cpts.change_cpts"),
            list_url="cpts:cpts_list",
        )
        register_section(
            key="cpts",
            title="CPTS",
            order=50,
            build="cpts.report.build_section",
            template="cpts/report_section.html",
        )
