"""Every benchmark of leads, one after the other, each in a process of its own (each sets up Django on its own
database): the 100,000-lead import, routing 10,000 new leads across 5,000 partners, and scoring on the X
Education leads. Each part writes its keys of var/bench/leads.json; this prints the file at the end.

    python -m bench.leads.run [--only imports routing scoring] [--db postgresql|sqlite]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PARTS = ("imports", "routing", "scoring")
TARGETS = {
    "import_100k_s": ("≤", 10.0),
    "import_peak_mb": ("≤", 300.0),
    "route_10k_s": ("≤", 5.0),
    "auc": ("≥", 0.93),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument("--db", choices=("postgresql", "sqlite"), default="postgresql")
    args = parser.parse_args(argv)
    failed = []
    for part in args.only:
        print(f"\n=== bench.leads.{part} ({args.db})", flush=True)
        done = subprocess.run(
            [sys.executable, "-m", f"bench.leads.{part}", "--db", args.db], cwd=ROOT, check=False
        )
        if done.returncode:
            failed.append(part)
    path = ROOT / "var" / "bench" / "leads.json"
    figures = json.loads(path.read_text()) if path.exists() else {}
    print("\nvar/bench/leads.json")
    for key in ("train_rows", "test_rows", "auc", "reference_auc", "brier", *TARGETS):
        if key in figures and not isinstance(figures[key], dict):
            target = TARGETS.get(key)
            met = ""
            if target:
                sign, bound = target
                met = (
                    "met" if (figures[key] <= bound if sign == "≤" else figures[key] >= bound) else "NOT met"
                )
                met = f"  (target {sign} {bound}: {met})"
            print(f"  {key:<16} {figures[key]}{met}")
    if "auc" in figures and "reference_auc" in figures:
        print(f"  auc ≥ reference_auc: {'met' if figures['auc'] >= figures['reference_auc'] else 'NOT met'}")
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
