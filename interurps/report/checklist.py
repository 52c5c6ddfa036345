"""What an edition still lacks before it is published: the preview lists it, and broken references block publishing."""

from interurps.report.photos import missing_pictures


def missing_before_publishing(report):
    """Sentences in French, one per thing to do; empty when the edition is ready."""
    missing = []
    if not report.edition.presidents_message.strip():
        missing.append("Le mot des présidents n'est pas rédigé.")
    if not report.signatories:
        missing.append("Le mot des présidents n'a pas de signataire.")
    if not report.edition.presentation.strip():
        missing.append("La présentation de l'association n'est pas rédigée.")
    for section in report.sections:
        if section.is_free:
            continue
        if not section.introduction.strip():
            missing.append(f"{section.title} : l'introduction n'est pas rédigée.")
        if not has_data(section.data):
            missing.append(f"{section.title} : aucune donnée enregistrée pour {report.year} (masquer la section ?).")
    missing += missing_pictures(report)
    for key in report.broken_figures:
        missing.append(f"Le chiffre [[{key}]] n'existe pas dans le catalogue de {report.year} : corrigez la référence.")
    return missing


def has_data(data):
    """Whether a section's data hold anything: a figure other than zero or a non-empty list."""
    for name, value in data.items():
        if name == "year" or isinstance(value, bool):
            continue
        if isinstance(value, int) and value:
            return True
        if isinstance(value, (list, tuple)) and value:
            return True
    return False


class BrokenFigureReferences(ValueError):
    """Publishing refused: a text names a figure the catalogue does not have."""
