"""Template tags of the annual report: sanitised rich text and the rendering of app sections."""

from django import template
from django.conf import settings
from django.utils.html import format_html

from interurps.pdf import print_media_url
from interurps.pictures import picture_url
from interurps.report.figures import Cited, with_figures
from interurps.report.figures import display as figures_display
from interurps.report.richtext import sanitize_html
from interurps.templatetags.fr_format import french_typography

register = template.Library()


@register.filter
def sanitize(text):
    """Editorial text as safe HTML (allowed tags only), whatever was stored."""
    return sanitize_html(text)


@register.simple_tag(takes_context=True)
def editorial(context, text):
    """An editorial text as safe HTML with its live figures (`[[sas.meeting_total]]`) printed for the year."""
    report = context.get("report")
    return with_figures(sanitize_html(text), report.figures if report else {}, preview=context.get("preview", False))


@register.simple_tag(takes_context=True)
def render_section(context, section):
    """Render an app's section template with its data.

    The template sees the keys of the dict returned by the section's `build(year)`, and also
    `section` and `data` (that dict), `year` and `preview` (True in the browser, False in the PDF).
    """
    section_template = context.template.engine.get_template(section.template)
    values = {
        **section.data,
        "section": section.data,
        "data": section.data,
        "year": context["report"].year,
        # A figure the edition's texts already state (`[[cpts.quintet_count]]`) is not repeated:
        # `{% if not cited|cites:"cpts.quintet_count" %}`.
        "introduction": section.introduction,
        "cited": Cited(section.introduction, section.perspectives),
        "compare": section.compare,
        "preview": context["preview"],
    }
    with context.push(**values):
        return section_template.render(context)


@register.filter
def cites(cited, prefix):
    """`{% if not cited|cites:"cpts.quintet_count" %}`: whether the section's texts cite that figure (or one under
    it); False where the template is rendered without texts."""
    return bool(cited) and prefix in cited


@register.simple_tag(takes_context=True)
def previous_year(context, key):
    """Beside a key figure, when its section compares with the year before: « 12 en 2020, +4 »; « comme en 2020 »
    when nothing changed (no "+0"); nothing when the section does not compare or the year before has no value."""
    report = context.get("report")
    figure = report.figures.get(key) if report else None
    if not context.get("compare") or figure is None or figure.previous is None:
        return ""
    if not figure.change:
        return format_html('<span class="figure-previous">comme en {}</span>', figure.previous_year)
    return format_html(
        '<span class="figure-previous">{} en {}, <span class="figure-change">{}</span></span>',
        figures_display(figure.previous),
        figure.previous_year,
        figure.change_display,
    )


@register.simple_tag
def print_static(path):
    """The URL of a static file for the PDF renderer: always the unhashed source path under STATIC_URL.

    WeasyPrint's fetcher (`interurps.pdf`) reads static files through the finders, which know the
    source names, not the hashed names of the manifest storage that `{% static %}` returns in production.
    """
    return "/" + settings.STATIC_URL.strip("/") + "/" + path.lstrip("/")


class TypographyNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        return french_typography(self.nodelist.render(context))


@register.tag
def typography(parser, token):
    """`{% typography %}…{% endtypography %}`: French spacing in the text of what the block renders."""
    nodelist = parser.parse(("endtypography",))
    parser.delete_first_token()
    return TypographyNode(nodelist)


@register.simple_tag(takes_context=True)
def picture_src(context, picture):
    """The URL of a stored picture (a logo, a portrait, a photo): our view in the browser, the fetcher's in the PDF."""
    if not context.get("preview"):
        return print_media_url(picture.name)
    return picture_url(picture)


@register.filter
def picture_credits(records, field):
    """The distinct credits of `records` (`field` a dotted path, "person.portrait_credit"), joined."""
    credits = []
    for record in records:
        credit = record
        for name in field.split("."):
            credit = getattr(credit, name, None) if credit is not None else None
        if credit and credit not in credits:
            credits.append(credit)
    return " ; ".join(credits)
