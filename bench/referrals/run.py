"""`make bench`'s referral redirect benchmark: `/r/<code>`, the hottest path in the product, under load.

    python -m bench.referrals.run [--db postgresql|sqlite] [--seconds 12] [--rounds 6] [--clients 8]
                                  [--workers 2] [--stop-seconds 4] [--conn-max-age N]

1. Seeds its own database (PostgreSQL `kanal_refbench` by default, created when missing; `BENCH_DATABASE_URL`
   points elsewhere; `--db sqlite`: var/bench/referrals/kanal.sqlite3): migrations, one active partner, LINKS
   links to pages of an approved vendor host with UTM parameters, that host in `ReferralSettings`; the clicks
   of earlier runs are deleted.
2. Runs gunicorn (`--workers` sync workers) on 127.0.0.1 with KANAL_MODE=production (DEBUG off, a fresh
   SECRET_KEY, secure cookies; DB_CONN_MAX_AGE as the environment says, the product's 0 by default) and
   `bench.referrals.settings`: the product's URLs plus one route of its own, `/bench/lookup/<code>`, whose
   view calls `referrals.selectors.link_target(code)` and answers 204 with no write
   (`bench/referrals/views.py`; routed after the product's URLs, as `/r/<code>` is). Requests are a browser's
   first visit through the TLS proxy: `X-Forwarded-Proto: https`, a browser's user agent, language and
   referrer, no cookie. Before any load it checks one answer of each: the redirect is a 302 to the link's
   destination with its UTM parameters and sets the `kanal_ref` cookie and nothing else; the lookup is a 204
   that sets nothing.
3. Throughput: `--rounds` rounds, each loading the redirect and the lookup for `--seconds / --rounds` each
   (after a 0.3 s warm-up each), in alternating order (redirect first, then lookup first, ...), so both see
   the same machine around the same moments; `--clients` concurrent clients go round the links' codes;
   redirects are not followed. `ratio` = redirect rps / lookup rps; `p95_ms` is the redirect's.
4. Reliability: a fresh gunicorn (its workers answering lookups first) gets redirect load for
   `--stop-seconds`; halfway through, SIGTERM to its master (a graceful stop: each worker finishes the
   request it is on, then the listening socket closes and the requests queued on it are refused). The
   clients keep sending until the end (a refused request is no click) and count the 302 answers they
   received: `clicks_sent`. The Click rows written meanwhile: `clicks_recorded`.
5. Prints the figures and writes var/bench/referrals.json: `{redirect_rps, lookup_only_rps, ratio,
   clicks_sent, clicks_recorded, p95_ms, details}`. `clicks_sent` and `clicks_recorded` are both phases
   together (every 302 of the throughput phase too, warm-ups included), so one lost or doubled click anywhere
   shows; `details.throughput` (with each round's rps) and `details.graceful_stop` hold each phase's own
   counts, `details.redirect` and `details.lookup_only` p50, p95 and the CPU ms of one request in-process
   (the figure other load on the machine moves least), and `details.run` the set-up. Targets: ratio >= 0.8,
   and clicks_recorded == clicks_sent in each phase.

Not a test: nothing fails on time; the exit status is 1 when a click was lost or doubled.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from bench.pages.run import HOST, free_port, start_server
from bench.referrals import LOOKUP_PREFIX
from bench.referrals.load import Load, merge, run_load
from bench.setup import OUT, ROOT, git_commit, start_django

VAR = OUT / "referrals"
URLS = {
    "sqlite": f"sqlite:///{VAR / 'kanal.sqlite3'}",
    "postgresql": "postgres://postgres@127.0.0.1:5432/kanal_refbench",
}
TARGETS = {"ratio": 0.8}
FIELDS = ("redirect_rps", "lookup_only_rps", "ratio", "clicks_sent", "clicks_recorded", "p95_ms")
LINKS = 5
PARTNER_NAME = "Referral Bench Partner"
VENDOR_HOST = "vendor.example"
UTM = {"utm_source": "partner", "utm_medium": "referral", "utm_campaign": "bench"}
# A browser's first visit: no cookie; the language and referrer a click from a partner's page would carry.
VISITOR_HEADERS = {
    "X-Forwarded-Proto": "https",
    "User-Agent": (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
    ),
    "Accept-Language": "de-DE,de;q=0.9,en;q=0.8",
    "Referer": "https://partner.example/blog/post",
}


@dataclass(frozen=True)
class BenchLink:
    code: str
    location: str  # where the redirect must send the visitor: the destination with the UTM parameters


def codes(n: int = LINKS) -> list[str]:
    return [f"bench{i:03d}" for i in range(n)]


def seed(n: int = LINKS) -> list[BenchLink]:
    """The partner, its links and the approved host, made once in the bench database (idempotent)."""
    from partners.choices import PartnerStatus, PartnerType, Region
    from partners.models import Partner
    from referrals.destinations import with_utm
    from referrals.models import ReferralLink
    from referrals.selectors import forget_settings, referral_settings

    partner, _ = Partner.objects.update_or_create(
        name=PARTNER_NAME,
        defaults={
            "partner_type": PartnerType.RESELLER,
            "status": PartnerStatus.ACTIVE,
            "region": Region.EUROPE,
            "country": "DE",
            "web_domain": "partner.example",
        },
    )
    settings = referral_settings(fresh=True)
    if VENDOR_HOST not in settings.allowed_hosts:
        settings.allowed_hosts = [*settings.allowed_hosts, VENDOR_HOST]
        settings.save(update_fields=["allowed_hosts"])
    forget_settings()
    links = []
    for index, code in enumerate(codes(n)):
        destination = f"https://www.{VENDOR_HOST}/products/{index}/?ref=partner"
        ReferralLink.objects.update_or_create(
            code=code,
            defaults={"partner": partner, "name": f"Bench link {index}", "destination": destination}
            | UTM
            | {"active": True},
        )
        links.append(BenchLink(code, with_utm(destination, UTM)))
    return links


def count_clicks(links: list[BenchLink]) -> int:
    from referrals.models import Click

    return Click.objects.filter(link__code__in=[link.code for link in links]).count()


def forget_clicks(links: list[BenchLink]) -> None:
    """The clicks of earlier runs, so that each run's table starts the same (one DELETE: nothing refers to
    the bench's clicks)."""
    from referrals.models import Click

    Click.objects.filter(link__code__in=[link.code for link in links])._raw_delete(Click.objects.db)


def bench_environment(url: str, var_dir: Path = VAR) -> dict[str, str]:
    """The server's environment: production mode, the bench's settings (the lookup route), its database."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    return env | {
        "DJANGO_SETTINGS_MODULE": "bench.referrals.settings",
        "DATABASE_URL": url,
        "KANAL_MODE": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
        "KANAL_VAR_DIR": str(var_dir),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def headers(port: int) -> dict[str, str]:
    return {"Host": f"{HOST}:{port}"} | VISITOR_HEADERS


def redirect_path(code: str) -> str:
    from django.urls import reverse

    return reverse("referrals_short:follow", args=[code])


def lookup_path(code: str) -> str:
    return f"{LOOKUP_PREFIX}{code}"


def answer(port: int, path: str) -> tuple[int, str, list[str]]:
    """(status, Location, names of the cookies set) of one GET, redirects not followed."""
    conn = HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path, headers=headers(port))
        response = conn.getresponse()
        response.read()
        cookies = [name for h in response.headers.get_all("Set-Cookie") or [] for name in SimpleCookie(h)]
        return response.status, response.headers.get("Location", ""), cookies
    finally:
        conn.close()


def check_answers(port: int, links: list[BenchLink]) -> None:
    """Before any load: the redirect and the lookup answer what they should (raises otherwise)."""
    from referrals.clicks import COOKIE

    link = links[0]
    status, location, cookies = answer(port, redirect_path(link.code))
    if (status, location, cookies) != (302, link.location, [COOKIE]):
        raise RuntimeError(f"the redirect answered {status} {location!r}, cookies {cookies}")
    status, _, cookies = answer(port, lookup_path(link.code))
    if (status, cookies) != (204, []):
        raise RuntimeError(f"the lookup answered {status}, cookies {cookies}")
    if answer(port, lookup_path("no-such-code"))[0] != 404:
        raise RuntimeError("the lookup of an unknown code did not answer 404")


def warm_up(port: int, links: list[BenchLink], *, clients: int, within: float = 180.0) -> None:
    """Until every client's lookups are answered (gunicorn listens before its workers have loaded Django,
    which takes seconds on a busy machine): lookups record nothing."""
    lookups = [lookup_path(link.code) for link in links]
    deadline = time.monotonic() + within
    while True:
        warm = run_load(
            HOST, port, lookups, headers(port), expected=204, clients=clients, seconds=0.5, warmup=0
        )
        if warm.received and not warm.unexpected:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server did not answer within {within:g} s: {warm.answers}")


def stop_server(server: subprocess.Popen, *, timeout: float = 60) -> int | None:
    """SIGTERM to gunicorn's master (its graceful stop) and wait for it; its exit status."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
    try:
        return server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        return None


def cpu_ms(path: str, *, repeat: int = 50) -> float:
    """The least CPU time one request takes in this process (Django's test client on the bench's URLs, one
    kept database connection, no HTTP): a figure that other load on the machine barely moves, unlike rps."""
    from django.test import Client, override_settings

    with override_settings(ROOT_URLCONF="bench.referrals.urls"):
        client = Client(headers=VISITOR_HEADERS)
        client.get(path)
        best = float("inf")
        for _ in range(repeat):
            started = time.process_time()
            client.get(path)
            best = min(best, time.process_time() - started)
    return round(best * 1000, 2)


def throughput(
    port: int, links: list[BenchLink], *, seconds: float, rounds: int, clients: int
) -> tuple[Load, Load, list[dict[str, float]]]:
    """The redirect's and the lookup's load, each over `rounds` slices, alternating which goes first; and
    each round's rps of both (how much the machine's speed moved meanwhile)."""
    redirects = [redirect_path(link.code) for link in links]
    lookups = [lookup_path(link.code) for link in links]
    slices: dict[str, list[Load]] = {"redirect": [], "lookup": []}
    for index in range(rounds):
        order = ("redirect", "lookup") if index % 2 == 0 else ("lookup", "redirect")
        for kind in order:
            paths, expected = (redirects, 302) if kind == "redirect" else (lookups, 204)
            slices[kind].append(
                run_load(
                    HOST,
                    port,
                    paths,
                    headers(port),
                    expected=expected,
                    clients=clients,
                    seconds=seconds / rounds,
                )
            )
    each = [
        {"redirect_rps": r.rps, "lookup_only_rps": lk.rps}
        for r, lk in zip(slices["redirect"], slices["lookup"], strict=True)
    ]
    return merge(slices["redirect"]), merge(slices["lookup"]), each


def graceful_stop(
    server: subprocess.Popen, port: int, links: list[BenchLink], *, seconds: float, clients: int
) -> tuple[Load, dict[str, Any]]:
    """Redirect load for `seconds`; halfway through, the server's graceful stop."""
    redirects = [redirect_path(link.code) for link in links]
    signalled = threading.Event()
    stopped: dict[str, Any] = {}

    def stop_halfway() -> None:
        time.sleep(seconds / 2)
        signalled.set()
        started = time.monotonic()
        stopped["exit_status"] = stop_server(server)
        stopped["stop_seconds"] = round(time.monotonic() - started, 2)

    warm_up(port, links, clients=clients)
    stopper = threading.Thread(target=stop_halfway, daemon=True)
    stopper.start()
    load = run_load(
        HOST,
        port,
        redirects,
        headers(port),
        expected=302,
        clients=clients,
        seconds=seconds,
        warmup=0,
        mark=signalled,
    )
    stopper.join()
    return load, stopped


def phase_figures(load: Load, recorded: int) -> dict[str, Any]:
    return {
        "clicks_sent": load.received,
        "clicks_recorded": recorded,
        "other_answers": {str(status): n for status, n in sorted(load.unexpected.items())},
    }


def build_report(
    *,
    redirect: Load,
    lookup: Load,
    cpu_ms: dict[str, float],
    phases: dict[str, dict[str, Any]],
    run: dict[str, Any],
) -> dict[str, Any]:
    """The JSON: the brief's six fields (the clicks over both phases) and the details."""
    ratio = round(redirect.rps / lookup.rps, 2) if lookup.rps else 0.0
    report = {
        "redirect_rps": redirect.rps,
        "lookup_only_rps": lookup.rps,
        "ratio": ratio,
        "clicks_sent": sum(phase["clicks_sent"] for phase in phases.values()),
        "clicks_recorded": sum(phase["clicks_recorded"] for phase in phases.values()),
        "p95_ms": redirect.p95_ms,
    }
    assert tuple(report) == FIELDS
    paths = {}
    for key, load in (("redirect", redirect), ("lookup_only", lookup)):
        paths[key] = {
            "p50_ms": load.p50_ms,
            "p95_ms": load.p95_ms,
            "requests": load.measured,
            "seconds": round(load.seconds, 2),
            "cpu_ms": cpu_ms.get(key),
        }
    details = {**paths, **phases, "run": run | {"targets": TARGETS | {"clicks_recorded": "== clicks_sent"}}}
    return report | {"details": details}


def meets_targets(report: dict[str, Any]) -> dict[str, bool]:
    phases = [v for k, v in report["details"].items() if k in ("throughput", "graceful_stop")]
    return {
        "ratio": report["ratio"] >= TARGETS["ratio"],
        "clicks": all(p["clicks_sent"] == p["clicks_recorded"] for p in phases)
        and report["clicks_sent"] == report["clicks_recorded"],
    }


def print_report(report: dict[str, Any], log: Callable[[str], None] = print) -> None:
    details = report["details"]
    ok = meets_targets(report)
    log("")
    log(f"{'':<24} {'rps':>8} {'p50 ms':>7} {'p95 ms':>7} {'cpu ms':>7}")
    for key, label in (("redirect", "redirect /r/<code>"), ("lookup_only", "lookup only (204)")):
        row = details[key]
        log(f"{label:<24} {report[key + '_rps']:>8} {row['p50_ms']:>7} {row['p95_ms']:>7} {row['cpu_ms']:>7}")
    mark = "" if ok["ratio"] else "  <- below target"
    log(f"ratio {report['ratio']:.2f} (target >= {TARGETS['ratio']}){mark}")
    for key, label in (("throughput", "throughput phase"), ("graceful_stop", "graceful stop mid-load")):
        phase = details[key]
        extra = ""
        if key == "graceful_stop":
            extra = (
                f"; SIGTERM after {phase['signal_after_seconds']:g} s,"
                f" {phase['answered_after_signal']} answered after it,"
                f" server exited {phase['exit_status']} in {phase['stop_seconds']} s"
            )
        other = f", other answers {phase['other_answers']}" if phase["other_answers"] else ""
        log(f"{label}: clicks sent {phase['clicks_sent']}, recorded {phase['clicks_recorded']}{other}{extra}")
    verdict = "equal" if ok["clicks"] else "NOT EQUAL: clicks lost or doubled"
    log(f"clicks sent {report['clicks_sent']}, recorded {report['clicks_recorded']} (both phases): {verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=sorted(URLS), default="postgresql")
    parser.add_argument("--seconds", type=float, default=12.0, help="measured time per path, over all rounds")
    parser.add_argument("--rounds", type=int, default=6, help="slices per path, alternating which goes first")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--stop-seconds", type=float, default=4.0, help="the graceful-stop phase's load")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        help="the server's DB_CONN_MAX_AGE (default: the environment's, else the product's default, 0: a new"
        " database connection per request)",
    )
    parser.add_argument("--out", type=Path, default=OUT / "referrals.json")
    args = parser.parse_args(argv)

    # An empty STATIC_ROOT: WhiteNoise (production) warns when it is missing; no page here uses static files.
    (VAR / "staticfiles").mkdir(parents=True, exist_ok=True)
    url = start_django(URLS[args.db])
    from django.core.management import call_command
    from django.db import connection

    started = time.monotonic()
    call_command("migrate", "--noinput", verbosity=0)
    links = seed()
    forget_clicks(links)
    name = f"{connection.vendor} {connection.settings_dict['NAME']}"
    print(f"Database {name}: migrated and seeded ({LINKS} links) in {time.monotonic() - started:.1f} s")
    env = bench_environment(url)
    if args.conn_max_age is not None:
        env["DB_CONN_MAX_AGE"] = str(args.conn_max_age)

    port = free_port()
    server = start_server(env, port=port, workers=args.workers)
    try:
        warm_up(port, links, clients=args.clients)
        check_answers(port, links)
        print(
            f"Loading /r/<code> and the bare lookup, {args.seconds:g} s each in {args.rounds} alternating"
            f" rounds, {args.clients} clients, gunicorn with {args.workers} sync workers,"
            f" DB_CONN_MAX_AGE={env.get('DB_CONN_MAX_AGE') or 0}"
        )
        before = count_clicks(links)
        redirect, lookup, rounds = throughput(
            port, links, seconds=args.seconds, rounds=args.rounds, clients=args.clients
        )
    finally:
        stop_server(server)
    throughput_phase = phase_figures(redirect, count_clicks(links) - before) | {"rounds": rounds}
    # The check's own redirect made one click before `before`: not part of either phase.

    print(f"Graceful stop: redirect load for {args.stop_seconds:g} s, SIGTERM to gunicorn halfway")
    port = free_port()
    server = start_server(env, port=port, workers=args.workers)
    before = count_clicks(links)
    try:
        stopping, stopped = graceful_stop(
            server, port, links, seconds=args.stop_seconds, clients=args.clients
        )
    finally:
        stop_server(server)
    stop_phase = phase_figures(stopping, count_clicks(links) - before) | {
        "signal_after_seconds": args.stop_seconds / 2,
        "answered_after_signal": stopping.answered_after_mark,
        **stopped,
    }

    # After both phases (the clicks the redirect's figure makes are in neither).
    cpu = {
        "redirect": cpu_ms(redirect_path(links[0].code)),
        "lookup_only": cpu_ms(lookup_path(links[0].code)),
    }
    run = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "server": f"gunicorn, {args.workers} sync workers, KANAL_MODE=production, bench.referrals.settings",
        "database": f"{connection.vendor} {connection.settings_dict['NAME']}",
        "db_conn_max_age": int(env.get("DB_CONN_MAX_AGE") or 0),
        "links": LINKS,
        "clients": args.clients,
        "seconds_per_path": args.seconds,
        "rounds": args.rounds,
        "stop_phase_seconds": args.stop_seconds,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    report = build_report(
        redirect=redirect,
        lookup=lookup,
        cpu_ms=cpu,
        phases={"throughput": throughput_phase, "graceful_stop": stop_phase},
        run=run,
    )
    print_report(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Written to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0 if meets_targets(report)["clicks"] else 1


if __name__ == "__main__":
    sys.exit(main())
