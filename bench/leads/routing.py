"""Routing benchmark: 10,000 new leads across 5,000 partners with the published rules, timed through
`leads.routing.services.route_leads` (the service itself: locking, the engine, the bulk writes and events).

    python -m bench.leads.routing [--db postgresql|sqlite] [--partners 5000] [--leads 10000] [--seed 7]

The partners (every region, type and tier; verticals; a year of offers and closed leads, so the ranking has a
record to read) and the leads are generated with bulk inserts; the timing starts when `route_leads` is called.
Figures go to the screen and `route_10k_s` (with details under `routing`) to var/bench/leads.json, whose other
keys are kept. Target: ≤ 5 s on PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from datetime import timedelta
from pathlib import Path

from bench.setup import OUT, start_django

URLS = {
    "sqlite": f"sqlite:///{OUT / 'leads_routing.sqlite3'}",
    "postgresql": "postgres://postgres@127.0.0.1:5432/kanal_routing_bench",
}
TARGET_S = 5.0


def _setup(db: str) -> None:
    start_django(URLS[db])


def _clear() -> None:
    from core.models import Event
    from leads.models import Lead, LeadAssignment, RoutingRule, RoutingRuleSet
    from partners.models import Partner

    Event.objects.filter(verb__startswith="lead").delete()
    LeadAssignment.objects.all().delete()
    Lead.objects.all().delete()
    RoutingRule.objects.all().delete()
    RoutingRuleSet.objects.all().delete()
    Partner.objects.filter(web_domain__endswith=".bench.example").delete()


def generate(rng: random.Random, partners: int, leads: int) -> dict:
    """Partners, a year of history, the published rules and the new leads to route."""
    from django.utils import timezone

    from leads.models import Lead, LeadAssignment, RoutingRule, RoutingRuleSet
    from partners.choices import PartnerType, Region, Tier, Vertical
    from partners.models import Partner

    countries: dict[str, list[str]] = {
        Region.EUROPE: ["DE", "FR", "IT", "ES", "NL", "PL", "SE", "GB"],
        Region.NORTH_AMERICA: ["US", "CA"],
        Region.LATIN_AMERICA: ["BR", "MX", "AR"],
        Region.CIS: ["RU", "KZ", "AM"],
        Region.MIDDLE_EAST_AFRICA: ["AE", "ZA", "SA"],
        Region.ASIA_PACIFIC: ["JP", "AU", "SG", "IN"],
    }
    regions = [str(r) for r in countries]
    verticals = list(Vertical.values)
    types = [PartnerType.RESELLER, PartnerType.DEALER, PartnerType.RETAILER, PartnerType.AGENT]
    tiers = list(Tier.values)
    now = timezone.now()
    rows = []
    for n in range(partners):
        region = str(rng.choice(regions))
        rows.append(
            Partner(
                name=f"Bench partner {n:05d}",
                web_domain=f"p{n}.bench.example",
                region=region,
                country=rng.choice(countries[region]),
                partner_type=rng.choice(types),
                tier=rng.choices(tiers, weights=[5, 3, 2, 1])[0],
                verticals=rng.sample(verticals, rng.randint(1, 3)),
                status="active"
                if rng.random() < 0.93
                else rng.choice(["onboarding", "at_risk", "offboarded"]),
            )
        )
    created = Partner.objects.bulk_create(rows, batch_size=2000)
    # A year of history: closed leads (converted or lost) and their offers, some declined or lapsed.
    history, offers = [], []
    for n in range(partners * 4):
        partner = rng.choice(created)
        region = partner.region
        history.append(
            Lead(
                company_name=f"Old customer {n}",
                region=region,
                country=rng.choice(countries[region]),
                vertical=rng.choice(partner.verticals),
                destination="channel",
                partner=partner,
                status="converted" if rng.random() < 0.25 else "lost",
                closed_at=now - timedelta(days=rng.randint(1, 360)),
            )
        )
    Lead.objects.bulk_create(history, batch_size=2000)
    for lead in history:
        outcome = rng.choices(["accepted", "declined", "lapsed"], weights=[8, 1, 1])[0]
        offers.append(
            LeadAssignment(
                lead=lead,
                partner=lead.partner,
                outcome=outcome,
                decided_at=now - timedelta(days=rng.randint(1, 60), hours=rng.randint(1, 40)),
            )
        )
    LeadAssignment.objects.bulk_create(offers, batch_size=2000)
    ruleset = RoutingRuleSet.objects.create(
        version=1,
        status="published",
        published_at=now,
        default_sla_hours=48,
        tier_sla_hours={"gold": 24, "platinum": 12},
        default_capacity=10,
    )
    RoutingRule.objects.bulk_create(
        [
            RoutingRule(
                ruleset=ruleset,
                position=1,
                name="Public sector to direct",
                lead_verticals=["public_sector"],
                direct=True,
            ),
            RoutingRule(
                ruleset=ruleset,
                position=2,
                name="Healthcare: certified-free gold and platinum, same country",
                lead_verticals=["healthcare"],
                partner_tiers=["gold", "platinum"],
                territory="country",
                partner_verticals=True,
                capacity=5,
            ),
            RoutingRule(
                ruleset=ruleset, position=3, name="Vertical specialists in the region", partner_verticals=True
            ),
            RoutingRule(ruleset=ruleset, position=4, name="Anyone in the region", territory="region"),
        ]
    )
    new = []
    for n in range(leads):
        region = rng.choice(regions)
        new.append(
            Lead(
                company_name=f"New customer {n}",
                region=region,
                country=rng.choice(countries[region]),
                vertical=rng.choice(verticals),
                source="import",
            )
        )
    Lead.objects.bulk_create(new, batch_size=2000)
    return {"ruleset": ruleset}


def _backend_cpu_reader(connection):
    """A function answering the CPU seconds the database server spent for this connection so far (None when
    it cannot be read: SQLite works in this process, a remote server's /proc is not ours)."""
    if connection.vendor != "postgresql":
        return lambda: None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    stat = Path(f"/proc/{pid}/stat")
    ticks = os.sysconf("SC_CLK_TCK")

    def read():
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime

    return read


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=sorted(URLS), default="postgresql")
    parser.add_argument("--partners", type=int, default=5000)
    parser.add_argument("--leads", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=OUT / "leads.json")
    parser.add_argument("--profile", action="store_true", help="print where the time goes (cProfile)")
    args = parser.parse_args(argv)
    _setup(args.db)

    import logging

    from django.core.management import call_command
    from django.db import connection

    from core.actor import system_actor
    from leads.models import Lead
    from leads.routing.services import route_leads

    logging.basicConfig(format="  %(message)s")
    logging.getLogger("leads.routing.services").setLevel(logging.DEBUG)
    call_command("migrate", verbosity=0)
    _clear()
    started = time.perf_counter()
    generate(random.Random(args.seed), args.partners, args.leads)
    print(
        f"generated {args.partners:,} partners, their history and {args.leads:,} leads"
        f" in {time.perf_counter() - started:.1f} s"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    leads = list(Lead.objects.filter(status="new", destination="unrouted").order_by("pk"))
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    backend = _backend_cpu_reader(connection)
    db_cpu = backend()
    started, cpu = time.perf_counter(), time.process_time()
    outcome = route_leads(actor=system_actor(), leads=leads)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    db_cpu = backend() - db_cpu if db_cpu is not None else None
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
    figures = {
        "db": connection.vendor,
        "partners": args.partners,
        "leads": len(leads),
        "seconds": round(elapsed, 3),
        "python_cpu_s": round(cpu, 3),  # this process: the rest is the database, or waiting for a core
        # the PostgreSQL server process's CPU for this connection (read from /proc when the server is local)
        "db_cpu_s": round(db_cpu, 3) if db_cpu is not None else None,
        "load_average": round(os.getloadavg()[0], 2),
        "routed": outcome.routed,
        "direct": outcome.direct,
        "unrouted": outcome.unrouted,
        "partners_offered": len({d.partner.pk for d in outcome.decisions if d.partner}),
        "target_s": TARGET_S,
    }
    print(json.dumps(figures, indent=2))
    print(
        f"route_leads: {len(leads):,} leads in {elapsed:.2f} s"
        f" ({'OK' if elapsed <= TARGET_S else 'over'} target {TARGET_S} s)"
    )
    data = json.loads(args.out.read_text()) if args.out.exists() else {}
    data["route_10k_s"] = figures["seconds"]
    data.setdefault("routing", {})[connection.vendor] = figures
    args.out.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
