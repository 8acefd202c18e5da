"""`make bench-money`: the incentive accrual over a million won registrations, against a bare SQL aggregate.

    python -m bench.money.run [--registrations 1000000] [--partners 2000] [--db postgresql|sqlite]

1. A fresh database (PostgreSQL `kanal_bench_money`, dropped and created again; `BENCH_DATABASE_URL` points
   elsewhere; `--db sqlite`: var/bench/money/kanal.sqlite3), migrated.
2. The data, written by the database (`bench/money/generate.py`): partners, two product families, the won
   registrations (USD and EUR, one to three lines each, closed over the weeks before the cutoff), and leads
   for a tenth of them, half referred. An exchange rate EUR → USD.
3. One active commission program whose rules name a deal type, products and a family, in the order the run
   tries them: referral deals 10 %, three products 6 %, the city bikes family 4.00 USD per unit (converted
   into EUR for EUR deals), anything else 2 %.
4. (a) `run_s`: the accrual run (`incentives.accrual.run_accrual`) over all of them — its aggregate query, the
   settlement, one ledger transaction per payee, currency and period through `ledger.posting.book_many`, the
   accrual rows and the watermark. (b) `bare_sql_s`: one hand-written SQL aggregate computing the same totals
   per payee, currency and period (rounded per group, as booked), with no ORM, no Python per group and no
   writes. It runs once untimed first, so both timed passes find the same warm cache. The totals are compared
   per partner × currency; a difference fails the benchmark. `ratio` = run_s / bare_sql_s (target ≤ 2).
   (c) `rerun_new_entries`: ledger entries booked by a second run (target 0). (d) `balanced`:
   `manage.py ledger_check`.
5. Prints the figures and writes var/bench/money.json with exactly
   `{registrations, run_s, bare_sql_s, ratio, rerun_new_entries, balanced}`. Exit status 1 when the totals
   differ, a rerun booked anything or the books do not balance.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import sys
import time
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from bench.setup import OUT

VAR = OUT / "money"
URLS = {
    "sqlite": f"sqlite:///{VAR / 'kanal.sqlite3'}",
    "postgresql": "postgres://postgres@127.0.0.1:5432/kanal_bench_money",
}
FIELDS = ("registrations", "run_s", "bare_sql_s", "ratio", "rerun_new_entries", "balanced")
TARGET_RATIO = 2.0
EUR_USD = Decimal("1.0850")
CENT = Decimal("0.01")


def fresh_database(url: str) -> None:
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_program(data: dict[str, Any], *, starts_on: dt.date) -> Any:
    """The program of the benchmark, made through the services (ops' rights)."""
    from core.actor import system_actor
    from incentives.services import program_activate, program_create, rule_add

    actor = system_actor()
    program = program_create(
        actor=actor,
        data={
            "name_en": "Bench commission",
            "currency": "USD",
            "starts_on": starts_on.isoformat(),
            "period": "quarter",
        },
    )
    from catalog.models import Product, ProductFamily

    chosen = [
        str(p)
        for p in Product.objects.filter(pk__in=data["products"][:3]).values_list("public_id", flat=True)
    ]
    city = str(ProductFamily.objects.get(pk=data["families"][1]).public_id)
    rule_add(
        actor=actor, program=program, data={"basis": "percent", "rate": "10", "deal_types": ["referral"]}
    )
    rule_add(actor=actor, program=program, data={"basis": "percent", "rate": "6", "products": chosen})
    rule_add(actor=actor, program=program, data={"basis": "fixed_unit", "amount": "4", "families": [city]})
    rule_add(actor=actor, program=program, data={"basis": "percent", "rate": "2"})
    return program_activate(actor=actor, program=program)


def bare_sql(program: Any, *, cutoff: dt.datetime) -> dict[tuple[int, str], Decimal]:
    """The same totals per payee and currency from one plain SQL aggregate (rounded per payee, currency and
    period, as each is booked)."""
    from django.db import connection

    from incentives.accrual import conversion, periods_between
    from incentives.engine import day_start, program_facts
    from ledger.rates import RateTable

    facts = program_facts(program)
    start, _end = facts.window()
    periods = periods_between(start, cutoff, kind=program.period)
    boundaries = [day_start(p.end) for p in periods[:-1]]
    rules = facts.rules
    referral, products, family, anything = rules
    table = RateTable(cutoff.date())
    to_usd = conversion(table, "EUR", "USD", needed=True)
    assert to_usd is not None
    eur = Decimal(1) / to_usd  # the program's USD in EUR, as the run converts them
    period_sql = "0"
    params: list[Any] = []
    if boundaries:
        period_sql = "CASE " + " ".join(f"WHEN r.closed_at < %s THEN {i}" for i in range(len(boundaries)))
        period_sql += f" ELSE {len(boundaries)} END"
        params += boundaries
    value = "(l.quantity * l.unit_price * COALESCE(r.won_amount, r.amount) / NULLIF(r.amount, 0))"
    ids = lambda rule: ", ".join(str(i) for i in sorted(rule.products))  # noqa: E731
    sql = f"""
        SELECT payee, currency, period, ROUND(SUM(earning), 2)
        FROM (
            SELECT CASE WHEN a.status = 'attributed' THEN a.partner_id ELSE r.partner_id END AS payee,
                   r.currency AS currency,
                   {period_sql} AS period,
                   CASE
                       WHEN a.status = 'attributed' THEN {value} * %s
                       WHEN l.product_id IN ({ids(products)}) THEN {value} * %s
                       WHEN l.product_id IN ({ids(family)}) THEN
                           l.quantity * %s * (CASE WHEN r.currency = 'EUR' THEN %s ELSE 1 END)
                       ELSE {value} * %s
                   END AS earning
            FROM deals_dealline l
            JOIN deals_dealregistration r ON r.id = l.registration_id
            LEFT JOIN leads_lead ld ON ld.registration_id = r.id
            LEFT JOIN referrals_attribution a ON a.lead_id = ld.id
            WHERE r.status = 'won' AND r.closed_at >= %s AND r.closed_at < %s
        ) AS lines
        GROUP BY payee, currency, period
    """
    params += [
        (referral.rate or 0) / 100,
        (products.rate or 0) / 100,
        family.amount,
        eur,
        (anything.rate or 0) / 100,
        start,
        cutoff,
    ]
    totals: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for payee, currency, _period, total in cursor.fetchall():
            amount = Decimal(str(total)).quantize(CENT, rounding=ROUND_HALF_UP)
            if amount > 0:
                totals[(payee, currency)] += amount
    return dict(totals)


def run_totals(program: Any) -> dict[tuple[int, str], Decimal]:
    from django.db.models import Sum

    from incentives.models import Accrual

    rows = (
        Accrual.objects.filter(program=program, amount__gt=0)
        .values_list("partner_id", "currency")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {(partner, currency): total for partner, currency, total in rows}


def differences(
    run: dict[tuple[int, str], Decimal], bare: dict[tuple[int, str], Decimal], *, tolerance: Decimal
) -> list[tuple[tuple[int, str], Decimal | None, Decimal | None]]:
    keys = set(run) | set(bare)
    return [
        (key, run.get(key), bare.get(key))
        for key in sorted(keys)
        if abs((run.get(key) or Decimal(0)) - (bare.get(key) or Decimal(0))) > tolerance
    ]


def measure(*, registrations: int, partners: int, log=print) -> dict[str, Any]:
    """Generate, accrue, compare, rerun and check, on the database Django is connected to. Returns the
    figures and `differences` (the totals that differ between the run and the bare SQL)."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench.money.generate import generate
    from core.actor import system_actor
    from core.db import refresh_statistics
    from incentives.accrual import run_accrual
    from ledger.check import check_books
    from ledger.models import ExchangeRate, LedgerEntry

    cutoff = timezone.now() - dt.timedelta(seconds=30)
    started = time.perf_counter()
    data = generate(registrations=registrations, partners=partners, cutoff=cutoff, log=log)
    log(f"  generated in {time.perf_counter() - started:.1f} s")
    ExchangeRate.objects.create(
        currency="EUR", quote_currency="USD", valid_from=cutoff.date() - dt.timedelta(days=400), rate=EUR_USD
    )
    program = setup_program(data, starts_on=timezone.localdate(cutoff) - dt.timedelta(days=60))
    if not connection.in_atomic_block:
        refresh_statistics(
            [
                "deals_dealline",
                "deals_dealregistration",
                "leads_lead",
                "referrals_attribution",
                "partners_partner",
            ]
        )
    bare_sql(program, cutoff=cutoff)  # warm: both timed passes find the same cache
    started = time.perf_counter()
    run = run_accrual(actor=system_actor(), cutoff=cutoff)
    run_s = time.perf_counter() - started
    assert not run.problems, run.problems
    started = time.perf_counter()
    bare = bare_sql(program, cutoff=cutoff)
    bare_sql_s = time.perf_counter() - started
    booked = run_totals(program)
    # SQLite sums in floating point: a cent either way; PostgreSQL's numeric sums exactly.
    tolerance = Decimal(0) if connection.vendor == "postgresql" else CENT
    wrong = differences(booked, bare, tolerance=tolerance)
    log(f"  {run.booked:,} transactions booked for {len(booked):,} payee × currency totals")
    entries = LedgerEntry.objects.count()
    run_accrual(actor=system_actor(), cutoff=timezone.now())
    rerun_new_entries = LedgerEntry.objects.count() - entries
    out = io.StringIO()
    try:
        call_command("ledger_check", stdout=out)
        balanced = check_books().balanced
    except Exception:  # noqa: BLE001 (the command says "The books do not balance.")
        balanced = False
    figures = {
        "registrations": registrations,
        "run_s": round(run_s, 3),
        "bare_sql_s": round(bare_sql_s, 3),
        "ratio": round(run_s / bare_sql_s, 3) if bare_sql_s else None,
        "rerun_new_entries": rerun_new_entries,
        "balanced": balanced,
    }
    return {"figures": figures, "differences": wrong, "payees": len(booked)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--registrations", type=int, default=1_000_000)
    parser.add_argument("--partners", type=int, default=2_000)
    parser.add_argument("--db", choices=("postgresql", "sqlite"), default="postgresql")
    args = parser.parse_args(argv)
    import os

    url = os.environ.get("BENCH_DATABASE_URL") or URLS[args.db]
    VAR.mkdir(parents=True, exist_ok=True)
    fresh_database(url)
    from bench.setup import start_django

    start_django(url)
    from django.core.management import call_command

    print(f"bench.money on {url.split('@')[-1]}: migrating", flush=True)
    call_command("migrate", verbosity=0)
    print(f"generating {args.registrations:,} won registrations for {args.partners:,} partners", flush=True)
    result = measure(registrations=args.registrations, partners=args.partners)
    figures = result["figures"]
    path = OUT / "money.json"
    path.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\n{path.relative_to(OUT.parent.parent)}")
    for key in FIELDS:
        print(f"  {key:<18} {figures[key]}")
    ok = True
    if result["differences"]:
        ok = False
        wrong = result["differences"]
        print(f"\nthe run and the bare SQL differ for {len(wrong)} totals, e.g. {wrong[:3]}")
    else:
        print(f"\nthe run's totals equal the bare SQL's for all {result['payees']:,} payee × currency totals")
    checks = [
        ("ratio ≤ 2", figures["ratio"] is not None and figures["ratio"] <= TARGET_RATIO),
        ("rerun_new_entries = 0", figures["rerun_new_entries"] == 0),
        ("balanced", figures["balanced"] is True),
    ]
    for label, met in checks:
        print(f"  {label}: {'met' if met else 'NOT met'}")
    ok = ok and figures["rerun_new_entries"] == 0 and figures["balanced"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
