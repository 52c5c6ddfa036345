"""gunicorn settings for production (`gunicorn interurps.wsgi -c python:interurps.gunicorn_conf`).

The app is loaded once in the master (`preload_app`), then every object that exists at start-up is moved
out of the garbage collector's reach (`gc.freeze()`) before the workers fork: a worker's collections then
walk only what its requests allocate, instead of ~150 000 start-up objects (a 100 ms pause every dozen
requests), and the frozen pages stay shared between workers (copy-on-write).
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
preload_app = True


def pre_fork(server, worker):
    gc.collect()
    gc.freeze()
