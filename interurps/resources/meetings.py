from import_export import fields, resources, widgets

from interurps.models import Meeting


class MeetingResource(resources.ModelResource):
    date = fields.Field(attribute="date", column_name="date", widget=widgets.DateWidget("%d/%m/%Y"))
    title = fields.Field(attribute="title", column_name="intitulé")
    category = fields.Field(attribute="category__name", column_name="catégorie")
    department = fields.Field(attribute="department__code", column_name="département")

    class Meta:
        model = Meeting
        fields = ["id", "date", "title", "category", "department"]
