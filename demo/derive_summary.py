"""Derive demo/data/reseller_summary.csv from AdventureWorks' FactResellerSales.csv (3.6 MB, not copied).

One row per reseller that ever ordered: first and last order date, total sales, number of orders, and the
sales territory and sales rep (EmployeeKey) that account for most of its sales. Re-run with

    uv run python demo/derive_summary.py [path/to/FactResellerSales.csv]

The default source is ../shared/data/adventureworks-reseller-sales/kiet-analytics-export/ relative to the
project root.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SOURCE = (
    PROJECT_ROOT.parent
    / "shared"
    / "data"
    / "adventureworks-reseller-sales"
    / "kiet-analytics-export"
    / "FactResellerSales.csv"
)
TARGET = Path(__file__).resolve().parent / "data" / "reseller_summary.csv"
COLUMNS = [
    "ResellerKey",
    "FirstOrderDate",
    "LastOrderDate",
    "TotalSales",
    "OrderCount",
    "MainTerritoryKey",
    "MainEmployeeKey",
]


def summarize(rows) -> list[dict[str, str]]:
    first: dict[str, str] = {}
    last: dict[str, str] = {}
    total: dict[str, Decimal] = defaultdict(Decimal)
    orders: dict[str, set[str]] = defaultdict(set)
    by_territory: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    by_employee: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for row in rows:
        key, day, amount = row["ResellerKey"], row["OrderDate"], Decimal(row["SalesAmount"])
        first[key] = min(first.get(key, day), day)
        last[key] = max(last.get(key, day), day)
        total[key] += amount
        orders[key].add(row["SalesOrderNumber"])
        by_territory[key][row["SalesTerritoryKey"]] += amount
        by_employee[key][row["EmployeeKey"]] += amount
    return [
        {
            "ResellerKey": key,
            "FirstOrderDate": first[key],
            "LastOrderDate": last[key],
            "TotalSales": f"{total[key]:.2f}",
            "OrderCount": str(len(orders[key])),
            "MainTerritoryKey": _top(by_territory[key]),
            "MainEmployeeKey": _top(by_employee[key]),
        }
        for key in sorted(total, key=int)
    ]


def _top(counter: dict[str, Decimal]) -> str:
    """The key with the largest amount; ties go to the smaller key so the output is stable."""
    return max(counter.items(), key=lambda item: (item[1], -int(item[0])))[0]


def main(argv: list[str]) -> None:
    source = Path(argv[1]) if len(argv) > 1 else SOURCE
    with source.open(encoding="utf-8-sig", newline="") as handle:
        summary = summarize(csv.DictReader(handle))
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(summary)
    print(f"{len(summary)} resellers -> {TARGET}")


if __name__ == "__main__":
    main(sys.argv)
