"""`python -m interurps.benchmark.database SCALE`: an empty scratch database for the bench, printed as a URL.

Without DATABASE_URL, a SQLite file in the temporary folder; with a PostgreSQL DATABASE_URL, a database
named `interurps_bench_x<SCALE>` on the same server (dropped and created again). The database the
URL names is never touched.
"""

import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def scratch_url(scale, url=None):
    url = url or os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        path = Path(tempfile.gettempdir()) / f"interurps-bench-x{scale}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    parts = urlsplit(url)
    name = f"interurps_bench_x{scale}"
    maintenance = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


if __name__ == "__main__":
    print(scratch_url(int(sys.argv[1]) if len(sys.argv) > 1 else 1))
