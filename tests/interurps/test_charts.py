"""The report's bar chart: geometry computed in Python, markup rendered (and escaped) by its SVG template."""

from decimal import Decimal

from interurps.report.charts import horizontal_bar_chart
from interurps.templatetags.fr_format import euros

FONT = 'font-family="Lato, &apos;DejaVu Sans&apos;, sans-serif" font-size="10.5"'


def test_bar_chart_draws_one_bar_a_value_with_its_label_and_value_at_its_end():
    svg = horizontal_bar_chart([("2020", 7), ("2021", 14)], title="ACI signés par année", width=420, label_width=50)

    assert svg == (
        '<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" viewBox="0 0 420 56" width="420" height="56" '
        'role="img" aria-label="ACI signés par année"><title>ACI signés par année</title>'
        '<line x1="50" y1="0" x2="50" y2="56" stroke="#d6dbe4" stroke-width="1"/>'
        f'<text x="42" y="20.0" text-anchor="end" fill="#1d2433" {FONT}>2020</text>'
        '<rect x="50" y="8" width="140.0" height="16" rx="2" fill="#0b5c8c"/>'
        f'<text x="196.0" y="20.0" fill="#5a6478" {FONT}>7</text>'
        f'<text x="42" y="44.0" text-anchor="end" fill="#1d2433" {FONT}>2021</text>'
        '<rect x="50" y="32" width="280.0" height="16" rx="2" fill="#0b5c8c"/>'
        f'<text x="336.0" y="44.0" fill="#5a6478" {FONT}>14</text></svg>'
    )


def test_bar_chart_escapes_its_title_and_labels():
    svg = horizontal_bar_chart([("<b>Fonds</b> & co", 1)], title="Financements & <source>")

    assert 'aria-label="Financements &amp; &lt;source&gt;"' in svg
    assert "<title>Financements &amp; &lt;source&gt;</title>" in svg
    assert "&lt;b&gt;Fonds&lt;/b&gt; &amp; co</text>" in svg
    assert "<b>" not in svg


def test_bar_chart_writes_values_in_french_and_labels_with_french_spacing_cut_at_40_characters():
    svg = horizontal_bar_chart(
        [("ARS (FIR)", Decimal("386000")), ("Fonds propres des URPS; et un libellé très long qui dépasse", 12_500)],
        title="Financements",
        value_format=euros,
    )

    assert ">386\u202f000\u00a0€</text>" in svg
    assert ">Fonds propres des URPS\u202f; et un libellé t…</text>" in svg
    assert 'width="240.0"' in svg  # the largest value takes the whole width
    assert 'width="7.8"' in svg


def test_bar_chart_draws_a_zero_as_no_bar_and_nothing_without_items():
    assert 'width="0.0" height="16"' in horizontal_bar_chart([("CPTS", 3), ("PACTE", 0)], title="Réunions")
    assert horizontal_bar_chart([], title="Réunions") == ""
