"""Rich text of the report editions: a small set of HTML tags, sanitised with nh3.

Staff write headings, paragraphs, lists, bold, italics and links. Whatever else is pasted
(scripts, styles, images, frames, event handlers, `file:` or `javascript:` links) is removed
when the form is saved and again when the text is rendered, so a stored text can never
inject anything into a page or make the PDF renderer fetch a file.
"""

import re
from html.parser import HTMLParser

import nh3
from django.core.exceptions import ValidationError
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "b", "i", "br", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
BLOCK_TAG = re.compile(r"<(p|ul|ol|h2|h3|h4)[\s>]", re.IGNORECASE)
# Bounds of a text: the PDF renderer lays out nested elements recursively (120 nested lists broke it), and a
# report text is a few pages at most.
MAX_DEPTH = 12
MAX_LENGTH = 100_000
VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base", "embed", "source", "track"}


class _DepthCounter(HTMLParser):
    """The deepest nesting of elements in an HTML fragment, counted without recursion."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = []
        self.deepest = 0

    def handle_starttag(self, tag, attrs):
        if tag not in VOID_TAGS:
            self.open.append(tag)
            self.deepest = max(self.deepest, len(self.open))

    def handle_endtag(self, tag):
        if tag in self.open:  # close it and whatever was left open inside it
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]


def nesting_depth(text):
    counter = _DepthCounter()
    counter.feed(text)
    counter.close()
    return counter.deepest


def validate_bounds(text):
    """Refuse (ValidationError, in French) a text too long or too deeply nested for the report."""
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            f"Texte trop long : {len(text)} caractères pour {MAX_LENGTH} au plus.",
            code="too_long",
        )
    depth = nesting_depth(text)
    if depth > MAX_DEPTH:
        raise ValidationError(
            f"Texte trop imbriqué : {depth} niveaux (listes dans des listes…) pour {MAX_DEPTH} au plus.",
            code="too_deep",
        )


def sanitize_html(text):
    """Return `text` as safe HTML: allowed tags only; plain text paragraphs become `<p>`."""
    if not text or not text.strip():
        return ""
    cleaned = nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener",
    ).strip()
    if cleaned and not BLOCK_TAG.search(cleaned):
        # Text typed without markup: blank lines separate paragraphs, a line break stays one.
        cleaned = linebreaks(cleaned, autoescape=False)
    return mark_safe(cleaned)  # cleaned by nh3 just above
