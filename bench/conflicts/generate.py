"""Seeded customer records for the benchmark: real company names, varied to a million.

A real name becomes many records the way one group becomes many customers: "Aalberts" →
"Aalberts Nordic GmbH", "Aalberts Logistics Berlin Inc", with a domain and sometimes a tax id that
follow the name. Everything comes from `random.Random(seed)`, so a seed and a row count always give the
same records with the same primary keys, and the queries can be derived again without reading them back.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from hashlib import blake2b

from matching.normalize import name_key, tax_id_key

from .names import real_names

VERSION = 2  # bump when the records a seed produces change: cached databases are then reseeded
# (they follow matching.normalize.name_key too: the real names are told apart by their keys)

QUALIFIERS = (  # noqa: SIM905 (a readable word list)
    "Systems Logistics Nordic Americas Europe Digital Energy Capital Partners Solutions Services "
    "Technologies Industries International Health Foods Labs Software Retail Consulting Networks Analytics "
    "Security Media Pharma Finance Robotics Mobility Cloud Data Marine Aerospace Engineering Trading "
    "Ventures Pacific Iberia Benelux Baltic Textiles Chemicals Motors Medical Biotech Realty Insurance "
    "Telecom Instruments Brands Studios Payments"
).split()
CITIES = (  # noqa: SIM905
    "Berlin Munich Hamburg Paris Lyon London Manchester Madrid Milan Warsaw Prague Vienna Zurich Oslo "
    "Stockholm Helsinki Copenhagen Dublin Boston Chicago Denver Austin Seattle Toronto Sydney Singapore "
    "Tokyo Dubai Kazan Almaty"
).split()
# (written form, long form for the legal name, top-level domain, tax-id country prefix)
FORMS = (
    ("Inc", "Incorporated", "com", "US"),
    ("Inc.", "Incorporated", "com", "US"),
    ("LLC", "LLC", "com", "US"),
    ("Corp.", "Corporation", "com", "US"),
    ("Corporation", "Corporation", "com", "US"),
    ("Ltd", "Limited", "co.uk", "GB"),
    ("Limited", "Limited", "co.uk", "GB"),
    ("Plc", "Public Limited Company", "co.uk", "GB"),
    ("GmbH", "Gesellschaft mit beschränkter Haftung", "de", "DE"),
    ("AG", "Aktiengesellschaft", "de", "DE"),
    ("SE", "SE", "eu", "DE"),
    ("S.A.", "Société anonyme", "fr", "FR"),
    ("S.A.S.", "S.A.S.", "fr", "FR"),
    ("S.p.A.", "Società per azioni", "it", "IT"),
    ("S.r.l.", "S.r.l.", "it", "IT"),
    ("S.L.", "S.L.", "es", "ES"),
    ("N.V.", "Naamloze vennootschap", "nl", "NL"),
    ("B.V.", "Besloten vennootschap", "nl", "NL"),
    ("AB", "Aktiebolag", "se", "SE"),
    ("Oy", "Osakeyhtiö", "fi", "FI"),
    ("A/S", "Aktieselskab", "dk", "DK"),
    ("Pty Ltd", "Proprietary Limited", "com.au", "AU"),
    ("K.K.", "Kabushiki Kaisha", "jp", "JP"),
    ("Sp. z o.o.", "Spółka z ograniczoną odpowiedzialnością", "pl", "PL"),
    ("Ltda.", "Limitada", "com.br", "BR"),
    ("ООО", "Общество с ограниченной ответственностью", "ru", "RU"),
    ("АО", "Акционерное общество", "ru", "RU"),
)
CYRILLIC_FORMS = {"ООО", "АО"}  # written before the name, in quotes: ООО «Acme»


@dataclass(slots=True)
class Record:
    source: str  # conflicts.models.Source values
    pk: int
    core: str  # the name without its legal form, as written: "Aalberts Nordic"
    form: str  # "GmbH", "" when none
    name: str
    legal_name: str
    domain: str
    tax_id: str
    key: str  # name_key(name)
    legal_key: str
    partner: int = 0  # index into the bench partners, registrations only
    status: str = ""
    named: bool = False


@dataclass
class Dataset:
    seed: int
    records: list[Record]
    held_out: list[tuple[str, str]]  # real (name, key) pairs never indexed: the true non-matches
    bases: list[str] = field(default_factory=list)  # keys of the real names the records were varied from


def written(core: str, form: str) -> str:
    if not form:
        return core
    if form in CYRILLIC_FORMS:
        return f"{form} «{core}»"
    return f"{core}, {form}" if form.endswith(".") and " " not in form else f"{core} {form}"


def core_of(name: str, key: str) -> str:
    """The shortest leading part of a real name that still normalises to its key: the name without its
    legal form and punctuation tail ("Trupanion, Inc." → "Trupanion")."""
    words = name.split()
    for size in range(1, len(words) + 1):
        part = " ".join(words[:size]).rstrip(",;-")
        if name_key(part) == key:
            return part
    return name


def slug(key: str) -> str:
    return re.sub(r"[^a-z0-9]", "", key)[:40]


def tax_number(key: str, country: str) -> str:
    digits = int.from_bytes(blake2b(key.encode(), digest_size=8).digest(), "big") % 10**9
    return f"{country}{digits:09d}"


@lru_cache(maxsize=200_000)
def _key(name: str) -> str:
    return name_key(name)


def generate(rows: int, seed: int, held_out: int = 2000, sec_only: bool = False) -> Dataset:
    rng = random.Random(seed)
    pool = list(real_names(sec_only=sec_only))
    rng.shuffle(pool)
    out, base = pool[:held_out], pool[held_out:]
    cores: dict[int, str] = {}
    records: list[Record] = []
    counters = {"direct_account": 0, "registration": 0}
    for _ in range(rows):
        i = rng.randrange(len(base))
        if i not in cores:
            cores[i] = core_of(*base[i])
        core = cores[i]
        shape = rng.random()
        if shape < 0.30:
            words = [core]
        elif shape < 0.75:
            words = [core, rng.choice(QUALIFIERS)]
        elif shape < 0.90:
            words = [core, rng.choice(CITIES)]
        else:
            words = [core, rng.choice(QUALIFIERS), rng.choice(CITIES)]
        core_full = " ".join(words)
        form, long_form, tld, country = rng.choice(FORMS)
        if rng.random() < 0.15:
            form = ""
        name = written(core_full, form)
        key = _key(name) or _key(core_full)
        source = "direct_account" if rng.random() < 0.8 else "registration"
        counters[source] += 1
        record = Record(source, counters[source], core_full, form, name, "", "", "", key, "")
        if rng.random() < 0.7 and slug(key):
            record.domain = f"{slug(key)}.{tld}"
        if rng.random() < 0.4:
            record.tax_id = tax_number(key, country)
        if source == "direct_account":
            record.named = rng.random() < 0.05
            if rng.random() < 0.3:
                record.legal_name = written(core_full, long_form)
                record.legal_key = _key(record.legal_name)
        else:
            record.partner = rng.randrange(200)
            record.status = "approved" if rng.random() < 0.3 else "submitted"
        records.append(record)
    return Dataset(seed, records, out, sorted({_key(c) for c in cores.values()}))


def tax_key(record: Record) -> str:
    return tax_id_key(record.tax_id)
