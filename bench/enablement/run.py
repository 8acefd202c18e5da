"""`make bench-enablement`: library search over a generated library, and co-branded PDFs cold and cached.

    python -m bench.enablement.run [--assets 100000] [--queries 300] [--seed 11] [--reseed] [--db postgresql]

Search is measured as a partner user and as staff running the library list's own query (the FilterSet with
`q`, the first page of 25 and the count), on PostgreSQL by default (the target's database). Figures go to the
screen and to var/bench/enablement.json: {assets, search_p95_ms, cobrand_cold_p95_ms, cobrand_cached_p95_ms}
and the details.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.setup import OUT, ROOT, start_django

URLS = {
    "sqlite": f"sqlite:///{OUT / 'enablement.sqlite3'}",
    "postgresql": "postgres://postgres@127.0.0.1:5432/kanal_bench_enablement",
}
SEARCH_TARGET_MS = 50.0


def _setup(db: str) -> None:
    start_django(URLS[db])


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))], 2)


def _personas():
    """A partner user (a Europe reseller, silver) and a staff member, made once in the bench database."""
    from accounts.models import Membership, User
    from core.actor import build_actor
    from partners.models import Partner

    partner, _ = Partner.objects.get_or_create(
        name="Bench Reseller",
        defaults={"partner_type": "reseller", "tier": "silver", "region": "europe", "status": "active"},
    )
    rep, _ = User.objects.get_or_create(email="rep@bench.example")
    Membership.objects.get_or_create(user=rep, partner=partner, defaults={"role": "rep"})
    staff, _ = User.objects.get_or_create(
        email="marketing@bench.example", defaults={"staff_role": "marketing"}
    )
    return build_actor(rep), build_actor(staff)


def measure_search(actor, texts: list[str]) -> dict:
    """The library page's own reads for a search: the FilterSet, the count (up to the page's cap) and the
    first page of rows with the columns the page shows (`core.listing.page_rows`)."""
    from content.selectors import COUNT_CAP, asset_filters
    from content.tables import asset_table
    from core.listing import PAGE_SIZE, CappedPaginator, page_rows

    table = asset_table(staff=actor.is_staff)

    def once(text: str) -> tuple[float, int]:
        started = time.perf_counter()
        filters = asset_filters(actor=actor, data={"q": text})
        paginator = CappedPaginator(page_rows(filters.qs, table), PAGE_SIZE, cap=COUNT_CAP)
        total = paginator.count
        rows = list(paginator.page(1).object_list) if total else []
        table.rows(rows)
        elapsed = (time.perf_counter() - started) * 1000
        return elapsed, total

    for text in texts[:20]:  # warm the connection and caches; not measured
        once(text)
    timings, found = [], []
    for text in texts:
        elapsed, total = once(text)
        timings.append(elapsed)
        found.append(total)
    return {
        "p50_ms": pct(timings, 0.5),
        "p95_ms": pct(timings, 0.95),
        "max_ms": round(max(timings), 2),
        "queries": len(texts),
        "found_share": round(sum(1 for n in found if n > 0) / len(found), 3),
        "median_matches": sorted(found)[len(found) // 2],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=sorted(URLS), default="postgresql")
    parser.add_argument("--assets", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--reseed", action="store_true", help="regenerate the library even if it has the size"
    )
    parser.add_argument("--skip-cobrand", action="store_true")
    parser.add_argument("--out", type=Path, default=OUT / "enablement.json")
    args = parser.parse_args(argv)
    _setup(args.db)

    from django.core.management import call_command

    from bench.enablement import library
    from content.models import Asset

    call_command("migrate", verbosity=0)
    if args.reseed or Asset.objects.count() != args.assets:
        print(f"Loading {args.assets:,} assets into {args.db} …")
        started = time.perf_counter()
        library.load(args.assets, seed=args.seed)
        print(f"  loaded in {time.perf_counter() - started:.1f} s")
    partner, staff = _personas()
    texts = library.queries(random.Random(args.seed), args.queries)
    as_partner = measure_search(partner, texts)
    as_staff = measure_search(staff, texts)
    search_p95 = max(as_partner["p95_ms"], as_staff["p95_ms"])
    print(f"Library search over {args.assets:,} assets on {args.db}, {len(texts)} queries:")
    for who, figures in (("partner", as_partner), ("staff", as_staff)):
        print(
            f"  {who:<8} p50 {figures['p50_ms']:7.2f} ms  p95 {figures['p95_ms']:7.2f} ms  "
            f"max {figures['max_ms']:7.2f} ms  found {figures['found_share']:.0%}  "
            f"median matches {figures['median_matches']:,}"
        )
    print(f"  search_p95_ms {search_p95} (target ≤ {SEARCH_TARGET_MS} ms on PostgreSQL)")
    payload = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "assets": args.assets,
        "search_p95_ms": search_p95,
        "details": {
            "database": args.db,
            "seed": args.seed,
            "search": {"partner": as_partner, "staff": as_staff},
        },
    }
    if not args.skip_cobrand:
        payload |= _cobrand(payload)
    data = json.loads(args.out.read_text()) if args.out.exists() else {}
    data.update({k: v for k, v in payload.items() if k != "details"})
    data.setdefault("details", {}).update(payload["details"])
    args.out.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    print(f"Written to {args.out.relative_to(ROOT)}")
    return 0


def _cobrand(payload: dict) -> dict:
    """The co-branded PDF figures: bench/enablement_cobrand.py in its own process (its own SQLite database
    and media folder; this process is bound to the search's database)."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "bench.enablement_cobrand"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        figures = json.loads(done.stdout)
    except ValueError:
        print(f"  co-branded PDFs: not measured ({done.stderr.strip()[-300:]})")
        return {}
    print(
        f"Co-branded PDF: cold p95 {figures['cobrand_cold_p95_ms']} ms (target ≤ 1000), "
        f"cached p95 {figures['cobrand_cached_p95_ms']} ms (target ≤ 20)"
    )
    payload["details"]["cobrand"] = figures.get("cobrand_details", {})
    return {k: figures[k] for k in ("cobrand_cold_p95_ms", "cobrand_cached_p95_ms")}


if __name__ == "__main__":
    raise SystemExit(main())
