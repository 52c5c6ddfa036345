"""What the app records of sensitive actions besides the history of rows: exports of personal data."""

from django.conf import settings
from django.db import models


class ExportLog(models.Model):
    """An export of a list (personal data included) from the staff pages: who, when, which list, how many rows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="utilisateur", on_delete=models.PROTECT, null=True, related_name="+"
    )
    exported_at = models.DateTimeField("exporté le", auto_now_add=True)
    name = models.CharField("liste", max_length=100)
    row_count = models.PositiveIntegerField("nombre de lignes")
    query = models.CharField("filtres", max_length=500, blank=True)

    class Meta:
        verbose_name = "export de données"
        verbose_name_plural = "exports de données"
        ordering = ["-exported_at", "-pk"]

    def __str__(self):
        return f"{self.name} – {self.row_count} lignes le {self.exported_at:%d/%m/%Y %H:%M}"


# The private calendar feed lives beside its .ics writer.
