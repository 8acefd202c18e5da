"""`make bench-tiers`: every partner's tier evaluated over 5,000,000 registrations, against bare SQL.

    python -m bench.tiers.run [--registrations 5000000] [--partners 5000]

1. A fresh PostgreSQL database (`kanal_bench_tiers`, dropped and created again; `BENCH_DATABASE_URL` points
   elsewhere), migrated.
2. The data, written by the database (`bench/tiers/generate.py`): partners in the default program,
   registrations closed over two years (most won, a quarter in EUR), certified people, leads offered and
   answered. An exchange rate EUR → USD.
3. Published criteria over four metrics of three apps: silver by won revenue; gold by won revenue, won
   registrations and certified people; platinum by won revenue, certified people and lead acceptance rate.
   The members start at the tiers their data gives (a program that tiered by hand until now), one in ten a
   tier off — half above (they will be warned), half below (they move up) — which the bare SQL, run once
   untimed first (both timed passes then find the same warm cache), decides.
4. Each part of the run is timed twice (`PARTS`): its evaluation through the product's code, and the bare
   SQL computing the same figures per partner (one hand-written aggregate per table, the tiers they qualify
   for decided from those figures in Python). For tiers: `tiers.evaluation.evaluate` — every metric for all
   members, the decisions, the tier changes through `programs.services.membership_set_tier`, the warnings,
   one assessment per member (COPY), the run — against three SQL aggregates. The figures each keeps must
   match the bare SQL's for every partner, or the benchmark fails. Health:
   `health.services.health_evaluate` — seven signals for every partner, the scores (one row per partner and
   day, upserted), the partners flagged at risk — against six SQL aggregates over the same window; every
   signal's counts must match. Both parts are summed into the same figures.
5. Prints the figures and writes var/bench/tiers.json with exactly
   `{partners, registrations, evaluate_s, bare_sql_s, ratio}`; targets: ratio ≤ 2 and evaluate_s ≤ 60. A
   second evaluation of both the same day must change nothing more and flag nobody again (checked, not timed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from unittest import mock

from bench.setup import OUT

URL = "postgres://postgres@127.0.0.1:5432/kanal_bench_tiers"
FIELDS = ("partners", "registrations", "evaluate_s", "bare_sql_s", "ratio")
TARGET_RATIO = 2.0
TARGET_SECONDS = 60.0
EUR_USD = Decimal("1.0850")
CENT = Decimal("0.01")
THRESHOLDS = {
    "silver": {"deals.won_revenue": "450000"},
    "gold": {
        "deals.won_revenue": "1200000",
        "deals.won_registrations": "250",
        "learning.certified_people": "3",
    },
    "platinum": {
        "deals.won_revenue": "2000000",
        "learning.certified_people": "6",
        "leads.acceptance_rate": "75",
    },
}
TIERS = ("registered", "silver", "gold", "platinum")


@dataclass(frozen=True)
class Part:
    """One evaluation of the run: `evaluate()` through the product, `bare()` the same figures by bare SQL;
    `check(evaluated, bare)` lists the partners whose figures differ."""

    name: str
    evaluate: Callable[[], Any]
    bare: Callable[[], Any]
    check: Callable[[Any, Any], list[Any]]
    describe: Callable[[Any], str]


def fresh_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def publish_criteria(program: Any) -> Any:
    from core.actor import system_actor
    from tiers import services

    actor = system_actor()
    draft = services.criteria_create_draft(actor=actor, program=program)
    for tier, requirements in THRESHOLDS.items():
        for metric, threshold in requirements.items():
            services.requirement_create(
                actor=actor, criteria=draft, data={"tier": tier, "metric": metric, "threshold": threshold}
            )
    return services.criteria_publish(actor=actor, criteria=draft)


# --- the bare SQL -------------------------------------------------------------------------------------------


def bare_figures(as_of: dt.date) -> dict[int, dict[str, Decimal | None]]:
    """Per partner: won revenue (USD), won registrations, certified people, lead acceptance rate — three
    hand-written aggregates."""
    from django.db import connection

    from tiers.metrics import day_end, window_bounds

    start, end = window_bounds(as_of, 365)
    offers_from, offers_to = window_bounds(as_of, 90)
    figures: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    revenue: dict[int, Decimal] = defaultdict(Decimal)
    won: dict[int, int] = defaultdict(int)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT partner_id, currency, SUM(COALESCE(won_amount, amount) - refunded_amount), COUNT(*)
            FROM deals_dealregistration
            WHERE status = 'won' AND closed_at >= %s AND closed_at < %s
            GROUP BY partner_id, currency
            """,
            [start, end],
        )
        for partner, currency, amount, count in cursor.fetchall():
            rate = EUR_USD if currency == "EUR" else Decimal(1)
            revenue[partner] += (Decimal(amount) * rate).quantize(CENT)
            won[partner] += count
        moment = day_end(as_of)
        cursor.execute(
            """
            SELECT partner_id, COUNT(DISTINCT user_id)
            FROM learning_certificationaward
            WHERE partner_id IS NOT NULL AND awarded_at < %s
              AND (revoked_at IS NULL OR revoked_at >= %s) AND (expires_at IS NULL OR expires_at >= %s)
            GROUP BY partner_id
            """,
            [moment, moment, moment],
        )
        certified = dict(cursor.fetchall())
        cursor.execute(
            """
            SELECT partner_id, COUNT(*) FILTER (WHERE outcome = 'accepted'), COUNT(*)
            FROM leads_leadassignment
            WHERE created_at >= %s AND created_at < %s AND outcome IN ('accepted', 'declined', 'lapsed')
            GROUP BY partner_id
            """,
            [offers_from, offers_to],
        )
        acceptance = {
            partner: (Decimal(accepted) * 100 / Decimal(answered)).quantize(Decimal("0.1"))
            for partner, accepted, answered in cursor.fetchall()
            if answered
        }
    for partner in set(revenue) | set(certified) | set(acceptance):
        figures[partner] = {
            "deals.won_revenue": revenue.get(partner, Decimal(0)),
            "deals.won_registrations": Decimal(won.get(partner, 0)),
            "learning.certified_people": Decimal(certified.get(partner, 0)),
            "leads.acceptance_rate": acceptance.get(partner),
        }
    return figures


def bare_tier(values: dict[str, Decimal | None]) -> str:
    """The highest tier whose requirements all hold."""
    for tier in reversed(TIERS[1:]):
        if all(
            values.get(metric) is not None and values[metric] >= Decimal(threshold)  # type: ignore[operator]
            for metric, threshold in THRESHOLDS[tier].items()
        ):
            return tier
    return TIERS[0]


def bare(as_of: dt.date) -> dict[int, tuple[str, dict[str, Decimal | None]]]:
    return {partner: (bare_tier(values), values) for partner, values in bare_figures(as_of).items()}


# --- health ------------------------------------------------------------------------------------------------

# What health keeps per signal (`HealthScore.signals`) and the bare SQL computes again: detail counts, or the
# raw value where the signal keeps no count (the average hours to accept an offer).
HEALTH_DETAIL = {
    "logins": ("active", "members"),
    "downloads": ("downloads",),
    "learning": ("completed", "in_progress"),
    "lead_acceptance": ("accepted", "answered"),
    "registrations": ("submitted",),
    "revenue_trend": ("now", "before"),
}


def bare_health(moment: dt.datetime, days: int) -> dict[int, dict[str, Any]]:
    """Per partner, what the health signals count in the `days` before `moment` (and the same days a year
    earlier): six hand-written aggregates, one per table, and the won revenue converted as health does (per
    currency, at today's rate, to the cent)."""
    from django.db import connection

    from content.models import ActivityKind
    from health.signals import _hours
    from learning.models import EnrollmentState

    start = moment - dt.timedelta(days=days)
    last_year_start, last_year_end = start - dt.timedelta(days=365), moment - dt.timedelta(days=365)
    found: dict[int, dict[str, Any]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT m.partner_id, COUNT(*) FILTER (WHERE u.last_login >= %s), COUNT(*)
            FROM accounts_membership m JOIN accounts_user u ON u.id = m.user_id
            WHERE m.is_active AND u.is_active GROUP BY m.partner_id
            """,
            [start],
        )
        for partner, active, members in cursor.fetchall():
            found[partner]["logins"] = (active, members)
        cursor.execute(
            "SELECT partner_id, COUNT(*) FROM content_assetactivity "
            "WHERE kind = %s AND at >= %s AND partner_id IS NOT NULL GROUP BY partner_id",
            [ActivityKind.DOWNLOAD.value, start],
        )
        for partner, n in cursor.fetchall():
            found[partner]["downloads"] = (n,)
        cursor.execute(
            """
            SELECT partner_id, COUNT(*) FILTER (WHERE completed_at >= %s),
                   COUNT(*) FILTER (WHERE created_at >= %s AND state = %s)
            FROM learning_enrollment WHERE partner_id IS NOT NULL GROUP BY partner_id
            """,
            [start, start, EnrollmentState.IN_PROGRESS.value],
        )
        for partner, completed, started in cursor.fetchall():
            found[partner]["learning"] = (completed, started)
        cursor.execute(
            """
            SELECT partner_id, COUNT(*) FILTER (WHERE outcome = 'accepted'),
                   COUNT(*) FILTER (WHERE outcome IN ('accepted', 'declined', 'lapsed')),
                   AVG(decided_at - created_at) FILTER (WHERE outcome = 'accepted' AND decided_at IS NOT NULL)
            FROM leads_leadassignment WHERE created_at >= %s GROUP BY partner_id
            """,
            [start],
        )
        for partner, accepted, answered, wait in cursor.fetchall():
            found[partner]["lead_acceptance"] = (accepted, answered)
            found[partner]["lead_speed"] = _hours(wait) if accepted else None
        cursor.execute(
            "SELECT partner_id, COUNT(*) FROM deals_dealregistration "
            "WHERE submitted_at >= %s AND submitted_at <= %s GROUP BY partner_id",
            [start, moment],
        )
        for partner, n in cursor.fetchall():
            found[partner]["registrations"] = (n,)
        cursor.execute(
            """
            SELECT partner_id, currency,
                   SUM(won_amount - refunded_amount) FILTER (WHERE closed_at >= %s),
                   SUM(won_amount - refunded_amount) FILTER (WHERE closed_at >= %s AND closed_at <= %s)
            FROM deals_dealregistration
            WHERE status = 'won' AND closed_at >= %s AND closed_at <= %s
            GROUP BY partner_id, currency
            """,
            [start, last_year_start, last_year_end, last_year_start, moment],
        )
        revenue: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
        for partner, currency, now, before in cursor.fetchall():
            rate = EUR_USD if currency == "EUR" else Decimal(1)
            revenue[partner][0] += (Decimal(now or 0) * rate).quantize(CENT)
            revenue[partner][1] += (Decimal(before or 0) * rate).quantize(CENT)
        for partner, (now, before) in revenue.items():
            found[partner]["revenue_trend"] = (format(now, "f"), format(before, "f"))
    return found


def health_differences(day: dt.date, bare_figures: dict[int, dict[str, Any]]) -> list[Any]:
    """Partners whose kept signal figures differ from the bare SQL's."""
    from health.models import HealthScore

    zero = {
        "logins": (0, 0),
        "downloads": (0,),
        "learning": (0, 0),
        "lead_acceptance": (0, 0),
        "registrations": (0,),
        "revenue_trend": ("0.00", "0.00"),
    }
    wrong = []
    for partner, signals in HealthScore.objects.filter(day=day).values_list("partner_id", "signals"):
        expected = bare_figures.get(partner, {})
        kept = {signal["key"]: signal for signal in signals}
        for key, names in HEALTH_DETAIL.items():
            have = tuple(kept[key]["detail"].get(name) for name in names)
            want = expected.get(key, zero[key])
            if have != want:
                wrong.append((partner, key, have, want))
        speed = kept["lead_speed"]["raw"]
        want_speed = expected.get("lead_speed")
        if (None if speed is None else Decimal(speed)) != want_speed:
            wrong.append((partner, "lead_speed", speed, want_speed))
    return wrong


# --- the run -------------------------------------------------------------------------------------------


def starting_tiers(figures: dict[int, tuple[str, Any]], *, seed: int = 13) -> dict[int, str]:
    """Each member's tier before the run: what its data gives, one in ten a tier off."""
    rng = random.Random(seed)
    tiers = {}
    for partner, (tier, _values) in sorted(figures.items()):
        index = TIERS.index(tier)
        if rng.random() < 0.1:
            index = min(max(index + rng.choice((-1, 1)), 0), len(TIERS) - 1)
        tiers[partner] = TIERS[index]
    return tiers


def set_tiers(program: Any, tiers: dict[int, str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for tier in TIERS:
            ids = [partner for partner, t in tiers.items() if t == tier]
            if ids:
                cursor.execute(
                    "UPDATE programs_programmembership SET tier = %s "
                    "WHERE program_id = %s AND partner_id = ANY(%s)",
                    [tier, program.pk, ids],
                )
                cursor.execute("UPDATE partners_partner SET tier = %s WHERE id = ANY(%s)", [tier, ids])


def tier_differences(run: Any, figures: dict[int, tuple[str, dict[str, Decimal | None]]]) -> list[Any]:
    """Partners whose kept values or qualified tier differ from the bare SQL's."""
    from tiers.models import TierAssessment

    wrong = []
    keys = {
        "deals.won_revenue": "deals.won_revenue||365",
        "deals.won_registrations": "deals.won_registrations||365",
        "learning.certified_people": "learning.certified_people||0",
        "leads.acceptance_rate": "leads.acceptance_rate||90",
    }
    for partner, qualified, values in TierAssessment.objects.filter(run=run).values_list(
        "partner_id", "qualified_tier", "values"
    ):
        tier, expected = figures.get(partner, (TIERS[0], {}))
        for metric, key in keys.items():
            kept = values.get(key)
            kept_value = None if kept is None else Decimal(kept)
            want = expected.get(metric, Decimal(0) if metric != "leads.acceptance_rate" else None)
            if kept_value != want:
                wrong.append((partner, metric, kept_value, want))
        if qualified != tier:
            wrong.append((partner, "tier", qualified, tier))  # type: ignore[arg-type]
    return wrong


def measure(*, registrations: int, partners: int, log=print) -> dict[str, Any]:
    """Generate, evaluate, compare and rerun, on the database Django is connected to."""
    from django.db import connection
    from django.urls import reverse
    from django.utils import timezone

    from bench.tiers.generate import generate
    from core.actor import system_actor
    from core.db import refresh_statistics
    from health.selectors import health_settings
    from health.services import health_evaluate
    from ledger.models import ExchangeRate
    from tiers.evaluation import evaluate
    from tiers.models import EvaluationRun

    now = timezone.now()
    as_of = timezone.localdate(now)
    started = time.perf_counter()
    data = generate(registrations=registrations, partners=partners, now=now, log=log)
    log(f"  generated in {time.perf_counter() - started:.1f} s")
    ExchangeRate.objects.create(
        currency="EUR", quote_currency="USD", valid_from=as_of - dt.timedelta(days=800), rate=EUR_USD
    )
    program = data["program"]
    publish_criteria(program)
    if not connection.in_atomic_block:
        refresh_statistics(
            [
                "deals_dealregistration",
                "learning_certificationaward",
                "leads_leadassignment",
                "programs_programmembership",
                "partners_partner",
            ]
        )
    figures = bare(as_of)  # warm: both timed passes find the same cache
    reverse("tiers:mine")  # the site's URLs loaded once, as in the worker that runs the nightly job
    set_tiers(program, starting_tiers(figures))

    # Health counts the days before the moment it runs: that moment is pinned (`timezone.now`) for its
    # evaluation so that the bare SQL counts exactly the same window.
    moment = timezone.now()
    window_days = health_settings(fresh=True).window_days

    def evaluate_health() -> Any:
        with mock.patch("django.utils.timezone.now", return_value=moment):
            return health_evaluate(actor=system_actor(), day=as_of)

    parts = [
        Part(
            "tiers",
            evaluate=lambda: evaluate(program, as_of=as_of),
            bare=lambda: bare(as_of),
            check=lambda outcome, bare_figures: tier_differences(outcome.run, bare_figures),
            describe=lambda outcome: f"{outcome.run.members:,} members, {outcome.run.counts}",
        ),
        Part(
            "health",
            evaluate=evaluate_health,
            bare=lambda: bare_health(moment, window_days),
            check=lambda outcome, bare_figures: health_differences(as_of, bare_figures),
            describe=lambda outcome: (
                f"{outcome.evaluated:,} partners scored, {outcome.below:,} below the threshold, "
                f"{len(outcome.flagged):,} flagged at risk"
            ),
        ),
    ]
    evaluate_s = bare_sql_s = 0.0
    wrong: list[Any] = []
    for part in parts:
        started = time.perf_counter()
        outcome = part.evaluate()
        part_s = time.perf_counter() - started
        started = time.perf_counter()
        bare_result = part.bare()
        part_bare_s = time.perf_counter() - started
        evaluate_s, bare_sql_s = evaluate_s + part_s, bare_sql_s + part_bare_s
        differences = part.check(outcome, bare_result)
        wrong += differences
        log(
            f"  {part.name}: {part_s:.3f} s against {part_bare_s:.3f} s of bare SQL; "
            f"{part.describe(outcome)}; "
            f"{len(differences)} figures differ from the bare SQL"
        )
    events_before = EvaluationRun.objects.count()
    second = evaluate(program, as_of=as_of)
    assert second.run is not None
    moved_again = {
        k: v for k, v in second.run.counts.items() if k in ("up", "down", "warned", "lifted") and v
    }
    flagged_again = evaluate_health().flagged
    if flagged_again:
        moved_again["health_flagged"] = len(flagged_again)
    figures_out = {
        "partners": partners,
        "registrations": registrations,
        "evaluate_s": round(evaluate_s, 3),
        "bare_sql_s": round(bare_sql_s, 3),
        "ratio": round(evaluate_s / bare_sql_s, 3) if bare_sql_s else None,
    }
    return {
        "figures": figures_out,
        "differences": wrong,
        "rerun_changes": moved_again,
        "runs": EvaluationRun.objects.count() - events_before,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--registrations", type=int, default=5_000_000)
    parser.add_argument("--partners", type=int, default=5_000)
    args = parser.parse_args(argv)
    url = os.environ.get("BENCH_DATABASE_URL") or URL
    fresh_database(url)
    from bench.setup import start_django

    start_django(url)
    from django.core.management import call_command

    print(f"bench.tiers on {url.split('@')[-1]}: migrating", flush=True)
    call_command("migrate", verbosity=0)
    print(f"generating {args.registrations:,} registrations for {args.partners:,} partners", flush=True)
    result = measure(registrations=args.registrations, partners=args.partners)
    figures = result["figures"]
    path = OUT / "tiers.json"
    path.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\n{path.relative_to(OUT.parent.parent)}")
    for key in FIELDS:
        print(f"  {key:<14} {figures[key]}")
    ok = True
    if result["differences"]:
        ok = False
        wrong = result["differences"]
        print(f"\nthe evaluation and the bare SQL differ {len(wrong)} times, e.g. {wrong[:3]}")
    else:
        print(
            "\nthe evaluation's figures and tiers equal the bare SQL's for all "
            f"{figures['partners']:,} partners"
        )
    if result["rerun_changes"]:
        ok = False
        print(f"a second evaluation the same day changed more: {result['rerun_changes']}")
    else:
        print("a second evaluation the same day changed nothing more")
    checks = [
        ("ratio ≤ 2", figures["ratio"] is not None and figures["ratio"] <= TARGET_RATIO),
        ("evaluate_s ≤ 60", figures["evaluate_s"] <= TARGET_SECONDS),
    ]
    for label, met in checks:
        print(f"  {label}: {'met' if met else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
