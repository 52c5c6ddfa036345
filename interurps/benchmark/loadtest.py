"""A team's traffic against gunicorn on 127.0.0.1: simulated users with think time over the main pages.

Each simulated user opens a page, reads it for a while (think time drawn from a seeded generator, so two
runs send the same sequence), then opens another, until the run's time is over. Meanwhile one board member
exports the annual report as PDF and one chargée imports a meetings file, through the same server: the
point is that neither makes the others' requests fail or wait past the goal. Loopback only, bounded in
time and in requests.
"""

import http.client
import random
import re
import threading
import time
import uuid

from interurps.benchmark.pages import percentile


class Traffic:
    def __init__(self, server, cookies, pages, users=50, seconds=60.0, think=(1.0, 5.0), seed=2021):
        self.server, self.cookies, self.pages = server, cookies, pages
        self.users, self.seconds, self.think, self.seed = users, seconds, think, seed
        self.latencies, self.errors = {}, {}
        self.lock = threading.Lock()

    def user(self, number, deadline):
        generator = random.Random(self.seed + number)
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        time.sleep(generator.uniform(0, self.think[1]))  # users do not all arrive at once
        while time.monotonic() < deadline:
            url = generator.choice(self.pages)
            started = time.perf_counter()
            try:
                status, _ = self.server.get(url, self.cookies, connection)
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
                status = type(error).__name__
            elapsed = time.perf_counter() - started
            with self.lock:
                self.latencies.setdefault(url, []).append(elapsed)
                if status != 200:
                    self.errors.setdefault(url, []).append(status)
            time.sleep(min(generator.uniform(*self.think), max(0.0, deadline - time.monotonic())))
        connection.close()

    def run(self, side_jobs=()):
        deadline = time.monotonic() + self.seconds
        threads = [threading.Thread(target=self.user, args=(n, deadline)) for n in range(self.users)]
        side = [threading.Thread(target=job.run) for job in side_jobs]
        for thread in threads + side:
            thread.start()
        for thread in threads + side:
            thread.join()
        everything = [latency for values in self.latencies.values() for latency in values]
        return {
            "users": self.users,
            "seconds": self.seconds,
            "requests": len(everything),
            "errors": sum(len(values) for values in self.errors.values()),
            "error_statuses": sorted({str(status) for values in self.errors.values() for status in values}),
            "p50": percentile(everything, 0.50) if everything else None,
            "p95": percentile(everything, 0.95) if everything else None,
            "p99": percentile(everything, 0.99) if everything else None,
            "pages": {
                url: {"requests": len(values), "p95": percentile(values, 0.95), "errors": len(self.errors.get(url, []))}
                for url, values in sorted(self.latencies.items())
            },
        }


class PDFExport:
    """One board member downloads the annual report as PDF, once, during the traffic."""

    def __init__(self, server, cookies, url, delay=5.0):
        self.server, self.cookies, self.url, self.delay = server, cookies, url, delay
        self.result = None

    def run(self):
        time.sleep(self.delay)
        started = time.perf_counter()
        try:
            status, body = self.server.get(self.url, self.cookies)
            ok = status == 200 and body[:4] == b"%PDF"
        except (OSError, http.client.HTTPException) as error:
            status, ok = type(error).__name__, False
        self.result = {"status": status, "ok": ok, "seconds": time.perf_counter() - started}


class Import:
    """One chargée uploads a meetings file (preview), then confirms it, during the traffic."""

    def __init__(self, server, cookies, url, confirm_url, data, delay=10.0):
        self.server, self.cookies, self.url, self.confirm_url, self.data = server, cookies, url, confirm_url, data
        self.delay = delay
        self.result = None

    def post(self, connection, url, fields, files=()):
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, filename, content in files:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n".encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        cookie = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Cookie": cookie,
            "X-CSRFToken": self.cookies["csrftoken"],
            "Referer": f"http://127.0.0.1:{self.server.port}{url}",
        }
        connection.request("POST", url, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()

    def run(self):
        time.sleep(self.delay)
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=120)
        started = time.perf_counter()
        try:
            status, body = self.post(connection, self.url, {}, [("file", "reunions.xlsx", self.data)])
            preview = time.perf_counter() - started
            match = re.search(rb'name="token" value="([^"]+)"', body)
            if status != 200 or not match:
                self.result = {"ok": False, "status": status, "step": "aperçu", "seconds": preview}
                return
            status, _ = self.post(connection, self.confirm_url, {"token": match.group(1).decode()})
            self.result = {
                "ok": status in (200, 302),
                "status": status,
                "preview_s": preview,
                "seconds": time.perf_counter() - started,
            }
        except (OSError, http.client.HTTPException) as error:
            self.result = {"ok": False, "status": type(error).__name__, "seconds": time.perf_counter() - started}
        finally:
            connection.close()
