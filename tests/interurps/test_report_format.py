"""French typography of the report (amounts, dates, lists) and the sanitising of its rich text."""

import datetime
from decimal import Decimal

import pytest

from interurps.report.richtext import sanitize_html
from interurps.templatetags.fr_format import (
    count_of,
    euros,
    french_date_range,
    french_join,
    french_typography,
    plural_fr,
)

NNBSP, NBSP = "\u202f", "\u00a0"


def test_euros_groups_thousands_with_a_narrow_no_break_space():
    assert euros(686000) == f"686{NNBSP}000{NBSP}€"


def test_euros_shows_cents_only_when_there_are_some():
    assert euros(Decimal("1234.50")) == f"1{NNBSP}234,50{NBSP}€"
    assert euros(Decimal("1234.00")) == f"1{NNBSP}234{NBSP}€"


def test_euros_of_millions_and_small_amounts():
    assert euros(Decimal("2500000")) == f"2{NNBSP}500{NNBSP}000{NBSP}€"
    assert euros(0) == f"0{NBSP}€"


def test_euros_of_nothing_is_empty():
    assert euros(None) == ""


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (datetime.date(2021, 3, 12), None, "12 mars 2021"),
        (datetime.date(2021, 4, 1), None, "1er avril 2021"),
        (datetime.date(2021, 6, 2), datetime.date(2021, 6, 3), "2 et 3 juin 2021"),
        (datetime.date(2021, 8, 31), datetime.date(2021, 9, 1), "31 août et 1er septembre 2021"),
        (datetime.date(2021, 6, 2), datetime.date(2021, 6, 4), "2 au 4 juin 2021"),
        (datetime.date(2021, 12, 31), datetime.date(2022, 1, 1), "31 décembre 2021 et 1er janvier 2022"),
        (datetime.date(2021, 6, 2), datetime.date(2021, 6, 2), "2 juin 2021"),
    ],
)
def test_french_date_range_writes_days_as_the_report_does(start, end, expected):
    assert french_date_range(start, end) == expected


def test_french_typography_puts_no_break_spaces_before_high_punctuation_and_inside_quotes():
    html = '<p title="a : b">Objectifs : « Mieux » 72,1 % oui ! 686\u00a0000</p>'
    assert french_typography(html) == (
        f'<p title="a : b">Objectifs{NBSP}: «{NBSP}Mieux{NBSP}» 72,1{NNBSP}% oui{NNBSP}! 686{NNBSP}000</p>'
    )


@pytest.mark.parametrize("count, expected", [(0, "0 réunion"), (1, "1 réunion"), (2, "2 réunions")])
def test_count_of_is_singular_for_zero_and_one(count, expected):
    assert count_of(count, "réunion").replace(NBSP, " ") == expected


def test_french_join_links_the_last_item_with_et():
    assert french_join(["URML", "URPS Infirmiers", "URPS Pharmaciens"]) == "URML, URPS Infirmiers et URPS Pharmaciens"
    assert french_join(["URML"]) == "URML"
    assert french_join([]) == ""


@pytest.mark.parametrize("count, suffix", [(0, ""), (1, ""), (2, "s"), (11, "s")])
def test_plural_fr_is_singular_for_zero_and_one(count, suffix):
    assert plural_fr(count) == suffix


def test_sanitize_keeps_headings_lists_bold_and_links():
    html = '<h3>Titre</h3><p><strong>gras</strong> <em>it</em></p><ul><li>un</li></ul><a href="https://ars.fr">ARS</a>'
    cleaned = sanitize_html(html)
    assert "<h3>Titre</h3>" in cleaned
    assert "<strong>gras</strong>" in cleaned
    assert "<ul><li>un</li></ul>" in cleaned
    assert '<a href="https://ars.fr" rel="noopener">ARS</a>' in cleaned


def test_sanitize_removes_scripts_with_their_content():
    cleaned = sanitize_html("<p>Bonjour</p><script>alert('x')</script>")
    assert "script" not in cleaned
    assert "alert" not in cleaned
    assert "Bonjour" in cleaned


def test_sanitize_removes_event_handlers():
    cleaned = sanitize_html('<p onclick="alert(1)">Texte</p><a href="https://a.fr" onmouseover="x()">lien</a>')
    assert "onclick" not in cleaned
    assert "onmouseover" not in cleaned


def test_sanitize_removes_images_that_point_to_local_files():
    cleaned = sanitize_html('<p>Texte</p><img src="file:///etc/passwd" onerror="alert(1)">')
    assert "<img" not in cleaned
    assert "passwd" not in cleaned
    assert "onerror" not in cleaned


def test_sanitize_removes_styles_iframes_and_javascript_links():
    cleaned = sanitize_html(
        '<style>body{display:none}</style><iframe src="https://x.org"></iframe>'
        '<p style="color:red">Texte</p><a href="javascript:alert(1)">lien</a>'
    )
    assert "<style" not in cleaned
    assert "display:none" not in cleaned
    assert "<iframe" not in cleaned
    assert "style=" not in cleaned
    assert "javascript:" not in cleaned


def test_sanitize_turns_plain_text_into_paragraphs():
    assert sanitize_html("Premier paragraphe.\n\nSecond,\nsur deux lignes.") == (
        "<p>Premier paragraphe.</p>\n\n<p>Second,<br>sur deux lignes.</p>"
    )


def test_sanitize_escapes_text_that_looks_like_markup():
    assert "&lt;" in sanitize_html("1 < 2 et 3 > 2")


def test_sanitize_of_blank_text_is_empty():
    assert sanitize_html("  \n ") == ""


def test_subheadings_under_a_chapter_title_may_be_h2():
    from interurps.report.richtext import sanitize_html

    assert "<h2>Objectifs</h2>" in str(sanitize_html("<h2>Objectifs</h2><p>texte</p>"))
