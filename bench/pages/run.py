"""`make bench`'s page benchmark: every home and list page under production settings behind gunicorn.

    python -m bench.pages.run [--seconds 2] [--clients 8] [--workers 2] [--only KEY] [--profile KEY]

1. Seeds the demo once into var/bench/pages/ (KANAL_VAR_DIR: kanal.sqlite3 and the collected static files).
2. Runs gunicorn (sync workers) on 127.0.0.1 with KANAL_MODE=production: DEBUG off, a fresh SECRET_KEY,
   WhiteNoise, secure cookies, staff MFA. Requests say `X-Forwarded-Proto: https`, as the TLS proxy would.
3. Signs each persona in through the login form (staff with a TOTP code: the harness enrols an authenticator
   for them), so every request carries a real session.
4. Counts each page's queries once through Django's test client on the same session (CaptureQueriesContext),
   checking it answers 200.
5. Loads each page (`bench.pages.pages.PAGES`) with 8 concurrent clients for a fixed time, between two runs
   of the minimal page (`bench.pages.urls`: session, actor and shell, no content) as the same persona for half
   that time each, just before and just after, so both see the same machine; HTML only, no static files.
6. Prints the table and writes var/bench/pages.json: per page `{rps, p95_ms, ratio_to_minimal, queries}`
   (ratio: the page's rps over the minimal page's around it), the minimal pages, the run's metadata, and
   `details` (URL, persona, p50, the minimal page's rps, CPU ms per request in-process, and the same with the
   home pages' cards built on every visit, as after each recorded change: `cpu_ms_cards_built`). `queries` is
   a first visit's count: the home pages' cards built, not kept.

Not a test: nothing fails on time. `--profile KEY` prints a cProfile of one page through the test client.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from bench.pages.load import LoadResult, fetch, merge, run_load
from bench.pages.pages import PAGES, PERSONAS, STAFF_PERSONAS, Page
from bench.setup import git_commit

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"
VAR = OUT / "pages"
HOST = "127.0.0.1"
MINIMAL_PATH = "/bench/minimal/"
TARGETS = {"ratio_to_minimal": 0.4, "p95_ms": 100.0}
FIELDS = ("rps", "p95_ms", "ratio_to_minimal", "queries")


def bench_environment(var_dir: Path = VAR) -> dict[str, str]:
    """The environment of the server and of this process: production mode, bench settings, bench database."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    return env | {
        "DJANGO_SETTINGS_MODULE": "bench.pages.settings",
        "KANAL_MODE": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
        "KANAL_VAR_DIR": str(var_dir),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def prepare_database(env: dict[str, str], log: Callable[[str], None] = print) -> None:
    """Migrate, seed the demo (does nothing when it is there) and collect the static files (the manifest the
    production storage needs to name them)."""
    Path(env["KANAL_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    manage = [sys.executable, str(ROOT / "manage.py")]
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["seed_demo", "--quiet-logins"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        started = time.monotonic()
        subprocess.run([*manage, *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        log(f"  {args[0]}: {time.monotonic() - started:.1f} s")


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def enrol_staff_mfa(emails: Iterable[str]) -> dict[str, str]:
    """A TOTP authenticator for each staff persona (created once, kept in the bench database): email -> its
    secret."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import decrypt
    from django.contrib.auth import get_user_model

    secrets_by_email = {}
    for email in emails:
        user = get_user_model().objects.get(email=email)
        found = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if found is None:
            found = TOTP.activate(user, generate_totp_secret()).instance
        secrets_by_email[email] = decrypt(found.data["secret"])
    return secrets_by_email


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(env: dict[str, str], *, port: int, workers: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"{HOST}:{port}"]
    command += ["--workers", str(workers), "--worker-class", "sync", "--log-level", "warning"]
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited at start-up")
        try:
            with socket.create_connection((HOST, port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not start listening within 30 s")


class Session:
    """A browser's cookies against the server, with the headers the TLS proxy would add."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def headers(self, **extra: str) -> dict[str, str]:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {"Host": f"{HOST}:{self.port}", "X-Forwarded-Proto": "https", "Cookie": cookie} | extra

    def _keep(self, response) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value

    def get(self, path: str) -> tuple[int, str, str]:
        status, response, body = fetch(HOST, self.port, path, self.headers())
        self._keep(response)
        return status, response.headers.get("Location", ""), body.decode()

    def post(self, path: str, data: dict[str, str]) -> tuple[int, str]:
        import http.client
        from urllib.parse import urlencode

        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            conn.request(
                "POST",
                path,
                body=urlencode(data),
                headers=self.headers(
                    **{
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Origin": f"https://{HOST}:{self.port}",
                        "Referer": f"https://{HOST}:{self.port}{path}",
                    }
                ),
            )
            response = conn.getresponse()
            response.read()
            self._keep(response)
            return response.status, response.headers.get("Location", "")
        finally:
            conn.close()


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def sign_in(port: int, email: str, password: str, totp_secret: str | None = None) -> Session:
    """Through the login form (and allauth's two-factor step for staff), as a browser would."""
    session = Session(port)
    status, _, body = session.get("/accounts/login/")
    if status != 200 or not (token := _CSRF.search(body)):
        raise RuntimeError(f"login form: {status}")
    status, location = session.post(
        "/accounts/login/", {"login": email, "password": password, "csrfmiddlewaretoken": token.group(1)}
    )
    if status != 302:
        raise RuntimeError(f"{email}: the login form answered {status}")
    if "2fa" in location:
        if totp_secret is None:
            raise RuntimeError(f"{email}: asked for a second factor")
        status, _, body = session.get(location)
        token = _CSRF.search(body)
        assert token, "two-factor form without a CSRF token"
        status, location = session.post(
            location, {"code": totp_code(totp_secret), "csrfmiddlewaretoken": token.group(1)}
        )
        if status != 302 or "2fa" in location:
            raise RuntimeError(f"{email}: the two-factor step answered {status} {location}")
    if "sessionid" not in session.cookies:
        raise RuntimeError(f"{email}: no session after signing in")
    return session


def totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


def page_path(page: Page) -> str:
    from django.urls import reverse

    return reverse(page.url_name) + (f"?{page.query}" if page.query else "")


def _client(cookies: dict[str, str]):
    """Django's test client on a session of the server, as the TLS proxy would forward it."""
    from django.test import Client

    client = Client(HTTP_X_FORWARDED_PROTO="https")
    for name, value in cookies.items():
        client.cookies[name] = value
    return client


def count_queries(path: str, cookies: dict[str, str]) -> tuple[int, int]:
    """(status, queries) of one GET through Django's test client on the given session."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(cookies)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response.status_code, len(captured.captured_queries)


def cpu_ms(path: str, cookies: dict[str, str], *, repeat: int = 5) -> float:
    """The least CPU time one request takes in this process (test client, no HTTP): a figure that other load
    on the machine barely moves, unlike rps."""
    client = _client(cookies)
    client.get(path)
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        client.get(path)
        best = min(best, time.process_time() - started)
    return round(best * 1000, 1)


def cpu_ms_cards_built(path: str, cookies: dict[str, str]) -> float:
    from django.test import override_settings

    with override_settings(HOME_CARDS_CACHE_SECONDS=0):
        return cpu_ms(path, cookies)


def profile(path: str, cookies: dict[str, str], *, repeat: int = 30, top: int = 40) -> None:
    import cProfile
    import pstats

    client = _client(cookies)
    client.get(path)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(repeat):
        client.get(path)
    profiler.disable()
    print(f"{path}: {(time.perf_counter() - started) / repeat * 1000:.1f} ms per request under the profiler")
    stats = pstats.Stats(profiler).strip_dirs().sort_stats("cumulative")
    stats.print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def figures(result: LoadResult, *, baseline_rps: float | None, queries: int) -> dict[str, Any]:
    ratio = round(result.rps / baseline_rps, 2) if baseline_rps else 1.0
    return {"rps": result.rps, "p95_ms": result.p95_ms, "ratio_to_minimal": ratio, "queries": queries}


def meets_targets(row: dict[str, Any]) -> bool:
    return row["ratio_to_minimal"] >= TARGETS["ratio_to_minimal"] and row["p95_ms"] <= TARGETS["p95_ms"]


def build_report(
    *,
    minimal: dict[str, dict[str, Any]],
    pages: dict[str, dict[str, Any]],
    details: dict[str, dict[str, Any]],
    run: dict[str, Any],
) -> dict[str, Any]:
    for row in [*minimal.values(), *pages.values()]:
        assert set(row) == set(FIELDS), row
    below = [key for key, row in pages.items() if not meets_targets(row)]
    return {
        "run": run | {"targets": TARGETS},
        "minimal": minimal,
        "pages": pages,
        "details": details,
        "below_target": below,
    }


def print_table(report: dict[str, Any], log: Callable[[str], None] = print) -> None:
    head = f"{'page':<28} {'persona':<14} {'rps':>7} {'p95 ms':>7} {'ratio':>6} {'queries':>7}"
    log(f"\n{head} {'cpu ms':>7} {'minimal rps':>11}")
    for persona, row in report["minimal"].items():
        figures_ = f"{row['rps']:>7} {row['p95_ms']:>7} {'1.00':>6} {row['queries']:>7}"
        log(f"{'minimal':<28} {persona:<14} {figures_}")
    log("")
    for key, row in report["pages"].items():
        mark = "" if meets_targets(row) else "  <- below target"
        detail = report["details"][key]
        figures_ = f"{row['rps']:>7} {row['p95_ms']:>7} {row['ratio_to_minimal']:>6.2f} {row['queries']:>7}"
        extra = f"{detail['cpu_ms']:>7} {detail['minimal_rps']:>11}"
        log(f"{key:<28} {detail['persona']:<14} {figures_} {extra}{mark}")
    below = report["below_target"]
    targets = f"ratio >= {TARGETS['ratio_to_minimal']}, p95 <= {TARGETS['p95_ms']:.0f} ms"
    log(f"\n{len(report['pages']) - len(below)}/{len(report['pages'])} pages meet the targets ({targets}).")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--seconds", type=float, default=2.0, help="measured time per page (after a 0.3 s warm-up)"
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument(
        "--only", action="append", default=[], help="measure only pages whose key contains this"
    )
    parser.add_argument("--profile", metavar="KEY", help="print a cProfile of this page instead of loading")
    parser.add_argument("--out", type=Path, default=OUT / "pages.json")
    args = parser.parse_args(argv)

    pages = [p for p in PAGES if not args.only or any(o in p.key for o in args.only)]
    if args.profile:
        pages = [p for p in PAGES if p.key == args.profile]
        if not pages:
            parser.error(f"no page {args.profile!r}")
    env = bench_environment()
    print(f"Preparing {env['KANAL_VAR_DIR']} (demo data, static files)")
    prepare_database(env)
    setup_django(env)
    from demo.seeding import PASSWORD

    personas = sorted({p.persona for p in pages}, key=list(PERSONAS).index)
    totp = enrol_staff_mfa(PERSONAS[p] for p in personas if p in STAFF_PERSONAS)
    port = free_port()
    server = start_server(env, port=port, workers=args.workers)
    try:
        sessions = {p: sign_in(port, PERSONAS[p], PASSWORD, totp.get(PERSONAS[p])) for p in personas}
        paths = {page.key: page_path(page) for page in pages}
        queries = {}
        for page in pages:
            status, queries[page.key] = count_queries(paths[page.key], sessions[page.persona].cookies)
            if status != 200:
                raise RuntimeError(f"{page.key} ({paths[page.key]}) answered {status} to {page.persona}")
        if args.profile:
            profile(paths[pages[0].key], sessions[pages[0].persona].cookies)
            return 0

        def load(path: str, persona: str, seconds: float) -> LoadResult:
            headers = sessions[persona].headers()
            result = run_load(HOST, port, path, headers, clients=args.clients, seconds=seconds, warmup=0.3)
            if result.errors:
                raise RuntimeError(f"{path} as {persona}: answers other than 200: {result.errors}")
            return result

        print(
            f"Loading {len(pages)} pages, {args.seconds:g} s each, {args.clients} clients; before and after"
            f" each page, the minimal page as the same persona for {args.seconds / 2:g} s"
        )
        minimal_queries = {p: count_queries(MINIMAL_PATH, sessions[p].cookies)[1] for p in personas}
        baselines: dict[str, list[LoadResult]] = {p: [] for p in personas}
        rows: dict[str, dict[str, Any]] = {}
        details: dict[str, dict[str, Any]] = {}
        for page in pages:
            before = load(MINIMAL_PATH, page.persona, args.seconds / 2)
            result = load(paths[page.key], page.persona, args.seconds)
            after = load(MINIMAL_PATH, page.persona, args.seconds / 2)
            baselines[page.persona] += [before, after]
            baseline = merge([before, after])
            rows[page.key] = figures(result, baseline_rps=baseline.rps, queries=queries[page.key])
            details[page.key] = {
                "url": paths[page.key],
                "persona": page.persona,
                "p50_ms": result.p50_ms,
                "minimal_rps": baseline.rps,
                "cpu_ms": cpu_ms(paths[page.key], sessions[page.persona].cookies),
                # The home pages keep their cards until the data changes (dashboard/cache.py): the cost of a
                # visit that builds them, as after every recorded change.
                "cpu_ms_cards_built": cpu_ms_cards_built(paths[page.key], sessions[page.persona].cookies),
            }
            print(f"  {page.key}: {result.rps} rps, minimal {baseline.rps} rps")
        minimal = {
            persona: figures(merge(results), baseline_rps=None, queries=minimal_queries[persona])
            for persona, results in baselines.items()
        }
    finally:
        server.terminate()
        server.wait(timeout=30)

    run = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "server": f"gunicorn, {args.workers} sync workers, KANAL_MODE=production",
        "database": "SQLite, demo data (manage.py seed_demo)",
        "clients": args.clients,
        "seconds_per_page": args.seconds,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "language": "en",
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    report = build_report(minimal=minimal, pages=rows, details=details, run=run)
    print_table(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Written to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
