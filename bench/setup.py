"""Django for one benchmark process: on the benchmark's own database (created on PostgreSQL when it is
missing; `BENCH_DATABASE_URL` points elsewhere), with the query log off, since it would be timed with the
queries. Call before anything imports a model: Django binds its connection at start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "var" / "bench"


def ensure_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def start_django(default_url: str, *, tasks_inline: bool = False) -> str:
    """Django set up on `BENCH_DATABASE_URL` or `default_url`; with `tasks_inline` the tasks a benchmark's
    services enqueue run in this process (the immediate backend). Returns the database URL used."""
    url = os.environ.get("BENCH_DATABASE_URL") or default_url
    OUT.mkdir(parents=True, exist_ok=True)
    if url.startswith("postgres"):
        ensure_postgres_database(url)
    os.environ["DATABASE_URL"] = url
    if tasks_inline:
        os.environ["KANAL_TASKS"] = "immediate"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False
    return url


def git_commit() -> str:
    """The short hash of the commit measured ("" outside a git checkout): every figures file says it."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        )
        return out.stdout.strip()
    except OSError:
        return ""
