import gc

import pytest

from interurps.pdf import PDF_BASE_URL, RefusedURL, StaticFilesURLFetcher, render_pdf


@pytest.fixture
def fetcher():
    return StaticFilesURLFetcher()


def test_fetcher_serves_the_apps_static_files(fetcher):
    response = fetcher.fetch(PDF_BASE_URL + "static/css/app.css")
    assert b"InterURPS" in response.read()
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/logo.png",
        "https://interurps.invalid.example.org/static/css/app.css",
        "file:///etc/passwd",
        PDF_BASE_URL + "static/../interurps/settings.py",
        PDF_BASE_URL + "static/%2e%2e/%2e%2e/etc/passwd",
        PDF_BASE_URL + "media/secret.pdf",
        PDF_BASE_URL + "etc/passwd",
        "ftp://example.org/file",
    ],
)
def test_fetcher_refuses_anything_else(fetcher, url):
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)


def test_fetcher_refuses_a_missing_static_file(fetcher):
    with pytest.raises(RefusedURL):
        fetcher.fetch(PDF_BASE_URL + "static/css/nothing.css")


def test_render_pdf_ignores_a_remote_image_and_still_renders(caplog):
    html = (
        '<html><body><h1>Bonjour</h1><img src="http://127.0.0.1:9/x.png"><img src="file:///etc/passwd"></body></html>'
    )
    pdf = render_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert "Adresse refusée" in caplog.text


def test_the_garbage_collector_is_off_while_a_pdf_is_laid_out_and_on_again_after(monkeypatch):
    collector_state = []
    fetch = StaticFilesURLFetcher.fetch

    def fetch_and_record(self, url, headers=None):
        collector_state.append(gc.isenabled())
        return fetch(self, url, headers)

    monkeypatch.setattr(StaticFilesURLFetcher, "fetch", fetch_and_record)
    html = f'<html><head><link rel="stylesheet" href="{PDF_BASE_URL}static/css/app.css"></head><body>Oui</body></html>'
    assert render_pdf(html).startswith(b"%PDF")
    assert collector_state and not any(collector_state)  # the style sheet (and its fonts) fetched during the layout
    assert gc.isenabled()
