import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from interurps.models import Meeting
from interurps.roles import ADMINISTRATOR, BOARD, STAFF
from tests.cpts.factories import CPTSFactory
from tests.factories import MeetingFactory

# Without the history tables of django-simple-history.
MODELS = [model for model in apps.get_app_config("cpts").get_models() if not hasattr(model, "instance_type")]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.model_name)
def test_every_field_has_a_french_verbose_name(model):
    for field in model._meta.get_fields():
        if field.auto_created:
            continue
        assert field._verbose_name, f"{model.__name__}.{field.name} has no explicit verbose_name"
    assert "verbose_name" in model._meta.original_attrs


@pytest.mark.django_db
def test_staff_edit_cpts_and_the_board_only_reads_them():
    staff = set(
        Group.objects.get(name=STAFF)
        .permissions.filter(content_type__app_label="cpts")
        .values_list("codename", flat=True)
    )
    board = set(
        Group.objects.get(name=BOARD)
        .permissions.filter(content_type__app_label="cpts")
        .values_list("codename", flat=True)
    )
    admin = Group.objects.get(name=ADMINISTRATOR).permissions.filter(content_type__app_label="cpts")
    assert {"view_cpts", "add_cpts", "change_cpts", "add_stagechange", "add_payment"} <= staff
    assert "view_cpts" in board and "change_cpts" not in board
    assert admin.filter(codename="change_accompanimentstep").exists()


@pytest.mark.django_db
def test_meetings_are_found_by_the_cpts_they_concern():
    cpts, other = CPTSFactory(), CPTSFactory()
    meeting = MeetingFactory()
    MeetingFactory()
    cpts.meetings.add(meeting)
    assert list(Meeting.objects.filter(cpts=cpts)) == [meeting]
    assert not Meeting.objects.filter(cpts=other).exists()
