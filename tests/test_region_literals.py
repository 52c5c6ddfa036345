"""No page, form, help text or message names Pays de la Loire: the region is a setting.

Templates are read whole; Python modules by their string literals (docstrings and comments may explain the
default region). The demo data, migrations, fixtures and the settings' default are the region's own data.
"""

import ast
from pathlib import Path

from tests.source_code import docstring_nodes

ROOT = Path(__file__).resolve().parents[1]
APPS = ["interurps", "cpts", "sas", "reper", "pacte"]
LITERALS = [
    "Pays de la Loire",
    "Loire-Atlantique",
    "Maine-et-Loire",
    "Mayenne",
    "Sarthe",
    "Vendée",
    "44109",
    "44020",
    "44035",
]
ALLOWED = {
    Path("interurps/settings.py"),  # the default of REGION_NAME
}


def excluded(path):
    relative = path.relative_to(ROOT)
    parts = set(relative.parts)
    return (
        relative in ALLOWED
        or {"migrations", "fixtures", "seeds", "demo"} & parts
        or relative.name in {"demo.py"}
        or relative.name.startswith("demo_")
    )


def python_files():
    return sorted(p for app in APPS for p in (ROOT / app).rglob("*.py") if not excluded(p))


def template_files():
    folders = [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]
    return sorted(p for folder in folders if folder.is_dir() for p in folder.rglob("*.html") if not excluded(p))


def region_literals_in_python(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = docstring_nodes(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            found += [(node.lineno, literal) for literal in LITERALS if literal in node.value]
    return found


def test_the_scan_reads_the_apps_and_the_templates():
    assert len(python_files()) > 50
    assert len(template_files()) > 30


def test_no_python_string_names_the_default_region():
    found = [
        f"{path.relative_to(ROOT)}:{line} {literal}"
        for path in python_files()
        for line, literal in region_literals_in_python(path)
    ]
    assert found == []


def test_no_template_names_the_default_region():
    found = [
        f"{path.relative_to(ROOT)} {literal}"
        for path in template_files()
        for literal in LITERALS
        if literal in path.read_text(encoding="utf-8")
    ]
    assert found == []
