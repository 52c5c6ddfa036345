"""Measures that need a process of their own: the report PDF and the 10 000-row meeting import.

Each runs in a forked child so that its peak memory (the child's maximum resident set) is its own.
"""

import gc
import io
import multiprocessing
import re
import resource
import statistics
import time

from django.db import connections
from django.test import Client
from django.urls import reverse

from interurps.benchmark.pages import QueryCounter


def in_child(function, *args):
    """Run `function(*args)` in a forked process; its result (a dict) plus `peak_mb`."""
    connections.close_all()  # the child opens its own connections
    context = multiprocessing.get_context("fork")
    queue = context.Queue()

    def target():
        try:
            result = function(*args)
        except Exception as error:  # reported to the parent, which prints it
            result = {"error": f"{type(error).__name__}: {error}"}
        result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        queue.put(result)

    process = context.Process(target=target)
    process.start()
    result = queue.get()
    process.join()
    return result


def report_pdf(year, runs):
    """Median seconds of the whole PDF (assembly, HTML, layout), pages, and WeasyPrint alone on the same HTML.

    The first render after a change of the records computes the sections (`cold_seconds`); the next ones take
    their data from the cache, as a second export of the same data does (`seconds`, the median).
    """
    from django.core.cache import cache

    from interurps.pdf import render_document
    from interurps.report.assembly import assemble
    from interurps.report.rendering import render_report_html, render_year_pdf

    render_year_pdf(year)  # warm-up: templates, fonts
    cache.clear()
    started = time.perf_counter()
    render_year_pdf(year)
    cold = time.perf_counter() - started
    whole, alone, pauses = [], [], []
    callbacks_before = list(gc.callbacks)

    def on_gc(phase, info):
        if phase == "start":
            pauses.append(time.perf_counter())

    gc.callbacks.append(on_gc)
    try:
        for _ in range(runs):
            started = time.perf_counter()
            rendered = render_year_pdf(year)
            whole.append(time.perf_counter() - started)
        gc_full = len(pauses)
        html = render_report_html(assemble(year))
        for _ in range(runs):
            started = time.perf_counter()
            render_document(html).write_pdf()
            alone.append(time.perf_counter() - started)
    finally:
        gc.callbacks[:] = callbacks_before
    return {
        "seconds": statistics.median(whole),
        "cold_seconds": cold,
        "pages": rendered.page_count,
        "weasyprint_seconds": statistics.median(alone),
        "html_kb": len(html.encode()) / 1024,
        "gc_runs": gc_full,
    }


def meetings_file(client, rows):
    """An XLSX of `rows` new meetings in the app's own format: the meeting export, retitled and repeated."""
    import openpyxl

    response = client.get(reverse("interurps:meeting_list"), {"export": "xlsx", "qui": "toutes"})
    source = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = source.active
    header = [cell.value for cell in sheet[1]]
    records = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    if not records:
        raise RuntimeError("aucune réunion à exporter")
    title = next(i for i, name in enumerate(header) if str(name).lower() in ("intitulé", "titre"))
    book = openpyxl.Workbook()
    out = book.active
    out.append(header)
    for number in range(rows):
        record = list(records[number % len(records)])
        record[title] = f"Réunion importée n° {number + 1}"
        out.append(record)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def meeting_import(user_pk, rows):
    """Preview then confirmation of a `rows`-row meeting import through the staff pages."""
    from django.contrib.auth import get_user_model

    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(pk=user_pk))
    data = meetings_file(client, rows)
    url = reverse("interurps:import", kwargs={"kind": "reunions"})
    upload = io.BytesIO(data)
    upload.name = "reunions.xlsx"
    with QueryCounter() as preview_queries:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.post(url, {"file": upload})
        preview, preview_cpu = time.perf_counter() - started, time.process_time() - cpu
    page_kb = len(response.content) / 1024
    match = re.search(rb'name="token" value="([^"]+)"', response.content)
    if response.status_code != 200 or not match:
        reasons = re.findall(r'<p class="error">([^<]+)</p>', response.content.decode())
        reasons += re.findall(r'<div class="errors" role="alert">(.+?)</div>', response.content.decode(), re.S)
        return {"error": f"aperçu refusé ({response.status_code}) : {' | '.join(dict.fromkeys(reasons))[:500]}"}
    confirm_url = reverse("interurps:import_confirm", kwargs={"kind": "reunions"})
    with QueryCounter() as confirm_queries:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.post(confirm_url, {"token": match.group(1).decode()})
        confirm, confirm_cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "rows": rows,
        "preview_s": preview,
        "confirm_s": confirm,
        "total_s": preview + confirm,
        # The CPU time of this process (the app, and SQLite's work; not a PostgreSQL server's): on a machine
        # shared with other work, what the import itself costs.
        "preview_cpu_s": preview_cpu,
        "confirm_cpu_s": confirm_cpu,
        "preview_queries": len(preview_queries),
        "confirm_queries": len(confirm_queries),
        "preview_page_kb": page_kb,
        "confirm_status": response.status_code,
    }
