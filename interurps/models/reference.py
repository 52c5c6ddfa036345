"""Reference data of the region: programmes, unions, departments and communes."""

from django.db import models

from interurps.pictures import PictureField, logo_path


class Programme(models.Model):
    """A programme of the association (CPTS, SAS, REPER, PACTE, vie de l'association).

    Reference data: rows are created by a migration; administrators may rename them.
    """

    code = models.SlugField("code", max_length=20, unique=True)
    name = models.CharField("nom", max_length=100)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "programme"
        verbose_name_plural = "programmes"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Union(models.Model):
    """One of the URPS (Union régionale des professionnels de santé) of the region."""

    code = models.SlugField("code", max_length=30, unique=True)
    name = models.CharField("nom", max_length=150, unique=True)
    short_name = models.CharField("nom court", max_length=50, unique=True)
    profession = models.CharField("profession représentée", max_length=100)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    logo = PictureField("logo", upload_to=logo_path, max_length=200, blank=True)
    logo_credit = models.CharField("crédit du logo", max_length=200, blank=True)

    class Meta:
        verbose_name = "union (URPS)"
        verbose_name_plural = "unions (URPS)"
        ordering = ["order", "name"]

    def __str__(self):
        return self.short_name

    @property
    def logo_alt(self):
        """A logo says the union's name (it is not printed beside it)."""
        return self.name


class Department(models.Model):
    code = models.CharField("code INSEE", max_length=3, unique=True)
    name = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "département"
        verbose_name_plural = "départements"
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Commune(models.Model):
    """A commune with its population municipale and a simplified boundary (GeoJSON geometry)."""

    insee_code = models.CharField("code INSEE", max_length=5, unique=True)
    name = models.CharField("nom", max_length=150)
    department = models.ForeignKey(
        Department, verbose_name="département", on_delete=models.PROTECT, related_name="communes"
    )
    population = models.PositiveIntegerField("population municipale", default=0)
    population_year = models.PositiveSmallIntegerField("millésime de la population", null=True, blank=True)
    boundary = models.JSONField("contour simplifié (GeoJSON)", null=True, blank=True)

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = ["name", "insee_code"]

    def __str__(self):
        return f"{self.name} ({self.insee_code})"
