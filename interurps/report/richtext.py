"""Rich text of the report editions: a small set of HTML tags, sanitised with nh3.

Staff write headings, paragraphs, lists, bold, italics and links. Whatever else is pasted
(scripts, styles, images, frames, event handlers, `file:` or `javascript:` links) is removed
when the form is saved and again when the text is rendered, so a stored text can never
inject anything into a page or make the PDF renderer fetch a file.
"""

import re

import nh3
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "b", "i", "br", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
BLOCK_TAG = re.compile(r"<(p|ul|ol|h2|h3|h4)[\s>]", re.IGNORECASE)


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
