"""PDF rendering with WeasyPrint that fetches nothing but the app's own static files.

Documents are rendered from a string with the base URL `PDF_BASE_URL`: `{% static %}` paths
resolve under it, and the fetcher serves them from the static files finders. Any other
URL — another host, `file://`, a path outside the static files — is refused, so neither
user text nor a template can make the renderer read the network or the disk.
"""

import posixpath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_BASE_URL = "https://interurps.invalid/"


class RefusedURL(ValueError):
    pass


class StaticFilesURLFetcher(URLFetcher):
    """Serve `PDF_BASE_URL + STATIC_URL + path` from the static files; refuse every other URL."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self.static_path(url)
        found = finders.find(path)
        if not found:
            raise RefusedURL(f"Fichier statique introuvable : {path}")
        with open(found, "rb") as handle:
            body = handle.read()
        return URLFetcherResponse(url, body, headers={"Content-Type": guess_type(found)})

    @staticmethod
    def static_path(url):
        parts = urlsplit(url)
        base = urlsplit(PDF_BASE_URL)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            raise RefusedURL(f"Adresse refusée dans un PDF : {url}")
        prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        path = unquote(parts.path)
        if not path.startswith(prefix):
            raise RefusedURL(f"Adresse refusée dans un PDF : {url}")
        relative = path[len(prefix) :]
        normalized = posixpath.normpath(relative)
        if normalized.startswith(("../", "/")) or normalized in ("..", ".") or "\\" in relative:
            raise RefusedURL(f"Adresse refusée dans un PDF : {url}")
        return normalized


def guess_type(filename):
    import mimetypes

    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


class PDFRenderError(Exception):
    """WeasyPrint failed on a document (too deep a nesting of user text, say): the message is in French."""


def render_document(html):
    """Lay out an HTML string as pages (a WeasyPrint Document: `.pages`, `.write_pdf()`)."""
    try:
        return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticFilesURLFetcher()).render()
    except Exception as error:  # any failure of the layout engine, RecursionError included
        raise PDFRenderError("Le document n'a pas pu être mis en page en PDF.") from error


def render_pdf(html):
    """Render an HTML string (from a template using `{% static %}`) to PDF bytes."""
    return render_document(html).write_pdf()
