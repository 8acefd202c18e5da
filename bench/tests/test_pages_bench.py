"""The page benchmark's plumbing on a tiny scale (nothing here is timed): which pages it measures, that its
minimal page exists only in the benchmark's settings, and that its pieces produce pages.json's figures."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from accounts.testing import PASSWORD
from bench.pages import load, run
from bench.pages import settings as bench_settings
from bench.pages.pages import HOMES, NOT_MEASURED, PAGES, PERSONAS
from core.templatetags.kanal import MENU, VISITOR

MEASURED = {page.url_name for page in PAGES}


def _parameterless_names(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _parameterless_names(p.url_patterns, p.namespace or namespace)
        elif isinstance(p, URLPattern) and p.name and not p.pattern.converters:
            yield f"{namespace}:{p.name}" if namespace else p.name


def test_every_page_is_declared_once_with_a_known_persona():
    assert len({page.key for page in PAGES}) == len(PAGES)
    for page in PAGES:
        assert page.persona in PERSONAS, page
        reverse(page.url_name)  # raises for a page that no longer exists
    assert HOMES <= MEASURED
    assert not MEASURED & set(NOT_MEASURED)


def test_every_menu_page_is_measured():
    menu = {name for audience, _area, name, _label, _icon in MENU if audience != VISITOR}
    assert menu - MEASURED - set(NOT_MEASURED) == set()


@pytest.mark.django_db
def test_every_list_page_is_measured(world, login):
    """A page that renders a `core.listing` list (its context has the table's headings and rows) for any of
    these personas must be in PAGES."""
    names = [n for n in _parameterless_names(get_resolver().url_patterns) if "export" not in n]
    assert "partners:directory" in names
    lists = set()
    for user in (world.chief, world.ops, world.dist_admin):
        client = login(user)
        for name in names:
            if name.startswith(("account_", "mfa_", "set_language")):
                continue
            response = client.get(reverse(name))
            context = getattr(response, "context", None)
            if (
                response.status_code == 200
                and context is not None
                and "headings" in context
                and "rows" in context
            ):
                lists.add(name)
    assert {"partners:directory", "deals:pipeline", "deals:mine", "audit_log"} <= lists
    assert lists - MEASURED - set(NOT_MEASURED) == set()


@pytest.mark.django_db
def test_the_minimal_page_exists_only_in_the_benchmark_settings(world, login, settings):
    with pytest.raises(NoReverseMatch):
        reverse("bench_minimal")
    assert login(world.admin_a).get(run.MINIMAL_PATH).status_code == 404

    settings.ROOT_URLCONF = bench_settings.ROOT_URLCONF
    settings.TEMPLATES = bench_settings.TEMPLATES
    assert reverse("bench_minimal") == run.MINIMAL_PATH
    response = login(world.admin_a).get(run.MINIMAL_PATH)
    assert response.status_code == 200
    assert b'id="main"' in response.content and world.partner_a.name.encode() in response.content
    assert Client().get(run.MINIMAL_PATH).status_code == 302  # sign in first


class _Ok(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        status = 200 if self.path == "/ok" else 500
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def test_the_load_counts_answers_and_refusals():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        ok = load.run_load("127.0.0.1", port, "/ok", {}, clients=2, seconds=0.3, warmup=0)
        failing = load.run_load("127.0.0.1", port, "/fail", {}, clients=2, seconds=0.2, warmup=0)
    finally:
        server.shutdown()
    assert ok.requests > 0 and ok.rps > 0 and ok.p95_ms >= ok.p50_ms > 0 and not ok.errors
    assert failing.requests == 0 and failing.errors.get(500, 0) > 0
    merged = load.merge([ok, ok])
    assert merged.requests == 2 * ok.requests and merged.rps == ok.rps and merged.seconds == 2 * ok.seconds
    assert load.percentile([1.0, 2.0, 3.0, 4.0, 100.0], 0.95) == 100.0


@pytest.mark.django_db(transaction=True)
def test_the_pieces_sign_in_count_load_and_write_the_json(world, live_server, settings, tmp_path):
    settings.ROOT_URLCONF = bench_settings.ROOT_URLCONF
    settings.TEMPLATES = bench_settings.TEMPLATES
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # as production, behind the proxy
    port = int(live_server.url.rsplit(":", 1)[1])

    secret = run.enrol_staff_mfa([world.chief.email])[world.chief.email]
    staff = run.sign_in(port, world.chief.email, PASSWORD, secret)  # through allauth's two-factor step
    partner = run.sign_in(port, world.admin_a.email, PASSWORD)
    with pytest.raises(RuntimeError):
        run.sign_in(port, world.rep_a.email, "wrong password")

    status, minimal_queries = run.count_queries(run.MINIMAL_PATH, partner.cookies)
    assert status == 200 and minimal_queries > 0
    status, home_queries = run.count_queries(reverse("partner_home"), partner.cookies)
    assert status == 200 and home_queries > minimal_queries
    assert run.count_queries(reverse("staff_dashboard"), staff.cookies)[0] == 200
    assert run.count_queries(reverse("staff_dashboard"), partner.cookies)[0] == 403
    assert run.cpu_ms(run.MINIMAL_PATH, partner.cookies, repeat=2) > 0

    # No warm-up: each client's first request counts, however slow the machine is. One client: the test
    # server shares one SQLite connection between its threads (in memory), which concurrent requests break;
    # the benchmark itself runs 8 clients against gunicorn's processes.
    baseline = load.run_load(
        "127.0.0.1", port, run.MINIMAL_PATH, partner.headers(), clients=1, seconds=0.3, warmup=0
    )
    home = load.run_load(
        "127.0.0.1", port, reverse("partner_home"), partner.headers(), clients=1, seconds=0.3, warmup=0
    )
    assert baseline.requests and home.requests and not baseline.errors and not home.errors

    pages = {"partner_home:admin": run.figures(home, baseline_rps=baseline.rps, queries=home_queries)}
    minimal = {"partner_admin": run.figures(baseline, baseline_rps=None, queries=minimal_queries)}
    details = {
        "partner_home:admin": {"url": "/my/", "persona": "partner_admin", "cpu_ms": 1.0, "minimal_rps": 1}
    }
    report = run.build_report(minimal=minimal, pages=pages, details=details, run={"clients": 2})
    out = tmp_path / "pages.json"
    out.write_text(json.dumps(report))
    data = json.loads(out.read_text())
    assert set(data) == {"run", "minimal", "pages", "details", "below_target"}
    assert data["run"]["targets"] == run.TARGETS
    for row in [*data["pages"].values(), *data["minimal"].values()]:
        assert set(row) == {"rps", "p95_ms", "ratio_to_minimal", "queries"}
    row = data["pages"]["partner_home:admin"]
    assert row["ratio_to_minimal"] == round(home.rps / baseline.rps, 2)
    assert ("partner_home:admin" in data["below_target"]) == (not run.meets_targets(row))
    lines: list[str] = []
    run.print_table(report, log=lines.append)
    assert any(line.startswith("partner_home:admin") for line in lines)
