"""Co-branded PDF timings for `make bench` (var/bench/enablement.json: `cobrand_cold_p95_ms`,
`cobrand_cached_p95_ms`; targets: cold ≤ 1000 ms, cached ≤ 20 ms).

    python -m bench.enablement_cobrand [--runs N]

A fresh SQLite database and media folder in a temporary directory (migrated here), one partner with a logo,
one published two-language template. Measured:
- cold: `collateral_generate` after the partner's profile changed (a new profile version each run): the
  Typst compile with the logo, storing the file, the cache row;
- cached: `collateral_generate` again with the same key (the service's lookup), the download view's fast
  path (`collateral_cached`: one query), and the whole request through Django's test client (session,
  actor, lookup, the file streamed).
`measure_cobrand()` returns the figures; the lead's `make bench` merges them into var/bench/enablement.json
(whose other fields are not this module's).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"cobrand_cold_p95_ms": 1000.0, "cobrand_cached_p95_ms": 20.0}


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))], 2)


def _summary(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": _pct(values, 0.5),
        "p95_ms": _pct(values, 0.95),
        "mean_ms": round(statistics.fmean(values), 2),
        "runs": len(values),
    }


def _setup(folder: Path) -> None:
    """Django on a database and a media folder of our own (call before anything imports models)."""
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'cobrand.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False
    settings.MEDIA_ROOT = folder / "media"
    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _timed(run) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def measure_cobrand(*, runs: int = 40) -> dict[str, Any]:
    """The figures (Django must be set up: `_setup`, or a test database). Cold and cached p95 in ms, and
    the details of each path."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from accounts.testing import make_member, make_partner, make_user
    from collateral.services import collateral_cached, collateral_generate
    from collateral.testing import FLYER_EN, FLYER_RU, PNG, published_template
    from core.actor import build_actor
    from core.roles import PartnerRole, StaffRole
    from partners.services import partner_logo_set, partner_update

    marketing = make_user("bench-marketing@kanal.bench", staff_role=StaffRole.MARKETING)
    partner = make_partner("Bench Bikes GmbH", phone="+49 30 000000")
    rep = make_member(partner, "bench-rep@kanal.bench", PartnerRole.ADMIN)
    partner_logo_set(actor=build_actor(rep), partner=partner, data={"logo": SimpleUploadedFile("l.png", PNG)})
    template = published_template(build_actor(marketing), source_en=FLYER_EN, source_ru=FLYER_RU)

    cold: list[float] = []
    for run in range(runs):
        partner_update(actor=build_actor(rep), partner=partner, data={"phone": f"+49 30 {run:06d}"})
        actor = build_actor(rep)  # a request after the change: the partner as it is now
        cold.append(_timed(lambda: collateral_generate(actor=actor, template=template, language="en")))  # noqa: B023

    actor = build_actor(rep)
    collateral_generate(actor=actor, template=template, language="en")
    service = [
        _timed(lambda: collateral_generate(actor=actor, template=template, language="en"))
        for _run in range(runs)
    ]
    fast = [
        _timed(lambda: collateral_cached(actor=actor, template_id=template.public_id, language="en"))
        for _run in range(runs)
    ]
    client = Client()
    client.force_login(rep)
    url = f"/collateral/mine/{template.public_id}/en.pdf"

    def request() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        # a FileResponse: its body streams
        b"".join(response.streaming_content)  # type: ignore[attr-defined]

    request()
    http = [_timed(request) for _run in range(runs)]
    figures = {
        "cobrand_cold_p95_ms": _pct(cold, 0.95),
        "cobrand_cached_p95_ms": _pct(http, 0.95),
        "cobrand_details": {
            "cold_generate": _summary(cold),
            "cached_generate_service": _summary(service),
            "cached_lookup_fast_path": _summary(fast),
            "cached_download_request": _summary(http),
            "targets_ms": TARGETS,
            "note": "cached = the whole download request (test client, SQLite); cold = compile + store",
        },
    }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kanal-cobrand-bench-") as folder:
        _setup(Path(folder))
        figures = measure_cobrand(runs=args.runs)
    print(json.dumps(figures, indent=2))
    failed = [name for name, limit in TARGETS.items() if figures[name] > limit]
    if failed:
        print(f"over target: {', '.join(failed)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
