"""Labelled queries: what partners type for a customer the index already holds, and for one it doesn't.

Each query is derived from an indexed record's name as written (before normalisation) by one kind of
variation; its label is every record of the same company — the same normalised name, or, for a
domain/tax-id query, the same domain/tax id. True non-matches are real names held out of the index whose
key no indexed record has, so any prediction for them is a false positive.

The variations are made here, by rules of their own, not by reading matching's tables backwards:
- typo, legal_form (another form or none), word_order (two words swapped), abbreviation (initials),
  transliteration (letter by letter into Cyrillic), case_punctuation, domain_only, tax_id_only;
- abbreviated_words: common words shortened as registries print them ("Hldgs", "Intl", "Svcs", `_SHORT`);
- misspelt_legal_form: the legal form with a slip ("Corporaiton", "Limted") or run together or dotted
  ("COLTD", "p.l.c", "L.L.C.", "G.m.b.H.");
- cyrillic_phonetic: the name as a Russian writes it by ear («Майкрософт», «Дженерал Электрик»,
  `to_cyrillic_phonetic`), not letter by letter;
- domain_with_name: an exact domain typed with the name of another company whose first word is the same
  ("Acme Nordic" with acmesystems.com): the domain's record must rank first.
Non-matches: held-out real names (non_match), and two-word names made of real words whose initials are an
indexed short name ("Kappa Tools" where "KT Corp" is indexed: non_match_initials).
"""

from __future__ import annotations

import random
import string
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

from matching.normalize import acronym, name_key

from .generate import FORMS, Dataset, Record, slug, written
from .phonetic import to_cyrillic_phonetic

KINDS = (
    "typo",
    "legal_form",
    "word_order",
    "abbreviation",
    "transliteration",
    "case_punctuation",
    "domain_only",
    "tax_id_only",
    "abbreviated_words",
    "misspelt_legal_form",
    "cyrillic_phonetic",
    "domain_with_name",
)
NON_MATCH = "non_match"
NON_MATCH_INITIALS = "non_match_initials"
NON_MATCH_KINDS = (NON_MATCH, NON_MATCH_INITIALS)
NON_MATCH_SHARE = 0.2
INITIALS_SHARE = 0.05

# Common words of company names and how registries, tickers and partners shorten them.
_SHORT = {
    "holdings": ("Hldgs", "Hldg"), "holding": ("Hldg",), "international": ("Intl", "Int'l", "Intl."),
    "services": ("Svcs", "Svc", "Srvcs"), "service": ("Svc",), "pharmaceuticals": ("Pharma", "Pharm"),
    "pharmaceutical": ("Pharma",), "group": ("Grp",), "manufacturing": ("Mfg",),
    "technologies": ("Tech",), "technology": ("Tech",), "associates": ("Assoc",), "association": ("Assn",),
    "national": ("Natl", "Nat'l"), "brothers": ("Bros",), "center": ("Ctr",), "centre": ("Ctr",),
    "department": ("Dept",), "distribution": ("Dist", "Distrib"), "engineering": ("Eng", "Engg"),
    "equipment": ("Equip",), "financial": ("Fin", "Finl"), "finance": ("Fin",), "general": ("Gen",),
    "industries": ("Ind", "Inds"), "investment": ("Inv",), "investments": ("Inv", "Invts"),
    "management": ("Mgmt", "Mgt"), "products": ("Prods", "Prod"), "systems": ("Sys",), "system": ("Sys",),
    "solutions": ("Solns",), "communications": ("Comms", "Comm"), "laboratories": ("Labs",),
    "resources": ("Res",), "properties": ("Props",), "insurance": ("Ins",), "american": ("Amer",),
    "development": ("Dev",), "enterprises": ("Ent",), "marketing": ("Mktg",),
}  # fmt: skip
# Legal forms with a slip in them, and run-together or dotted spellings.
_SLIPPABLE = ("Corporation", "Limited", "Incorporated", "Company")
_RESPELT = {
    "Co., Ltd.": ("COLTD", "Co Ltd", "CO.,LTD", "Co.Ltd"), "Plc": ("p.l.c", "P.L.C.", "p l c"),
    "LLC": ("L.L.C.", "l.l.c", "L L C"), "GmbH": ("G.m.b.H.", "G.M.B.H", "Gmbh."),
    "Inc": ("I.N.C.", "Inc,"), "Ltd": ("L.t.d.", "Ltd,"),
}  # fmt: skip

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


def _like(word: str, short: str) -> str:
    return short.upper() if word.isupper() else short.lower() if word.islower() else short


def _abbreviated_words(rng: random.Random, r: Record) -> str | None:
    words = r.core.split()
    shortenable = [i for i, w in enumerate(words) if w.lower().strip(",.") in _SHORT]
    if not shortenable or len(words) < 2:
        return None
    for i in rng.sample(shortenable, rng.randint(1, len(shortenable))):
        words[i] = _like(words[i], rng.choice(_SHORT[words[i].lower().strip(",.")]))
    return written(" ".join(words), r.form if rng.random() < 0.5 else "")


def _slip(rng: random.Random, word: str) -> str:
    """One slip of the keys inside a word, never in its first letter: two letters swapped or one dropped."""
    p = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5:
        return word[:p] + word[p + 1] + word[p] + word[p + 2 :]
    return word[:p] + word[p + 1 :]


def _misspelt_legal_form(rng: random.Random, r: Record) -> str:
    if rng.random() < 0.5:
        form = _slip(rng, rng.choice(_SLIPPABLE))
    else:
        form = rng.choice(_RESPELT[rng.choice(sorted(_RESPELT))])
    form = form.upper() if rng.random() < 0.3 else form
    return f"{r.core}{rng.choice((' ', ', '))}{form}"


def _cyrillic_phonetic(rng: random.Random, r: Record) -> str | None:
    if not all(w.isascii() for w in r.core.split()):
        return None
    core = to_cyrillic_phonetic(r.core)
    return f"ООО «{core}»" if rng.random() < 0.3 else core


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
        "abbreviated_words": _abbreviated_words,
        "misspelt_legal_form": _misspelt_legal_form,
        "cyrillic_phonetic": _cyrillic_phonetic,
        "typo": _typo,
        "legal_form": _legal_form,
        "word_order": _word_order,
        "abbreviation": _abbreviation,
        "transliteration": _transliteration,
        "case_punctuation": _case_punctuation,
    }[kind]
    name = make(rng, r)
    return {"name": name} if name else None


_RENAMED = frozenset({"abbreviated_words", "misspelt_legal_form", "cyrillic_phonetic"})


def _first_words(records: list[Record]) -> dict[str, list[int]]:
    """Record positions by the first word of their normalised name."""
    first: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        if r.key:
            first[r.key.split()[0]].append(i)
    return first


def _domain_with_name(
    rng: random.Random, r: Record, first_words: dict[str, list[int]], records: list[Record]
) -> dict | None:
    """r's exact domain, typed with the name of another company whose name begins with r's first word."""
    if not r.domain:
        return None
    others = first_words.get(r.key.split()[0], [])
    for i in rng.sample(others, min(len(others), 20)):
        other = records[i]
        if other.key != r.key and other.domain != r.domain:
            return {"name": other.name, "domain": rng.choice((r.domain, f"www.{r.domain}"))}
    return None


def _initials_names(
    rng: random.Random, count: int, by_key: dict, held_out: list[tuple[str, str]], words: dict
) -> list[str]:
    """Two-word names of real words whose initials are an indexed two-letter name ("Kappa Tools" for
    "KT Corp"), themselves neither indexed nor relatives of an indexed name."""
    shorts = sorted(key for key in by_key if len(key) == 2 and key.isalpha())
    by_letter: dict[str, list[str]] = defaultdict(list)
    for name, _key in held_out:
        for word in name.split():
            if len(word) >= 4 and word.isalpha() and word.isascii():
                by_letter[word[0].lower()].append(word.title())
    for letter in by_letter:
        by_letter[letter] = sorted(set(by_letter[letter]))
    names: list[str] = []
    for _ in range(count * 50):
        if len(names) >= count or not shorts:
            break
        short = rng.choice(shorts)
        if not (by_letter.get(short[0]) and by_letter.get(short[1])):
            continue
        name = f"{rng.choice(by_letter[short[0]])} {rng.choice(by_letter[short[1]])}"
        name += rng.choice(("", "", " Inc", " Ltd", " GmbH"))
        key = name_key(name)
        if acronym(key) == short and key not in by_key and not _related(key, words):
            names.append(name)
    return names


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


_SHORT_OF = {word: {name_key(short) for short in shorts} for word, shorts in _SHORT.items()}


def _words_alike(mine: str, other: str) -> bool:
    return (
        mine.startswith(other)
        or other.startswith(mine)
        or mine in _SHORT_OF.get(other, ())
        or other in _SHORT_OF.get(mine, ())
    )


def _shortened(key: str, by_first: dict[str, list[list[str]]]) -> bool:
    """Whether a held-out name is a real name in the index with its words shortened, or the other way
    round ("vimy res" and "vimy resources", "perimeter med imag ai" and "perimeter medical imaging ai"):
    the same company listed twice, not a non-match."""
    mine = key.split()
    return any(
        len(other) == len(mine) and all(_words_alike(a, b) for a, b in zip(mine, other, strict=True))
        for other in by_first.get(mine[0], ())
    )


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
    first_words = _first_words(dataset.records)
    queries: list[Query] = []
    non_matches = round(count * NON_MATCH_SHARE)
    initials_queries = round(count * INITIALS_SHARE)
    for n in range(count - non_matches - initials_queries):
        kind = KINDS[n % len(KINDS)]
        while True:
            r = rng.choice(dataset.records)
            if kind == "abbreviation" and initials[acronym(r.key)] != 1:
                continue
            if kind == "domain_with_name":
                varied = _domain_with_name(rng, r, first_words, dataset.records)
            else:
                varied = _vary(rng, kind, r)
            # A variant that is word for word another indexed company's name is no longer this one's.
            if varied and kind in _RENAMED and name_key(varied["name"]) in by_key.keys() - {r.key}:
                continue
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
    initials_names = _initials_names(rng, initials_queries, by_key, dataset.held_out, words)
    non_matches += initials_queries - len(initials_names)  # an index without two-letter names: plain ones
    by_first: dict[str, list[list[str]]] = defaultdict(list)
    for base in dataset.bases:
        by_first[base.split()[0]].append(base.split())
    held = [
        (name, key)
        for name, key in dataset.held_out
        if key not in by_key and not _related(key, words) and not _shortened(key, by_first)
    ]
    for name, key in rng.sample(held, min(non_matches, len(held))):
        domain = f"{slug(key)}.com" if rng.random() < 0.3 else ""
        if domain in indexed_domains:
            domain = ""
        queries.append(Query(len(queries), NON_MATCH, name=name, domain=domain))
    for name in initials_names:
        queries.append(Query(len(queries), NON_MATCH_INITIALS, name=name))
    return [Query(**(asdict(q) | {"label": [list(x) for x in q.label]})) for q in queries]


def check_key(q: Query) -> str:
    return name_key(q.name)
