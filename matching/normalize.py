"""Company-name normalisation for conflict detection.

`name_key("ООО «Ромашка»")` and `name_key("Romashka LLC")` both give "romashka": case, accents,
punctuation, "&"/"and", a leading "The", Cyrillic script and legal forms (multilingual list from De
Nederlandsche Bank's `name_matching`, MIT, in matching/data/legal_forms.csv) are normalised away, so that
the similarity that remains is the similarity of the names themselves.
"""

from __future__ import annotations

import csv
import itertools
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import OSA, Levenshtein

_DATA = Path(__file__).resolve().parent / "data"

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "ye", "ж": "zh",
    "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_TRANSLIT = str.maketrans(_CYRILLIC)

# Legal forms that the DNB list lacks: Russian/CIS (transliterated) and a few common English words.
_EXTRA_FORMS = [
    "ooo", "oao", "zao", "pao", "ao", "nao", "ip", "too", "chp", "gup", "mup", "fgup", "nko", "ano",
    "obshchestvo s ogranichennoy otvetstvennostyu", "aktsionernoe obshchestvo",
    "publichnoe aktsionernoe obshchestvo", "zakrytoe aktsionernoe obshchestvo",
    "otkrytoe aktsionernoe obshchestvo", "individualnyy predprinimatel",
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "llp", "lp",
    "plc", "holdings", "holding", "group", "gmbh", "ag", "sa", "nv", "bv", "ab", "as", "oy", "oyj", "spa",
    "srl", "sarl", "sas", "kg", "kgaa", "se", "pte", "pty", "bhd", "sdn", "kk", "pvt",
    # Run together or shortened as registries and tickers print them: "Co.,Ltd" typed "COLTD", "Hldgs", "Grp".
    "coltd", "incltd", "corpltd", "pteltd", "pvtltd", "ptyltd", "sdnbhd", "hldgs", "hldg", "grp",
    # English forms as Russians write them: «Холдинг», «Группа», «Корпорейшн», «Инкорпорейтед», «Компани».
    "kholding", "kholdings", "gruppa", "grupp", "korporatsiya", "korporeyshn", "inkorporeyted", "kompani",
    "kompaniya", "limited",
]  # fmt: skip

_QUOTES = "\"'«»„“”‘’`´"


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _tokens(text: str) -> list[str]:
    text = _fold(text)
    for quote in _QUOTES:
        text = text.replace(quote, "")
    text = re.sub(r"\s*[&+]\s*", " and ", text)
    text = re.sub(r"[^0-9a-z]+", " ", text)
    return text.split()


def text_words(text: str) -> list[str]:
    """Any text's words as search compares them: lower case, accents dropped, Cyrillic transliterated
    ("Прайс-лист 2026" -> ["prays", "list", "2026"]); unlike `name_tokens`, no word is dropped."""
    return _tokens(text)


@lru_cache(maxsize=1)
def legal_forms() -> frozenset[tuple[str, ...]]:
    """Every legal form as a token sequence, in spaced ("s a") and joined ("sa") spellings."""
    forms: set[tuple[str, ...]] = set()
    with open(_DATA / "legal_forms.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for value in (row["abbreviation"], row["full_name"]):
                tokens = _tokens(value)
                if tokens:
                    forms.add(tuple(tokens))
                    if all(len(t) <= 3 for t in tokens) and len(tokens) > 1:
                        forms.add(("".join(tokens),))
    for value in _EXTRA_FORMS:
        forms.add(tuple(value.split()))
    return frozenset(forms)


@lru_cache(maxsize=1)
def _longest_form() -> int:
    return max(len(f) for f in legal_forms())


# Misspelt legal forms at the end of a name ("Corportion", "Limied", "Holdnigs", "In.") are still legal forms.
_FUZZY_SHORT_FORMS = frozenset({"inc", "ltd", "llc", "plc", "corp"})


@lru_cache(maxsize=1)
def _long_single_forms() -> tuple[str, ...]:
    return tuple(sorted(f[0] for f in legal_forms() if len(f) == 1 and len(f[0]) >= 5))


LONG_FORM_TYPOS = 10  # from this length a legal form may carry two slips ("Incoprorated", "Corportaion")


@lru_cache(maxsize=65536)
def _is_misspelt_form(token: str) -> bool:
    if len(token) >= 5:
        # A swap of two neighbouring letters ("Corporaiton", "Compnay") is one slip, as a dropped letter is.
        slips = 2 if len(token) >= LONG_FORM_TYPOS else 1
        return any(
            OSA.distance(token, form, score_cutoff=slips) <= slips
            for form in _long_single_forms()
            if len(form) >= LONG_FORM_TYPOS or slips == 1
        )
    # Short forms only lose a letter ("In.", "Ltd" -> "Lt"); a changed letter would turn "Inn" into "Inc".
    return any(
        len(token) == len(form) - 1 and Levenshtein.distance(token, form) == 1 for form in _FUZZY_SHORT_FORMS
    )


def _dotted_form(tokens: list[str], forms: frozenset[tuple[str, ...]]) -> int:
    """How many single letters at the end spell a legal form ("p l c" from "p.l.c", "g m b h"), or 0."""
    size = 0
    while size < len(tokens) - 1 and len(tokens[-size - 1]) == 1:
        size += 1
    for length in range(size, 1, -1):
        if ("".join(tokens[-length:]),) in forms:
            return length
    return 0


def _strip_forms(tokens: list[str]) -> list[str]:
    forms, longest = legal_forms(), _longest_form()
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        dotted = _dotted_form(tokens, forms)
        if dotted:
            tokens, changed = tokens[:-dotted], True
            continue
        for size in range(min(longest, len(tokens) - 1), 0, -1):
            if tuple(tokens[-size:]) in forms:
                tokens, changed = tokens[:-size], True
                break
            if tuple(tokens[:size]) in forms:
                tokens, changed = tokens[size:], True
                break
        if not changed and len(tokens) > 1 and _is_misspelt_form(tokens[-1]):
            tokens, changed = tokens[:-1], True
    return tokens


def name_tokens(name: str) -> list[str]:
    tokens = _tokens(name or "")
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    stripped = _strip_forms(tokens)
    return stripped or tokens


def name_key(name: str) -> str:
    """The normalised name: lowercase Latin words without punctuation, articles or legal forms."""
    return " ".join(name_tokens(name))


def acronym(key: str) -> str:
    """'international business machines' -> 'ibm' (only for names of two or more words)."""
    words = [w for w in key.split() if w != "and"]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def tax_id_key(tax_id: str) -> str:
    """Tax ids compare on letters and digits only ('DE 123-456' == 'de123456')."""
    return re.sub(r"[^0-9A-Z]", "", _fold(tax_id or "").upper())


_SOUNDS = (
    ("dzh", "j"),
    ("zh", "j"),
    ("kh", "h"),
    ("ph", "f"),
    ("x", "ks"),
    ("c", "k"),
    ("q", "k"),
    ("w", "v"),
    ("y", "i"),
)
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def sound_key(key: str) -> str:
    """A coarse spelling of a normalised name in which transliterations agree: 'kaspersky' and 'kasperskiy',
    'yandex' and 'yandeks', 'zhongjin' and 'zhongdzhin' read alike. Used to find and score candidates, never
    shown."""
    for written, sound in _SOUNDS:
        key = key.replace(written, sound)
    return _DOUBLES.sub(r"\1", key)


# --- how a name sounds, for the search box (search.text) ---------------------------------------------------
#
# Russians write English names as they are said: "Bike Store" is «Байк Стор», Microsoft «Майкрософт», Skype
# «Скайп». Transliterated letter by letter that is "bayk stor", "maykrosoft", "skayp": far from the spelling.
# `spoken_tokens` reads Cyrillic the way such names are written («Байк Стор» -> "bik stor", «Майкрософт» ->
# "mikrosoft", «систем» -> "sistem"), and the search looks for each piece of those words spelt any way English
# writes its letters (`SPOKEN_LETTERS`: "mik" as mik, mic, myk or myc), so "bik" is found in Bike, "mikrosoft"
# in Microsoft and "sistem" in Systems.
SPOKEN_CYRILLIC = tuple(
    (re.compile(pattern), sound)
    for pattern, sound in (
        ("дж", "j"),  # Джонсон: Johnson
        ("кс", "x"),  # Ксерокс: Xerox, Лексус: Lexus
        ("ай", "i"),  # Байк: bike, Майкрософт: Microsoft, Скайп: Skype, Дайсон: Dyson
        (r"чер\b", "ture"),  # Адвенчер: Adventure, Калчер: Culture
        ("х", "h"),  # Хилтон: Hilton (transliterated "kh")
        ("ц", "c"),  # Циско: Cisco
    )
)
# A letter of the spoken spelling -> how English may write it (the first is the letter itself).
SPOKEN_LETTERS = {
    "k": ("k", "c"),  # Microsoft, Cisco
    "i": ("i", "y"),  # system, Skype (й and ы are read i too)
    "f": ("f", "ph"),  # Philips
    "v": ("v", "w"),  # Windows
    "u": ("u", "oo"),  # Google, Zoom
    "x": ("x", "ks", "cs", "cks"),  # Xerox; Works, Electronics, Tracks (кс is read x above)
}
MAX_SPELLINGS = 8  # of one piece: the SQL grows with them


def spoken_tokens(name: str) -> list[str]:
    """The words of a name written as it sounds: «Байк Стор» -> ["bik", "stor"], «Майкрософт» ->
    ["mikrosoft"]."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    for pattern, sound in SPOKEN_CYRILLIC:
        text = pattern.sub(sound, text)
    return [token.replace("y", "i") for token in name_tokens(text)]


def spoken_spellings(piece: str) -> list[str]:
    """How English may write a piece of a spoken word, the piece itself first: "mik" -> mik, mic, myk, myc
    (at most MAX_SPELLINGS)."""
    options = [SPOKEN_LETTERS.get(letter, (letter,)) for letter in piece]
    return ["".join(letters) for letters in itertools.islice(itertools.product(*options), MAX_SPELLINGS)]


_SPOKEN_FOLD = sorted(
    ((written, letter) for letter, spellings in SPOKEN_LETTERS.items() for written in spellings[1:]),
    key=lambda rule: -len(rule[0]),
)


def spoken_fold(key: str) -> str:
    """A normalised key with each letter English writes several ways written one way: "microsoft" and the
    spoken "mikrosoft" both read "mikrosoft". To rank the few rows found, never stored."""
    for written, letter in _SPOKEN_FOLD:
        key = key.replace(written, letter)
    return key


# --- common words and their abbreviations ------------------------------------------------------------------
#
# Registries, tickers and partners shorten the common words of company names ("Acme Intl Hldgs", "Globex
# Pharma Svcs"). Each group below is one word in its spellings: the word first (what the group reads as),
# then its other numbers and its abbreviations. Names are compared and indexed with every word of a group
# read as the first (`common_words`), so "intl" meets "international" and "svcs" meets "service".
# An abbreviation that shortens two common words ("gen": general, generation) belongs to the commoner one.
COMMON_WORD_GROUPS = (
    ("holdings", "holding", "hldgs", "hldg", "hldng", "hldngs", "hold", "hlds"),
    ("group", "groups", "grp", "grps"),
    ("international", "intl", "int", "intnl", "internatl", "internat"),
    ("services", "service", "svcs", "svc", "srvcs", "srvc", "servs", "serv", "svs"),
    ("pharmaceuticals", "pharmaceutical", "pharma", "pharm", "pharms", "pharmas"),
    ("manufacturing", "mfg", "mfr", "mfrs", "manufacturers", "manufacturer", "manuf", "mnfg"),
    ("technology", "technologies", "tech", "techs", "technol", "techn"),
    ("associates", "associated", "association", "assoc", "assocs", "assn", "asso"),
    ("national", "natl", "nat"),
    ("brothers", "bros", "bro"),
    ("center", "centre", "centers", "centres", "ctr", "ctrs", "cntr"),
    ("department", "departments", "dept", "dpt"),
    ("distribution", "distributors", "distributor", "distributing", "dist", "distr", "distrib"),
    ("engineering", "engineers", "engineer", "eng", "engg", "engr", "engrs"),
    ("equipment", "equipments", "equip", "eqpt"),
    ("financial", "financials", "finance", "fin", "finl", "finc"),
    ("general", "gen", "genl"),
    ("industries", "industry", "industrial", "industrials", "ind", "inds", "indus"),
    ("investments", "investment", "inv", "invest", "invs", "invt", "invts"),
    ("management", "mgmt", "mgt", "mngmt"),
    ("products", "product", "prod", "prods", "prdts", "prdcts"),
    ("systems", "system", "sys", "syst", "systs"),
    ("solutions", "solution", "solns", "soln"),
    ("communications", "communication", "comm", "comms", "commun", "commns"),
    ("laboratories", "laboratory", "labs", "lab", "labo"),
    ("resources", "resource", "res", "resrcs"),
    ("properties", "property", "props", "prop", "ppty"),
    ("insurance", "ins", "insur", "insce"),
    ("telecommunications", "telecom", "telecoms", "telecomm"),
    ("american", "amer", "amern"),
    ("bank", "bk", "bnk"),
    ("capital", "cap", "cptl"),
    ("development", "developments", "dev", "devel", "devt"),
    ("enterprises", "enterprise", "ent", "ents", "entps"),
    ("health", "hlth"),
    ("healthcare", "hlthcare", "hlthcr"),
    ("medical", "med"),
    ("mortgage", "mtg", "mtge"),
    ("petroleum", "petro", "petrol"),
    ("transportation", "transport", "transp", "trnsp"),
    ("university", "univ"),
    ("utilities", "utility", "util", "utils"),
    ("warehouse", "whse"),
    ("chemicals", "chemical", "chem", "chems"),
    ("networks", "network", "ntwks", "netwk"),
    ("marketing", "mktg"),
    ("motors", "motor", "mtrs"),
    ("partners", "partner", "ptnrs", "prtnrs"),
    ("construction", "constr", "constn"),
    ("acquisition", "acquisitions", "acq", "acqu"),
    ("trading", "trdg"),
    ("software", "sftwr"),
)
_COMMON_WORD = {spelling: group[0] for group in COMMON_WORD_GROUPS for spelling in group}


@lru_cache(maxsize=131072)
def common_words(key: str) -> str:
    """A normalised name with each common word in one spelling and the legal forms that then show
    stripped again: "acme intl svcs" -> "acme international services", "acme hldgs" -> "acme". A
    one-word name is a name, not an abbreviation ("Tech" stays "tech")."""
    tokens = key.split()
    if len(tokens) < 2:
        return key
    read = [_COMMON_WORD.get(token, token) for token in tokens]
    if read == tokens:
        return key
    return " ".join(_strip_forms(read) or read)


# --- how an English name sounds, for names typed in Cyrillic ------------------------------------------------
#
# Russians write English names as they are said: General Electric is «Дженерал Электрик», Apple «Эппл»,
# Google «Гугл». Transliterated back ("dzheneral elektrik", "eppl", "gugl") they are far from the spelling,
# but both read alike once spelt by sound: `sound_skeleton` keeps the consonants as they are heard (soft c
# and g, "tion", "ph", "th", silent h and final e, doubled letters) and writes every run of vowels as one
# "a", so that "general electric" and "dzheneral elektrik" both read "janaral alaktrak".
_SKELETON_DIGRAPHS = (
    ("shch", "S"), ("dzh", "j"), ("tion", "Sn"), ("sion", "Sn"), ("tch", "k"), ("sch", "S"), ("sh", "S"),
    ("ch", "k"),
    ("zh", "j"), ("kh", "h"), ("ph", "f"), ("th", "t"), ("ck", "k"), ("gh", ""), ("wh", "v"), ("qu", "kv"),
    ("ts", "s"), ("q", "k"), ("x", "ks"), ("z", "s"),
)  # fmt: skip
_SOFT = re.compile(r"c(?=[eiy])")
_SOFT_G = re.compile(r"g(?=[eiy])")
# «Уолмарт», «Уэстерн», «Тауэр»: у opening a word or between vowels, before a vowel, is a w.
_SPOKEN_W = re.compile(r"(?:^|(?<=[aeio]))u(?=[aeio])")
_VOWELS = re.compile(r"[aeiouy]+")
_SILENT_W = re.compile(r"(?<=[aeiouy])w(?![aeiouy])")  # "Hewlett", "Dow"; but "Tower", "Kuiwei"
_SILENT_H = re.compile(r"(?<=.)h")


@lru_cache(maxsize=131072)
def _skeleton_word(word: str, from_cyrillic: bool) -> str:
    word = _DOUBLES.sub(r"\1", word)
    # Cyrillic is written as said: its г is always hard and no e is silent; English spelling needs reading.
    if from_cyrillic:
        word = _SPOKEN_W.sub("v", word)
    else:
        if len(word) > 3 and word.endswith("e") and word[-2] not in "aeiouy":
            word = word[:-1]  # "apple", "google": the final e is not said
        word = _SOFT.sub("s", word)
        word = _SOFT_G.sub("j", word)
    for written, sound in _SKELETON_DIGRAPHS:
        word = word.replace(written, sound)
    word = _SILENT_W.sub("", word).replace("w", "v").replace("c", "k")
    word = _SILENT_H.sub("", word)
    word = _VOWELS.sub("a", word)
    return _DOUBLES.sub(r"\1", word).lower()


def sound_skeleton(key: str, *, from_cyrillic: bool = False) -> str:
    """A normalised name as it sounds, vowels blurred: "microsoft" and "maykrosoft" (Майкрософт, with
    `from_cyrillic`) both read "makrasaft". Coarse: for names typed in Cyrillic only, never shown."""
    return " ".join(_skeleton_word(word, from_cyrillic) for word in key.split())


_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")


def is_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC_LETTER.search(text or ""))
