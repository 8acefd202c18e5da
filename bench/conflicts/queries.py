"""Labelled queries: what partners type for a customer the index already holds, and for one it doesn't.

Each query is derived from an indexed record's name as written (before normalisation) by one kind of
variation; its label is every record of the same company — the same normalised name, or, for a
domain/tax-id query, the same domain/tax id. True non-matches are real names held out of the index whose
key no indexed record has, so any prediction for them is a false positive.
"""

from __future__ import annotations

import random
import string
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

from matching.normalize import acronym, name_key

from .generate import FORMS, Dataset, Record, slug, written

KINDS = (
    "typo",
    "legal_form",
    "word_order",
    "abbreviation",
    "transliteration",
    "case_punctuation",
    "domain_only",
    "tax_id_only",
)
NON_MATCH = "non_match"
NON_MATCH_SHARE = 0.2

# Latin → Cyrillic, longest spellings first, chosen so that matching.normalize reads most of it back.
_TO_CYRILLIC = [
    ("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("yu", "ю"), ("ya", "я"),
    ("a", "а"), ("b", "б"), ("c", "к"), ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"), ("h", "х"),
    ("i", "и"), ("j", "дж"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"),
    ("q", "к"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("v", "в"), ("w", "в"), ("x", "кс"),
    ("y", "й"), ("z", "з"),
]  # fmt: skip


@dataclass
class Query:
    id: int
    kind: str
    name: str = ""
    domain: str = ""
    tax_id: str = ""
    source_record: list = field(default_factory=list)  # [source, pk] the query was made from
    label: list = field(default_factory=list)  # [[source, pk], …]: correct answers; empty for non-matches


def to_cyrillic(text: str) -> str:
    out, i, low = [], 0, text.lower()
    while i < len(low):
        for latin, cyr in _TO_CYRILLIC:
            if low.startswith(latin, i):
                out.append(cyr.upper() if text[i].isupper() else cyr)
                i += len(latin)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _typo(rng: random.Random, r: Record) -> str | None:
    tokens = set(r.key.split())
    words = r.core.split()
    choices = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha() and w.lower() in tokens]
    if not choices:
        return None
    i = rng.choice(choices)
    w, p = words[i], rng.randrange(len(words[i]) - 1)
    edit = rng.choice(("insert", "delete", "substitute", "transpose"))
    letter = rng.choice(string.ascii_lowercase)
    if edit == "insert":
        w = w[:p] + letter + w[p:]
    elif edit == "delete":
        w = w[:p] + w[p + 1 :]
    elif edit == "substitute":
        w = w[:p] + (letter if letter != w[p].lower() else "x") + w[p + 1 :]
    else:
        w = w[:p] + w[p + 1] + w[p] + w[p + 2 :]
    words[i] = w
    return written(" ".join(words), r.form)


def _legal_form(rng: random.Random, r: Record) -> str:
    if r.form and rng.random() < 0.4:
        return r.core
    other = rng.choice([f[0] for f in FORMS if f[0] != r.form])
    return written(r.core, other)


def _word_order(rng: random.Random, r: Record) -> str | None:
    words = r.core.split()
    if len(words) < 2:
        return None
    i, j = rng.sample(range(len(words)), 2)
    words[i], words[j] = words[j], words[i]
    return written(" ".join(words), r.form if rng.random() < 0.5 else "")


def _abbreviation(rng: random.Random, r: Record) -> str | None:
    initials = acronym(r.key)
    if len(initials) < 3:
        return None
    return written(initials.upper(), r.form if rng.random() < 0.5 else "")


def _transliteration(rng: random.Random, r: Record) -> str:
    core = to_cyrillic(r.core)
    return f"ООО «{core}»" if rng.random() < 0.5 else core


def _case_punctuation(rng: random.Random, r: Record) -> str:
    name = r.name.upper() if rng.random() < 0.5 else r.name.lower()
    if rng.random() < 0.5:
        name = name.replace(" ", rng.choice(("-", ", ", ". ", " / ")), 1)
    return name + rng.choice((".", " ", " !")) if rng.random() < 0.3 else name


def _vary(rng: random.Random, kind: str, r: Record) -> dict | None:
    if kind == "domain_only":
        if not r.domain:
            return None
        return {"domain": rng.choice((r.domain, f"www.{r.domain}", f"https://www.{r.domain}/contact"))}
    if kind == "tax_id_only":
        if not r.tax_id:
            return None
        t = r.tax_id
        return {"tax_id": rng.choice((t, f"{t[:2]} {t[2:5]}-{t[5:8]}-{t[8:]}", t.lower()))}
    make = {
        "typo": _typo,
        "legal_form": _legal_form,
        "word_order": _word_order,
        "abbreviation": _abbreviation,
        "transliteration": _transliteration,
        "case_punctuation": _case_punctuation,
    }[kind]
    name = make(rng, r)
    return {"name": name} if name else None


def _word_index(bases: list[str]) -> dict[str, list[frozenset]]:
    words: dict[str, list[frozenset]] = defaultdict(list)
    for base in bases:
        tokens = frozenset(base.split())
        for token in tokens:
            words[token].append(tokens)
    return words


def _related(key: str, words: dict[str, list[frozenset]]) -> bool:
    """Whether a held-out name is a relative of a real name in the index — one's words all among the
    other's ("itau unibanco hold" and "itau unibanco"): the same company listed twice, not a non-match."""
    mine = frozenset(key.split())
    return any(other <= mine or mine <= other for token in mine for other in words.get(token, ()))


def build(dataset: Dataset, count: int, seed: int) -> list[Query]:
    rng = random.Random(seed * 1_000_003 + 7)
    by_key: dict[str, list] = defaultdict(list)
    by_domain: dict[str, list] = defaultdict(list)
    by_tax: dict[str, list] = defaultdict(list)
    for r in dataset.records:
        ref = [r.source, r.pk]
        by_key[r.key].append(ref)
        if r.legal_key and r.legal_key != r.key:
            by_key[r.legal_key].append(ref)
        if r.domain:
            by_domain[r.domain].append(ref)
        if r.tax_id:
            by_tax[r.tax_id].append(ref)

    # An abbreviation is a fair query only when it names one company: "GSF" fits dozens of the million names.
    initials = Counter(acronym(key) for key in by_key)
    queries: list[Query] = []
    non_matches = round(count * NON_MATCH_SHARE)
    for n in range(count - non_matches):
        kind = KINDS[n % len(KINDS)]
        while True:
            r = rng.choice(dataset.records)
            if kind == "abbreviation" and initials[acronym(r.key)] != 1:
                continue
            varied = _vary(rng, kind, r)
            if varied:
                break
        label = list(by_key[r.key])
        if "domain" in varied:
            label += by_domain[r.domain]
        if "tax_id" in varied:
            label += by_tax[r.tax_id]
        unique = sorted({tuple(x) for x in label})
        queries.append(Query(len(queries), kind, **varied, source_record=[r.source, r.pk], label=unique))

    indexed_domains = set(by_domain)
    words = _word_index(dataset.bases)
    held = [(name, key) for name, key in dataset.held_out if key not in by_key and not _related(key, words)]
    for name, key in rng.sample(held, min(non_matches, len(held))):
        domain = f"{slug(key)}.com" if rng.random() < 0.3 else ""
        if domain in indexed_domains:
            domain = ""
        queries.append(Query(len(queries), NON_MATCH, name=name, domain=domain))
    return [Query(**(asdict(q) | {"label": [list(x) for x in q.label]})) for q in queries]


def check_key(q: Query) -> str:
    return name_key(q.name)
