from django import forms

from interurps.models import Meeting, MeetingCategory, Programme


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "date",
            "start_time",
            "end_time",
            "end_date",
            "title",
            "programmes",
            "category",
            "kind",
            "mode",
            "place",
            "department",
            "staff",
            "organisations",
            "people",
            "notes",
            "is_highlight",
            "highlight_summary",
        ]
        widgets = {
            "date": DateInput(),
            "end_date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "programmes": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = MeetingCategory.objects.filter(is_active=True).select_related("programme")
        self.fields["programmes"].queryset = Programme.objects.all()
        if user is not None and not self.instance.pk:
            self.initial.setdefault("staff", [user.pk])

    def clean(self):
        cleaned = super().clean()
        category = cleaned.get("category")
        programmes = cleaned.get("programmes")
        if category and programmes is not None and category.programme not in programmes:
            self.add_error(
                "category",
                f"La catégorie « {category.name} » appartient au programme {category.programme.name}, "
                "qui n'est pas coché.",
            )
        return cleaned
