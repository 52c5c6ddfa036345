"""The core app (`interurps`) imports and names no programme app, in code or in strings (DESIGN.md).

A programme contributes what it adds from its own `AppConfig.ready()` (`interurps.registry`, the
report and dashboard registries). These tests read the core's Python modules (outside migrations)
with `ast` and its templates as text, and fail on:
- an import of a programme app;
- a string that is an app label ("cpts") or uses one as an app label: a dotted path or permission
  ("cpts.urls", "cpts.view_cpts"), a URL name ("cpts:cpts_list"), a template or URL path ("cpts/…"),
  an ORM lookup through an app's relation ("cpts__name", "meetings__cpts");
- an identifier with the label as one of its words (`meeting.cpts`, `linked_cpts`, `CPTSWidget`).
French text is not flagged: "CPTS concernées" is the domain's word, written in capitals, and "le pacte."
ends a sentence. Docstrings are documentation (they may show how an app registers itself).
"""

import ast
import re
from pathlib import Path

import pytest

from tests.source_code import docstring_nodes

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "interurps"
TEMPLATES = ROOT / "templates"
PROGRAMME_APPS = ("cpts", "sas", "reper", "pacte")

# Core files that may name programmes, and why.
EXEMPT = {
    "interurps/settings.py": "the project's settings are where the apps are installed (PROGRAMMES)",
    "interurps/demo.py": "demo data: its programme codes are Programme rows (reference data), not app labels",
}
# Core files that still name programmes until another change lands; remove each line when it does
# (test_pending_exemptions_are_still_needed says when).
PENDING = {}

LABELS = "|".join(PROGRAMME_APPS)
AS_APP_LABEL = re.compile(rf"(?<![\w-])(?:{LABELS})(?=[.:/]\w|__)|__(?:{LABELS})\b")
TEMPLATE_TAG = re.compile(r"{%.*?%}|{{.*?}}", re.S)


def words(identifier):
    """The words of an identifier, lower case: `linked_cpts` → linked, cpts; `CPTSWidget` → cpts, widget."""
    return [
        word.lower() for part in identifier.split("_") for word in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+", part)
    ]


def names_a_programme_as_string(text):
    return text.strip() in PROGRAMME_APPS or AS_APP_LABEL.search(text) is not None


def names_a_programme_as_identifier(identifier):
    return any(word in PROGRAMME_APPS for word in words(identifier))


def identifiers(node):
    """The identifiers a node introduces or uses."""
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        return [node.attr]
    if isinstance(node, ast.arg):
        return [node.arg]
    if isinstance(node, ast.keyword) and node.arg:
        return [node.arg]
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    if isinstance(node, ast.alias):
        return [node.asname or node.name]
    return []


def python_findings(source):
    """(line, what) for each import, string or identifier of `source` that names a programme app."""
    tree = ast.parse(source)
    docstrings = docstring_nodes(tree)
    findings = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        else:
            modules = []
        findings += [(node.lineno, f"import {module}") for module in modules if module.split(".")[0] in PROGRAMME_APPS]
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if names_a_programme_as_string(node.value):
                findings.append((node.lineno, f"string {node.value!r}"))
        if not isinstance(node, ast.alias):  # an imported name is checked through the import itself
            for identifier in identifiers(node):
                if names_a_programme_as_identifier(identifier):
                    findings.append((getattr(node, "lineno", 0), f"name {identifier}"))
    return findings


def template_findings(text):
    """(line, what) for each place of a template's text that names a programme app."""
    findings = []
    for match in AS_APP_LABEL.finditer(text):
        findings.append((text.count("\n", 0, match.start()) + 1, f"{match.group()!r} used as an app label"))
    for tag in TEMPLATE_TAG.finditer(text):
        for identifier in re.findall(r"[A-Za-z_]\w*", tag.group()):
            if names_a_programme_as_identifier(identifier):
                findings.append((text.count("\n", 0, tag.start()) + 1, f"name {identifier}"))
    return findings


def relative(path):
    return path.relative_to(ROOT).as_posix()


def core_modules():
    return sorted(path for path in CORE.rglob("*.py") if "migrations" not in path.relative_to(CORE).parts)


def core_templates():
    """The templates of the core: every template outside the programme apps' folders."""
    roots = [TEMPLATES, CORE / "templates"]
    return sorted(
        path
        for root in roots
        if root.exists()
        for path in root.rglob("*.html")
        if path.relative_to(root).parts[0] not in PROGRAMME_APPS
    )


def report(findings_by_file):
    return "\n".join(f"{path}:{line}: {what}" for path, found in findings_by_file.items() for line, what in found)


def test_no_module_of_the_core_imports_or_names_a_programme_app():
    found = {}
    for path in core_modules():
        if relative(path) not in EXEMPT and relative(path) not in PENDING:
            found[relative(path)] = python_findings(path.read_text(encoding="utf-8"))
    found = {path: findings for path, findings in found.items() if findings}
    assert not found, "Le cœur nomme une application de programme :\n" + report(found)


def test_no_template_of_the_core_names_a_programme_app():
    found = {relative(path): template_findings(path.read_text(encoding="utf-8")) for path in core_templates()}
    found = {path: findings for path, findings in found.items() if findings}
    assert not found, "Un gabarit du cœur nomme une application de programme :\n" + report(found)


@pytest.mark.parametrize("path", sorted(PENDING))
def test_pending_exemptions_are_still_needed(path):
    assert python_findings((ROOT / path).read_text(encoding="utf-8")), (
        f"{path} ne nomme plus aucun programme : ôtez-le de PENDING."
    )


def test_the_scan_reads_the_core():
    assert ROOT / "interurps" / "forms.py" in core_modules()
    assert TEMPLATES / "interurps" / "meeting_detail.html" in core_templates()
    assert TEMPLATES / "cpts" / "cpts_list.html" not in core_templates()


# --- The detector itself --------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "import cpts",
        "import pacte.models",
        "from sas.models import SASIndicator",
        "from reper import report",
        'apps.is_installed("cpts")',
        'apps.get_model("pacte", "Cohort")',
        'NAVIGATION = [("SAS", "sas:home", "sas.view_sasdeployment")]',
        'include("reper.urls")',
        'template = "pacte/report_section.html"',
        'queryset.prefetch_related("cpts")',
        'Meeting.objects.filter(cpts__name="x")',
        "queryset.filter(meetings__cpts=1)",
        "meeting.cpts.all()",
        "linked_cpts = []",
        "class CPTSWidget: pass",
        "def cpts_model(): pass",
        "f(cpts=1)",
    ],
)
def test_the_detector_flags_a_programme_named_in_code(source):
    assert python_findings(source)


@pytest.mark.parametrize(
    "source",
    [
        'label = "CPTS concernées"',
        'text = "Le pacte signé."',
        'error = "CPTS inconnue : « x »"',
        'programmes = "Programmes : SAS, REPER/ICOPE, PACTE"',
        'def f():\n    """The cpts app adds its field here (registered from cpts/apps.py)."""',
        "from interurps import registry",
    ],
)
def test_the_detector_lets_french_text_and_docstrings_be(source):
    assert python_findings(source) == []


@pytest.mark.parametrize(
    "text",
    [
        "{% url 'cpts:cpts' cpts.pk %}",
        '{% include "sas/partials/row.html" %}',
        "{% if perms.pacte.view_cohort %}x{% endif %}",
        "{% if linked_cpts is not None %}x{% endif %}",
        "{{ meeting.cpts.all }}",
    ],
)
def test_the_detector_flags_a_programme_named_in_a_template(text):
    assert template_findings(text)


@pytest.mark.parametrize(
    "text",
    [
        "<h2>Pauses visio entre coordinateurs CPTS</h2>",
        "<p>Chaque rapport assemble les chiffres des CPTS et des programmes (SAS, PACTE).</p>",
        "{% for block in extension_blocks %}{% include block %}{% endfor %}",
    ],
)
def test_the_detector_lets_french_text_of_a_template_be(text):
    assert template_findings(text) == []
