"""French typography, once for the pages, the PDF and the SVG charts.

Filters for what a template writes — amounts (`686 000 €`), dates in running text (`1er juin 2021`,
`2 et 3 juin 2021`), counts with their noun (`0 réunion`, `2 réunions`) — and `french_typography`, which
a page's whole HTML goes through (the `{% typography %}` block of `report_tags`): no-break spaces before
`: ; ! ? %` and inside « », narrow no-break spaces between the thousands of a number.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import dateformat

register = template.Library()

NARROW_NBSP = "\u202f"  # thousands separator (espace fine insécable)
NBSP = "\u00a0"  # before the euro sign and ":" (espace insécable)


@register.filter
def euros(value):
    """`686000` → `686 000 €`; cents only when there are some: `1 234,50 €`."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    units, cents = f"{abs(amount):.2f}".split(".")
    grouped = f"{int(units):,}".replace(",", NARROW_NBSP)
    decimals = f",{cents}" if cents != "00" else ""
    return f"{sign}{grouped}{decimals}{NBSP}€"


def day_of(date):
    """`1er` for the first of the month, else the day without a leading zero."""
    return "1er" if date.day == 1 else str(date.day)


@register.filter
def french_date(date, with_year=True):
    """`1er juin 2021`, `7 octobre 2021` (or without the year: `french_date:False`)."""
    if not date:
        return ""
    month = dateformat.format(date, "F")
    return f"{day_of(date)} {month} {date.year}" if with_year else f"{day_of(date)} {month}"


@register.filter
def french_date_range(start, end=None):
    """A day or a span of days as running text writes them.

    `12 mars 2021`, `1er avril 2021`, `2 et 3 juin 2021`, `2 au 4 juin 2021`, `31 août et 1er septembre 2021`,
    `31 décembre 2021 et 1er janvier 2022`.
    """
    if not start:
        return ""
    if not end or end <= start:
        return french_date(start)
    link = "et" if (end - start).days == 1 else "au"
    if start.year != end.year:
        first = french_date(start)
    elif start.month != end.month:
        first = french_date(start, with_year=False)
    else:
        first = day_of(start)
    return f"{first} {link} {french_date(end)}"


@register.filter
def french_join(values):
    """`["a", "b", "c"]` → `a, b et c`."""
    values = [str(value) for value in values]
    if len(values) < 2:
        return "".join(values)
    return f"{', '.join(values[:-1])} et {values[-1]}"


@register.filter
def plural_fr(count, suffix="s"):
    """The plural suffix in French: none for 0 and 1 (`0 conseil`, `2 conseils`)."""
    if hasattr(count, "__len__"):
        count = len(count)
    return suffix if count and abs(count) >= 2 else ""


@register.filter
def count_of(count, noun):
    """`count_of:"réunion"` → `0 réunion`, `1 réunion`, `2 réunions`; `"conseil|conseils d'administration"` for
    a plural that is not the singular plus « s »."""
    count = count or 0
    singular, _, plural = str(noun).partition("|")
    word = singular if abs(count) < 2 else (plural or f"{singular}s")
    return f"{number(count)}{NBSP}{word}"


@register.filter
def number(value):
    """`12345` → `12 345` (narrow no-break space); below 10 000 a number is written whole (`2021`, `1228`)."""
    if value is None or value == "":
        return ""
    value = int(value)
    if abs(value) < 10_000:
        return str(value)
    return f"{value:,}".replace(",", NARROW_NBSP)


# French typography on the text of a page (never inside a tag): the breakable spaces (or none) before the
# high punctuation become no-break, and so do those inside « ».
TAG = re.compile(r"(<[^>]*>)")
SPACE_BEFORE_COLON = re.compile(r"(?:[ \t\r\n]+|(?<=[\wÀ-ÿ»)]))(?<!\d):(?=[\s<]|$)")
SPACE_BEFORE_HIGH = re.compile(r"(?:[ \t\r\n]+|(?<=[\wÀ-ÿ»)]))([;!?])(?=[\s<)»]|$)")
SPACE_BEFORE_PERCENT = re.compile(r"(?<=\d)[ \t\r\n\u00a0]*%")
AFTER_OPENING_QUOTE = re.compile(r"«[ \t\r\n\u00a0]*")
BEFORE_CLOSING_QUOTE = re.compile(r"[ \t\r\n\u00a0]*»")
THOUSANDS = re.compile(r"(?<=\d)\u00a0(?=\d{3}(?!\d))")
RAW_TEXT_TAGS = re.compile(r"<(script|style)\b", re.IGNORECASE)


ENTITY = re.compile(r"(&#?\w+;)")


def typography_of_text(text):
    """French spacing in a text of HTML, its character references (`&gt;`, `&#x27;`) left whole."""
    pieces = ENTITY.split(text)
    if len(pieces) > 1:
        # Join the references back as placeholders that no rule matches, then restore them.
        entities = pieces[1::2]
        joined = "".join(piece if index % 2 == 0 else f"\ue000{index // 2}\ue001" for index, piece in enumerate(pieces))
        spaced = typography_of_plain_text(joined)
        return re.sub(r"\ue000(\d+)\ue001", lambda match: entities[int(match.group(1))], spaced)
    return typography_of_plain_text(text)


def typography_of_plain_text(text):
    text = SPACE_BEFORE_COLON.sub(f"{NBSP}:", text)
    text = SPACE_BEFORE_HIGH.sub(lambda match: f"{NARROW_NBSP}{match.group(1)}", text)
    text = SPACE_BEFORE_PERCENT.sub(f"{NARROW_NBSP}%", text)
    text = AFTER_OPENING_QUOTE.sub(f"«{NBSP}", text)
    text = BEFORE_CLOSING_QUOTE.sub(f"{NBSP}»", text)
    return THOUSANDS.sub(NARROW_NBSP, text)


def french_typography(html):
    """`html` with French spacing in its text; tags, attributes and `<script>`/`<style>` content untouched."""
    parts = TAG.split(str(html))
    raw = False
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            if RAW_TEXT_TAGS.match(part):
                raw = True
            elif part.lower().startswith(("</script", "</style")):
                raw = False
        elif part and not raw:
            parts[index] = typography_of_text(part)
    return "".join(parts)


def narrow_spaces_for_print(html):
    """Each narrow no-break space of the text in a `span.nnbsp` (a `tspan` in SVG), for the PDF renderer.

    The report's font has no U+202F: drawn from a fallback font, it would be missing from the PDF's text layer
    (« 330000 € »); drawn from a font named for it, it is kept (« 330 000 € »). `<title>` texts stay as they are.
    """
    parts = TAG.split(str(html))
    in_svg = in_title = raw = False
    for index, part in enumerate(parts):
        if index % 2:
            lowered = part.lower()
            if lowered.startswith("<svg"):
                in_svg = True
            elif lowered.startswith("</svg"):
                in_svg = False
            elif lowered.startswith("<title"):
                in_title = True
            elif lowered.startswith("</title"):
                in_title = False
            elif RAW_TEXT_TAGS.match(part):
                raw = True
            elif lowered.startswith(("</script", "</style")):
                raw = False
        elif NARROW_NBSP in part and not (in_title or raw):
            wrapper = (
                f'<tspan font-family="DejaVu Sans">{NARROW_NBSP}</tspan>'
                if in_svg
                else f'<span class="nnbsp">{NARROW_NBSP}</span>'
            )
            parts[index] = part.replace(NARROW_NBSP, wrapper)
    return "".join(parts)
