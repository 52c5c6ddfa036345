"""Tables in the report's PDF: the caption and the header stay with the first rows, the header repeats on every page."""

import shutil
import subprocess

import pytest

from interurps.pdf import render_document

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")

PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<link rel="stylesheet" href="/static/report/report.css"><link rel="stylesheet" href="/static/report/print.css">
</head><body class="print"><div class="report"><section class="chapter level-1">{body}</section></div></body></html>"""


def page_texts(html, tmp_path):
    path = tmp_path / "tables.pdf"
    document = render_document(html)
    path.write_bytes(document.write_pdf())
    command = ["pdftotext", "-raw", str(path), "-"]
    return [
        subprocess.run([*command[:1], "-f", str(n), "-l", str(n), *command[1:]], capture_output=True, text=True).stdout
        for n in range(1, len(document.pages) + 1)
    ]


def table(rows):
    body = "".join(f"<tr><th>Ligne {n}</th><td class='number'>{n}</td></tr>" for n in range(1, rows + 1))
    return (
        "<table class='data'><caption>Le tableau des lignes</caption>"
        "<thead><tr><th>Intitulé de colonne</th><th>Valeur</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


@pytest.mark.parametrize("paragraphs", range(20, 32, 2))  # the caption falls near the end of page 1
def test_a_short_tables_caption_and_header_stay_with_its_rows(tmp_path, paragraphs):
    filler = "".join(f"<p>Paragraphe {n} : du texte pour remplir la page du rapport.</p>" for n in range(paragraphs))
    pages = page_texts(PAGE.format(body=filler + table(6)), tmp_path)
    page = next(text for text in pages if "Le tableau des lignes" in text)
    assert "Intitulé de colonne" in page
    assert "Ligne 1" in page and "Ligne 6" in page


def test_a_long_table_repeats_its_header_on_every_page(tmp_path):
    pages = page_texts(PAGE.format(body=table(90)), tmp_path)
    assert len(pages) >= 2
    assert all("Intitulé de colonne" in text for text in pages)
    assert pages[0].count("Le tableau des lignes") == 1
