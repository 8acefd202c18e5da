"""The leads import benchmark: 100,000 generated leads through the real flow (upload → mapping → dry run →
import) run in-process through `imports.services`, the tasks running inline.

    python -m bench.leads.imports [--rows 100000] [--db postgresql] [--seed 7] [--skip-resume]

Measured: the wall time of the dry run plus the import (`import_100k_s`, target ≤ 10 s on PostgreSQL; it
includes the scoring and routing tasks the import enqueues, which the immediate backend runs inline, and
prints their share apart: with no routing rules published they only find that out) and the
process's peak resident memory (`import_peak_mb`, max RSS from getrusage, target ≤ 300 MB); the Python heap's
peak (tracemalloc) is measured in a second run, the resume check, since tracing slows Python down. The resume
check kills the import after a few batches (an exception no handler catches, as a killed worker leaves its
job) and resumes it: every row must be written exactly once. Figures go to the screen and to
var/bench/leads.json (only these keys are updated).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import time
import tracemalloc
from pathlib import Path

from bench.setup import OUT, start_django

URLS = {
    "sqlite": f"sqlite:///{OUT / 'leads-imports.sqlite3'}",
    "postgresql": "postgres://postgres@127.0.0.1:5432/kanal_imports_bench",
}
TIME_TARGET_S = 10.0
MEMORY_TARGET_MB = 300.0

WORDS = [
    "Nord",
    "Baltic",
    "Alpine",
    "Volga",
    "Sigma",
    "Vector",
    "Orion",
    "Polar",
    "Astra",
    "Delta",
    "Kappa",
    "Terra",
    "Lumen",
    "Nova",
    "Quant",
    "Helio",
    "Rapid",
    "Blue",
    "Green",
    "Silver",
    "Iron",
    "Cedar",
    "Maple",
    "Harbor",
    "River",
    "Summit",
    "Crest",
    "Prime",
    "Apex",
    "Core",
    "Vertex",
    "Zenith",
    "Atlas",
]
SUFFIXES = ("Systems", "Trading", "Logistics", "Retail", "Foods", "Health", "Bank", "Motors", "Labs", "Group")
FORMS = ("GmbH", "Ltd", "LLC", "AG", "S.A.", "ООО", "Inc", "")
COUNTRIES = (
    "DE",
    "Germany",
    "FR",
    "France",
    "US",
    "United States",
    "RU",
    "Россия",
    "GB",
    "PL",
    "Italy",
    "ES",
)
VERTICALS = (
    "retail",
    "Retail",
    "manufacturing",
    "Healthcare",
    "finance",
    "Technology",
    "logistics",
    "Select",
)
SIZES = ("1-10", "11-50", "51-200", "201-1000", "1000+", "")
FIRST = ("Anna", "Ivan", "Maria", "John", "Olga", "Peter", "Elena", "Max", "Sofia", "Luca")
LAST = ("Schmidt", "Ivanov", "Rossi", "Smith", "Novak", "Petrova", "Dubois", "Garcia", "Berg", "Kowalski")
CHANNELS = ("Google", "Direct Traffic", "Olark Chat", "Organic Search", "Reference", "Select")
HEADER = [
    "Company",
    "Website",
    "Country",
    "Industry",
    "Company size",
    "Contact name",
    "Email",
    "Phone",
    "Job title",
    "Notes",
    "Visits",  # number attribute
    "Do Not Email",  # boolean attribute
    "First contact",  # date attribute
    "Lead channel",  # choice attribute
    "Interest",  # text attribute
    "Time on site",  # a new attribute (number, inferred)
]


def _setup(db: str) -> None:
    start_django(URLS[db], tasks_inline=True)  # the tasks run inline, in this process
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = OUT / "media"
    call_command("migrate", verbosity=0, interactive=False)


def generate(path: Path, rows: int, seed: int) -> None:
    """A realistic leads CSV (semicolon separated, with a byte-order mark, as Excel writes it)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for n in range(rows):
            name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(SUFFIXES)}"
            slug = name.lower().replace(" ", "-")
            first, last = rng.choice(FIRST), rng.choice(LAST)
            writer.writerow(
                [
                    f"{name} {rng.choice(FORMS)}".strip(),
                    f"https://www.{slug}-{n}.example/" if rng.random() < 0.8 else "",
                    rng.choice(COUNTRIES),
                    rng.choice(VERTICALS),
                    rng.choice(SIZES),
                    f"{first} {last}",
                    f"{first.lower()}.{last.lower()}{n}@{slug}.example" if rng.random() < 0.9 else "",
                    f"+49 30 {rng.randint(1000000, 9999999)}",
                    rng.choice(("CEO", "CIO", "Head of IT", "Buyer", "Operations manager", "")),
                    "Met at the trade fair" if rng.random() < 0.1 else "",
                    f"{rng.randint(0, 40)}"
                    if rng.random() < 0.5
                    else f"{rng.randint(1, 9)} {rng.randint(100, 999)},5",
                    rng.choice(("Yes", "No", "да", "нет", "")),
                    rng.choice(("2025-03-14", "01.02.2026", "2024-12-31", "")),
                    rng.choice(CHANNELS),
                    rng.choice(("Pricing", "Integration", "Support contract", "")),
                    f"{rng.randint(0, 2500)}",
                ]
            )


def _attributes() -> None:
    from leads.models import LeadAttribute

    specs = [
        ("visits", "Visits", "number", []),
        ("do_not_email", "Do Not Email", "boolean", []),
        ("first_contact", "First contact", "date", []),
        (
            "lead_channel",
            "Lead channel",
            "choice",
            [{"value": v.lower().replace(" ", "_"), "label_en": v, "label_ru": ""} for v in CHANNELS[:-1]],
        ),
        ("interest", "Interest", "text", []),
    ]
    for key, label, kind, choices in specs:
        LeadAttribute.objects.update_or_create(
            key=key, defaults={"label_en": label, "kind": kind, "choices": choices}
        )
    LeadAttribute.objects.filter(key="time_on_site").delete()


def _reset() -> None:
    from django.db import connection

    from leads.models import Lead

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {Lead._meta.db_table} CASCADE")
    else:
        Lead.objects.all().delete()


def _actor():
    from accounts.models import User
    from core.actor import build_actor
    from core.roles import StaffRole

    user = User.objects.filter(email="bench-ops@vendor.test").first()
    if user is None:
        user = User.objects.create_user("bench-ops@vendor.test", "bench-Passw0rd!", staff_role=StaffRole.OPS)
    return build_actor(user)


def _upload(actor, path: Path):
    from django.core.files import File

    from imports.registry import NEW_ATTRIBUTE
    from imports.services import import_map, import_upload

    with path.open("rb") as handle:
        job = import_upload(actor=actor, kind="leads", upload=File(handle, name=path.name))
    mapping = dict(job.mapping)
    mapping["Time on site"] = NEW_ATTRIBUTE
    return import_map(actor=actor, job=job, mapping=mapping)


def run_flow(actor, path: Path, *, kill_after_batches: int | None = None) -> dict:
    from imports.models import ImportJob
    from imports.services import import_check, import_start
    from leads.importer import LeadImporter

    job = _upload(actor, path)
    cpu_started = _cpu_seconds()
    started = time.perf_counter()
    import_check(actor=actor, job=job)
    checked = time.perf_counter()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.VALIDATED, (job.status, job.failure)
    original = LeadImporter.write_batch
    original_finish = LeadImporter.finish
    finish_s = [0.0]

    def timed_finish(self, job):  # the tasks it enqueues run inline here (immediate backend): timed apart
        began = time.perf_counter()
        original_finish(self, job)
        finish_s[0] += time.perf_counter() - began

    LeadImporter.finish = timed_finish  # type: ignore[method-assign]
    if kill_after_batches is not None:
        calls = {"n": 0}

        def dying(self, rows, job):
            calls["n"] += 1
            if calls["n"] > kill_after_batches:
                raise SimulatedKill
            return original(self, rows, job)

        LeadImporter.write_batch = dying  # type: ignore[method-assign]
    try:
        import_start(actor=actor, job=job, skip_invalid=True)
    finally:
        LeadImporter.write_batch = original  # type: ignore[method-assign]
        LeadImporter.finish = original_finish  # type: ignore[method-assign]
    done = time.perf_counter()
    cpu = _cpu_seconds() - cpu_started
    job.refresh_from_db()
    return {
        "job": job,
        "check_s": checked - started,
        "import_s": done - checked,
        "after_import_s": finish_s[0],
        "cpu_s": cpu,
    }


def _cpu_seconds() -> float:
    """This process's CPU time (its threads included): what the import costs here whatever else runs on the
    machine; the database's own work is not in it."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class SimulatedKill(BaseException):
    """A worker killed mid-way: nothing catches it, the job stays `importing` with its last heartbeat."""


def resume_check(actor, path: Path, rows: int) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from imports.models import ImportJob
    from imports.services import resume_stalled
    from leads.models import Lead

    _reset()
    flow = run_flow(actor, path, kill_after_batches=3)
    job = flow["job"]
    assert job.status == ImportJob.Status.IMPORTING, job.status
    killed_at = job.next_row
    resumed = resume_stalled(now=timezone.now() + timedelta(minutes=10))
    job.refresh_from_db()
    prefix = f"import:{job.public_id}:"
    written = Lead.objects.filter(idempotency_key__startswith=prefix).count()
    distinct = (
        Lead.objects.filter(idempotency_key__startswith=prefix).values("idempotency_key").distinct().count()
    )
    return {
        "killed_at_row": killed_at,
        "resumed_jobs": resumed,
        "status": job.status,
        "valid_rows": job.valid_rows,
        "written": written,
        "distinct": distinct,
        "exactly_once": job.status == "done" and written == distinct == job.valid_rows,
    }


def _write_results(results: dict) -> None:
    path = OUT / "leads.json"
    existing = json.loads(path.read_text()) if path.exists() else {}
    existing.update(results)
    path.write_text(json.dumps(existing, indent=2, sort_keys=True) + "\n")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", choices=sorted(URLS), default="postgresql")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-resume", action="store_true")
    args = parser.parse_args(argv)
    _setup(args.db)
    path = OUT / f"leads-import-{args.rows}.csv"
    generate(path, args.rows, args.seed)
    _attributes()
    _reset()
    actor = _actor()
    flow = run_flow(actor, path)
    job = flow["job"]
    total_s = round(flow["check_s"] + flow["import_s"], 2)
    rss_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    results = {
        "import_100k_s" if args.rows == 100_000 else f"import_{args.rows}_s": total_s,
        "import_peak_mb": rss_mb,
    }
    details = {
        "rows": args.rows,
        "database": args.db,
        "dry_run_s": round(flow["check_s"], 2),
        "write_s": round(flow["import_s"], 2),
        "of_which_scoring_and_routing_tasks_s": round(flow["after_import_s"], 2),
        "python_cpu_s": round(flow["cpu_s"], 2),
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "status": job.status,
        "valid_rows": job.valid_rows,
        "error_rows": job.error_rows,
        "written_rows": job.written_rows,
    }
    print(json.dumps(results | details, indent=2))
    if not args.skip_resume:
        tracemalloc.start()
        resume = resume_check(actor, path, args.rows)
        results["import_tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1024 / 1024, 1)
        tracemalloc.stop()
        results["import_resume_exactly_once"] = resume["exactly_once"]
        print(json.dumps(resume | {"tracemalloc_peak_mb": results["import_tracemalloc_peak_mb"]}, indent=2))
    if args.rows == 100_000:
        _write_results(results)
    ok = total_s <= TIME_TARGET_S and rss_mb <= MEMORY_TARGET_MB
    print(
        ("OK" if ok else "MISSED") + f": {total_s} s (≤ {TIME_TARGET_S}), {rss_mb} MB (≤ {MEMORY_TARGET_MB})"
    )
    return results


if __name__ == "__main__":
    main()
