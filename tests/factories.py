"""factory_boy factories shared by the whole suite."""

import datetime
import io

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from PIL import Image

from interurps import models
from interurps.roles import ADMINISTRATOR, BOARD, STAFF


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password("motdepasse-test")

    role = factory.PostGeneration(lambda user, create, extracted, **kwargs: add_role(user, create, extracted))


def add_role(user, create, role):
    if create and role:
        user.groups.add(Group.objects.get(name=role))


def with_role(default):
    """A `role` post-generation hook with a default group (a plain `role = STAFF` would be a model field)."""
    return factory.PostGeneration(
        lambda user, create, extracted, **kwargs: add_role(user, create, extracted or default)
    )


class StaffUserFactory(UserFactory):
    role = with_role(STAFF)


class BoardUserFactory(UserFactory):
    role = with_role(BOARD)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Department
        django_get_or_create = ["code"]

    code = "44"
    name = factory.LazyAttribute(
        lambda o: {
            "44": "Loire-Atlantique",
            "49": "Maine-et-Loire",
            "53": "Mayenne",
            "72": "Sarthe",
            "85": "Vendée",
        }.get(o.code, f"Département {o.code}")
    )


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Commune

    # Factory codes are {department}500 to {department}999: no real commune of the region has such a code and
    # the codes tests write by hand stay below 500, so the two never collide.
    insee_code = factory.LazyAttributeSequence(lambda o, n: f"{o.department.code}{500 + n % 500:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    department = factory.SubFactory(DepartmentFactory)
    population = 1000


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = models.Organisation.Kind.ASSOCIATION


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"personne{n}@example.org")


def programme(code):
    return models.Programme.objects.get(code=code)


def category(programme_code, name):
    return models.MeetingCategory.objects.get(programme__code=programme_code, name=name)


def coded_category(programme_code, code):
    """A seeded meeting category, by the stable code the report figures use."""
    return models.MeetingCategory.objects.get(programme__code=programme_code, code=code)


def rename_category(programme_code, code, name):
    """Rename a seeded category as an administrator would (its code stays)."""
    models.MeetingCategory.objects.filter(programme__code=programme_code, code=code).update(name=name)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Meeting
        skip_postgeneration_save = True

    date = datetime.date(2021, 3, 12)
    title = factory.Sequence(lambda n: f"Réunion {n}")

    @factory.post_generation
    def programmes(self, create, extracted, **kwargs):
        if create:
            codes = extracted or ["cpts"]
            self.programmes.set(models.Programme.objects.filter(code__in=codes))

    @factory.post_generation
    def staff(self, create, extracted, **kwargs):
        if create and extracted:
            self.staff.set(extracted)


class AdminUserFactory(UserFactory):
    """An administrator as the demo one: in the Administrateur group and allowed into the Django admin."""

    is_staff = True
    role = with_role(ADMINISTRATOR)


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StaffMember

    user = factory.SubFactory(StaffUserFactory)
    job_title = "chargée de mission CPTS"


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Funding

    source = models.Funding.Source.ARS_FIR
    year = 2021
    amount = 10000


class ReportEditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReportEdition
        django_get_or_create = ["year"]

    year = 2021


class ReportSignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReportSignatory

    edition = factory.SubFactory(ReportEditionFactory)
    name = factory.Sequence(lambda n: f"Signataire {n}")
    title = "co-présidente InterURPS"


class ReportTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReportText

    edition = factory.SubFactory(ReportEditionFactory)
    section_key = "financement"
    kind = models.ReportText.Kind.INTRODUCTION
    body = "<p>Texte.</p>"


class FreeSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FreeSection

    edition = factory.SubFactory(ReportEditionFactory)
    title = factory.Sequence(lambda n: f"Section libre {n}")
    body = "<p>Texte libre.</p>"


def png_bytes(size=(40, 30), colour="#1f5f8b", mode="RGB", image_format="PNG"):
    """A small image made with Pillow (PNG by default)."""
    output = io.BytesIO()
    Image.new(mode, size, colour).save(output, image_format)
    return output.getvalue()


def picture(name="image.png", **kwargs):
    return ContentFile(png_bytes(**kwargs), name=name)


class SectionPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SectionPhoto

    edition = factory.SubFactory(ReportEditionFactory)
    section_key = "interurps"
    image = factory.LazyFunction(lambda: picture("photo.png"))
    alt_text = "Des participants autour d'une table"
    caption = "Séminaire du 23 novembre"
    credit = "InterURPS"
