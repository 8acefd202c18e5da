"""The referral benchmark's plumbing on a tiny scale (nothing here is timed): its bare lookup exists only in
the benchmark's settings and writes nothing, its seed is what the redirect follows, its load counts every
answer, and its pieces produce referrals.json's figures against a live test server."""

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from bench.pages.run import free_port
from bench.referrals import LOOKUP_PREFIX, load, run
from bench.referrals import settings as bench_settings
from referrals.clicks import COOKIE
from referrals.models import Click, ReferralLink
from referrals.selectors import forget_settings, link_target, referral_settings


@pytest.fixture(autouse=True)
def _fresh_referral_settings():
    forget_settings()
    yield
    forget_settings()


@pytest.mark.django_db
def test_the_lookup_exists_only_in_the_benchmark_settings_and_writes_nothing(settings):
    links = run.seed()
    with pytest.raises(NoReverseMatch):
        reverse("bench_referral_lookup", args=[links[0].code])
    assert Client().get(run.lookup_path(links[0].code)).status_code == 404

    settings.ROOT_URLCONF = bench_settings.ROOT_URLCONF
    assert reverse("bench_referral_lookup", args=[links[0].code]) == f"{LOOKUP_PREFIX}{links[0].code}"
    response = Client(headers=run.VISITOR_HEADERS).get(run.lookup_path(links[0].code))
    assert response.status_code == 204 and not response.cookies and not response.content
    assert Client().get(run.lookup_path("Nope0000")).status_code == 404
    assert not Click.objects.exists()
    # The redirect, through the same settings: one click.
    assert Client(headers=run.VISITOR_HEADERS).get(run.redirect_path(links[0].code)).status_code == 302
    assert Click.objects.count() == 1


@pytest.mark.django_db
def test_the_seed_is_idempotent_and_is_what_the_redirect_follows():
    first = run.seed()
    again = run.seed()
    assert first == again and len(first) == run.LINKS
    assert ReferralLink.objects.filter(code__in=run.codes()).count() == run.LINKS
    assert referral_settings(fresh=True).allowed_hosts.count(run.VENDOR_HOST) == 1
    for link in first:
        target = link_target(link.code)
        assert target is not None and target.url == link.location
        assert "utm_campaign=bench" in link.location and "ref=partner" in link.location


class _Answers(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        status = 302 if self.path.startswith("/r/") else 204 if self.path.startswith("/l/") else 500
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_the_load_counts_every_answer_and_every_failure():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    mark = threading.Event()
    try:
        port = server.server_address[1]
        redirects = load.run_load(
            "127.0.0.1", port, ["/r/a", "/r/b"], {}, expected=302, clients=2, seconds=0.3, warmup=0.1
        )
        mark.set()
        mixed = load.run_load(
            "127.0.0.1", port, ["/r/a", "/x"], {}, expected=302, clients=2, seconds=0.2, warmup=0, mark=mark
        )
    finally:
        server.shutdown()
        server.server_close()
    assert redirects.measured > 0 and redirects.rps > 0 and redirects.p95_ms >= redirects.p50_ms > 0
    # Every answer counts, the warm-up's too; only those after the warm-up are timed.
    assert redirects.received >= redirects.measured and not redirects.unexpected
    assert redirects.answered_after_mark == 0
    assert mixed.received > 0 and mixed.unexpected.get(500, 0) > 0
    assert mixed.answered_after_mark == mixed.received  # the mark was set before it started
    merged = load.merge([redirects, redirects])
    assert merged.measured == 2 * redirects.measured and merged.rps == redirects.rps

    closed = free_port()  # nothing listens: every request is a failure, none an answer
    refused = load.run_load("127.0.0.1", closed, ["/r/a"], {}, expected=302, clients=1, seconds=0.1, warmup=0)
    assert refused.received == 0 and refused.answers.get(load.FAILED, 0) > 0


def test_stop_server_sends_sigterm_and_waits():
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    assert run.stop_server(process, timeout=10) == -15
    assert run.stop_server(process, timeout=10) == -15  # already stopped: nothing more to do


@pytest.mark.django_db(transaction=True)
def test_the_pieces_check_load_count_and_write_the_json(live_server, settings, tmp_path):
    settings.ROOT_URLCONF = bench_settings.ROOT_URLCONF
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # as production, behind the proxy
    port = int(live_server.url.rsplit(":", 1)[1])
    links = run.seed(2)
    run.check_answers(port, links)  # raises when an answer is not what the benchmark expects
    assert run.answer(port, run.redirect_path(links[1].code))[2] == [COOKIE]

    # One client: the test server shares one SQLite connection between its threads (in memory); the
    # benchmark itself runs its clients against gunicorn's processes. No warm-up before the first request.
    before = run.count_clicks(links)
    # A second a round: on a loaded machine one request may take longer than a shorter round.
    redirect, lookup, rounds = run.throughput(port, links, seconds=2.0, rounds=2, clients=1)
    recorded = run.count_clicks(links) - before
    assert redirect.measured and lookup.measured and not redirect.unexpected and not lookup.unexpected
    assert recorded == redirect.received  # every 302 a click, every click a 302
    assert len(rounds) == 2 and all(r["redirect_rps"] > 0 and r["lookup_only_rps"] > 0 for r in rounds)
    assert run.cpu_ms(run.lookup_path(links[0].code), repeat=2) > 0

    phases = {
        "throughput": run.phase_figures(redirect, recorded) | {"rounds": rounds},
        "graceful_stop": run.phase_figures(redirect, recorded)
        | {"signal_after_seconds": 1, "answered_after_signal": 0, "exit_status": 0, "stop_seconds": 0.1},
    }
    report = run.build_report(
        redirect=redirect,
        lookup=lookup,
        cpu_ms={"redirect": 1.0, "lookup_only": 0.8},
        phases=phases,
        run={"clients": 1},
    )
    out = tmp_path / "referrals.json"
    out.write_text(json.dumps(report))
    data = json.loads(out.read_text())
    assert set(data) == {*run.FIELDS, "details"}
    assert data["ratio"] == round(redirect.rps / lookup.rps, 2) and data["p95_ms"] == redirect.p95_ms
    assert data["clicks_sent"] == data["clicks_recorded"] == 2 * recorded
    assert run.meets_targets(data)["clicks"]
    data["details"]["graceful_stop"]["clicks_recorded"] += 1  # one click written twice somewhere
    assert not run.meets_targets(data)["clicks"]
    lines: list[str] = []
    run.print_report(report, log=lines.append)
    assert any(line.startswith("redirect /r/<code>") for line in lines)
    assert any("both phases): equal" in line for line in lines)
