"""Real company names from ../shared/data, deduplicated on the normalised key.

The benchmark varies these names rather than inventing them, so that the words, lengths and
near-duplicates the search has to cope with are those of real companies.
"""

from __future__ import annotations

import csv
import json
import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from matching.normalize import name_key

DATA = Path(settings.BASE_DIR).parent / "shared" / "data"

# Listing noise that is not part of a company's name ("Agilent Technologies, Inc. Common Stock").
_SECURITY = re.compile(
    r"\s+(-\s+)?(common stock|ordinary shares?|class [a-z]\b|depositary (receipts?|shares?)|"
    r"american depositary|units?\b|warrants?\b|rights?\b|preferred|shares of beneficial|"
    r"\d+(\.\d+)?%|etf\b|trust units).*$",
    re.IGNORECASE,
)
_SEC_SUFFIX = re.compile(r"\s*/[a-z]{2,3}/?\s*$", re.IGNORECASE)  # "TJX COMPANIES INC /DE/"


def _clean(name: str) -> str:
    name = _SEC_SUFFIX.sub("", (name or "").strip())
    name = _SECURITY.sub("", name).strip(" ,-")
    return re.sub(r"\s+", " ", name)


def _raw_names(data: Path, sec_only: bool) -> list[str]:
    names: list[str] = []
    with open(data / "sec-company-tickers" / "company_tickers.json", encoding="utf-8") as fh:
        names += [entry["title"] for entry in json.load(fh).values()]
    if sec_only:
        return names
    with open(data / "financedatabase-equities-names" / "equities_no_summary.csv", encoding="utf-8") as fh:
        names += [row["name"] for row in csv.DictReader(fh)]
    us = data / "us-listed-companies-datahub"
    for path, column in (
        ("nasdaq-listings__nasdaq-listed-symbols.csv", "Company Name"),
        ("nyse-other-listings__other-listed.csv", "Company Name"),
        ("s-and-p-500-companies__constituents.csv", "Security"),
    ):
        with open(us / path, encoding="utf-8") as fh:
            names += [row[column] for row in csv.DictReader(fh)]
    return names


@lru_cache(maxsize=2)
def real_names(data: Path = DATA, sec_only: bool = False) -> tuple[tuple[str, str], ...]:
    """(name as written, name_key) pairs, one per distinct key, sorted by key (stable across runs).
    `sec_only`: the 10k SEC names alone, for the quick structural tests."""
    by_key: dict[str, str] = {}
    for raw in _raw_names(data, sec_only):
        name = _clean(raw)
        # Structured products and German-exchange short names ("VON MMCCBARXP 60 011222",
        # "BROADRIDGE FINL SOL.DL-01") are listings, not companies.
        if not name or not re.search(r"[A-Za-z]{3}", name) or len(name) > 80 or re.search(r"\d{2}|DL-", name):
            continue
        key = name_key(name)
        if len(key) >= 3 and key not in by_key:
            by_key[key] = name
    return tuple(sorted(((name, key) for key, name in by_key.items()), key=lambda pair: pair[1]))
