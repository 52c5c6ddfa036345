"""PDF rendering with WeasyPrint that fetches nothing but the app's own static files.

Documents are rendered from a string with the base URL `PDF_BASE_URL`: `{% static %}` paths
resolve under it, and the fetcher serves them from the static files finders. Any other
URL — another host, `file://`, a path outside the static files — is refused, so neither
user text nor a template can make the renderer read the network or the disk. One exception: a font
that the print style sheet names with `local()` is found by fontconfig and read as a `file://` URL;
such URLs are served when they point to a font file in the system's font directories. The other: the
pictures (`interurps.pictures`), at `PDF_BASE_URL + MEDIA_URL + name`, read from the media storage when
`name` is under the pictures' folder — never another media file (a published PDF, an import waiting).
"""

import gc
import os
import posixpath
from contextlib import contextmanager
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from interurps.pictures import is_picture_name

PDF_BASE_URL = "https://interurps.invalid/"
SYSTEM_FONT_DIRS = ("/usr/share/fonts/", "/usr/local/share/fonts/")
FONT_EXTENSIONS = (".ttf", ".otf")


class RefusedURL(ValueError):
    pass


class StaticFilesURLFetcher(URLFetcher):
    """Serve `PDF_BASE_URL + STATIC_URL + path` from the static files and the pictures; refuse every other URL."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file://"):
            return self.fetch_system_font(url)
        if self.is_media_url(url):
            return self.fetch_picture(url)
        path = self.static_path(url)
        found = finders.find(path)
        if not found:
            raise RefusedURL(f"Fichier statique introuvable : {path}")
        with open(found, "rb") as handle:
            body = handle.read()
        return URLFetcherResponse(url, body, headers={"Content-Type": guess_type(found)})

    @staticmethod
    def fetch_system_font(url):
        """A font file of the system (`local()` in a style sheet), and nothing else on the disk."""
        parts = urlsplit(url)
        path = os.path.realpath(unquote(parts.path))
        if parts.netloc or not path.startswith(SYSTEM_FONT_DIRS) or not path.lower().endswith(FONT_EXTENSIONS):
            raise RefusedURL(f"Adresse refusée dans un PDF : {url}")
        with open(path, "rb") as handle:
            body = handle.read()
        return URLFetcherResponse(url, body, headers={"Content-Type": "font/ttf"})

    @staticmethod
    def is_media_url(url):
        return unquote(urlsplit(url).path).startswith(media_prefix())

    def fetch_picture(self, url):
        """A picture of the media storage (logo, portrait, photo), and no other media file."""
        name = self.relative_path(url, media_prefix())
        if not is_picture_name(name) or not default_storage.exists(name):
            raise RefusedURL(f"Adresse refusée dans un PDF : {url}")
        with default_storage.open(name, "rb") as handle:
            body = handle.read()
        return URLFetcherResponse(url, body, headers={"Content-Type": guess_type(name)})

    @classmethod
    def static_path(cls, url):
        return cls.relative_path(url, "/" + settings.STATIC_URL.strip("/") + "/")

    @staticmethod
    def relative_path(url, prefix):
        """The normalised path of `url` under `prefix` on PDF_BASE_URL's host; RefusedURL for any other URL."""
        parts = urlsplit(url)
        base = urlsplit(PDF_BASE_URL)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            raise RefusedURL(f"Adresse refusée dans un PDF : {url}")
        path = unquote(parts.path)
        if not path.startswith(prefix):
            raise RefusedURL(f"Adresse refusée dans un PDF : {url}")
        relative = path[len(prefix) :]
        normalized = posixpath.normpath(relative)
        if normalized.startswith(("../", "/")) or normalized in ("..", ".") or "\\" in relative:
            raise RefusedURL(f"Adresse refusée dans un PDF : {url}")
        return normalized


def media_prefix():
    return "/" + settings.MEDIA_URL.strip("/") + "/"


def print_media_url(name):
    """The URL under which the PDF renderer reads the picture stored as `name` (relative to PDF_BASE_URL)."""
    return media_prefix() + name


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


@contextmanager
def collector_paused():
    """The cyclic garbage collector off while a document is laid out and written.

    A layout allocates millions of objects: the collector would walk them dozens of times (a full collection
    of a worker's heap is ~100 ms) for garbage that reference counting frees anyway once the render returns.
    It runs again afterwards, at its next threshold.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def render_pdf(html):
    """Render an HTML string (from a template using `{% static %}`) to PDF bytes."""
    with collector_paused():
        return render_document(html).write_pdf()
