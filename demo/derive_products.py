"""Derive demo/data/products.csv from AdventureWorks' Product.csv: a small catalogue for the demo.

The first product of the 20 largest subcategories (the families are AdventureWorks' categories), with
a list price of the standard cost × 1.6 and a mix of channel eligibilities. The file is in the
catalogue's CSV import format. Re-run with

    uv run python demo/derive_products.py [path/to/Product.csv]

The default source is ../shared/data/adventureworks-reseller-sales/kiet-analytics-export/ relative to the
project root.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SOURCE = (
    PROJECT_ROOT.parent
    / "shared"
    / "data"
    / "adventureworks-reseller-sales"
    / "kiet-analytics-export"
    / "Product.csv"
)
TARGET = Path(__file__).resolve().parent / "data" / "products.csv"
COLUMNS = ["sku", "name", "family", "list_price", "currency", "channel_eligibility", "description"]
SUBCATEGORIES = 20
# A mix: some products are sold only by the vendor itself (direct), which partners do not see.
ELIGIBILITY = ["both", "channel_only", "both", "direct_only", "channel_only"]


def derive(source: Path) -> list[list[str]]:
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    first: dict[str, dict[str, str]] = {}
    size: Counter[str] = Counter()
    for row in sorted(rows, key=lambda r: int(r["ProductKey"])):
        first.setdefault(row["Subcategory"], row)
        size[row["Subcategory"]] += 1
    largest = sorted(first, key=lambda name: (-size[name], name))[:SUBCATEGORIES]
    out = []
    for index, subcategory in enumerate(sorted(largest)):
        row = first[subcategory]
        price = (Decimal(row["StandardCost"]) * Decimal("1.6")).quantize(Decimal("0.01"), ROUND_HALF_UP)
        sku = "AW-" + re.sub(r"[^A-Za-z0-9]+", "-", subcategory).strip("-").upper() + "-" + row["ProductKey"]
        out.append(
            [
                sku,
                row["Product"],
                row["EnglishProductCategoryName"],
                f"{price:.2f}",
                "USD",
                ELIGIBILITY[index % len(ELIGIBILITY)],
                f"{subcategory}; {row['Color']}".strip("; ") if row["Color"] != "NA" else subcategory,
            ]
        )
    return out


def main(argv: list[str]) -> None:
    source = Path(argv[1]) if len(argv) > 1 else SOURCE
    rows = derive(source)
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    print(f"{len(rows)} products -> {TARGET}")


if __name__ == "__main__":
    main(sys.argv)
