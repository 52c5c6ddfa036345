"""The app under gunicorn on 127.0.0.1, loaded by a bounded client on the same machine.

Each page's requests per second and latency percentiles are given as a ratio to a trivial Django view
measured in the same run and the same way, so the figures say what the page costs beyond Django itself.
"""

import gzip
import http.client
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from interurps.benchmark.pages import percentile


def session_cookies(user):
    """Cookies of a logged-in browser for `user` (renamed: the server runs with DEBUG off, without demo logins)."""
    if not user.username.startswith("banc-"):
        user.username = f"banc-{user.username}"
        user.save(update_fields=["username"])
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[-1]
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return {settings.SESSION_COOKIE_NAME: session.session_key, "csrftoken": secrets.token_hex(16)}


def end_session(cookies):
    """Delete the session that `session_cookies` opened."""
    SessionStore().delete(cookies[settings.SESSION_COOKIE_NAME])


TRIVIAL_URL = "/banc/trivial/"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with 3 sync workers and DEBUG off, serving the bench URLconf (the app + a trivial view)."""

    def __init__(self, workers=3):
        self.port = free_port()
        self.workers = workers
        self.process = None

    def __enter__(self):
        env = dict(os.environ)
        env.update(
            DEBUG="False",
            SECRET_KEY=env.get("SECRET_KEY") or "bench-only-secret-key-not-for-production-0123456789abcdef",
            ALLOWED_HOSTS="127.0.0.1,localhost",
        )
        if "DATABASE_URL" not in env:
            database = settings.DATABASES["default"]
            env["DATABASE_URL"] = f"sqlite:///{database['NAME']}"
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "interurps.benchmark.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--config",
                "python:interurps.gunicorn_conf",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = self.get(TRIVIAL_URL, {})
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("gunicorn n'a pas démarré en 60 s.")

    def __exit__(self, *exc):
        if self.process:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def get(self, path, cookies, connection=None):
        own = connection is None
        connection = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Accept-Encoding": "gzip"}
        if cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in cookies.items())
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        if response.getheader("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        if own:
            connection.close()
        return response.status, body


def load(server, path, cookies, concurrency=4, requests=200, seconds=15.0):
    """Requests per second and latency percentiles of `requests` GETs of `path` (stops after `seconds`)."""
    latencies, errors = [], []
    lock = threading.Lock()
    remaining = [requests]
    deadline = time.monotonic() + seconds

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        while True:
            with lock:
                if remaining[0] <= 0 or time.monotonic() > deadline:
                    break
                remaining[0] -= 1
            started = time.perf_counter()
            try:
                status, _ = server.get(path, cookies, connection)
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
                status = repr(error)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors.append(status)
        connection.close()

    server.get(path, cookies)  # warm-up
    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "error_statuses": sorted({str(status) for status in errors}),
        "rps": len(latencies) / wall if wall else 0.0,
        "p50": percentile(latencies, 0.50),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
    }
