"""English names written in Cyrillic the way Russians write them: by ear, not letter by letter.

`to_cyrillic_phonetic("Microsoft")` is «Майкрософт» and "General Electric" «Дженерал Электрик»: digraphs
("th", "sh", "ch", "ph", "ck", "qu"), vowel pairs ("ee", "oo", "ea", "ou", "ay"), c and g softened before
e/i/y, "-tion", a silent final e lengthening the vowel before it ("Nike" «Найк»), "w" before a vowel.
The benchmark's own rules: matching reads these back by sound (`matching.normalize.sound_skeleton`) without
knowing them.
"""

from __future__ import annotations

import re

_CONSONANT = "bcdfgjklmnpqrstvwxz"
# (pattern on the lower-case word, Cyrillic), applied in order; each rule only sees Latin letters left over
# by the ones before it.
_RULES = [
    (r"tion", "шн"), (r"sion", "жн"),
    (rf"i([{_CONSONANT}])e$", r"ай\1"), (rf"a([{_CONSONANT}])e$", r"ей\1"),
    (rf"o([{_CONSONANT}])e$", r"оу\1"), (rf"u([{_CONSONANT}])e$", r"ю\1"),
    (rf"(?<=[{_CONSONANT}]{{2}})e$", ""),
    (r"xx", "x"), (r"zh", "ж"), (r"way", "уэй"), (r"igh", "ай"), (r"^mi(?=cr)", "май"),
    (r"^a(?=([bcdfgklmnpstvz])\1)", "э"), (r"sch", "ш"), (r"sh", "ш"), (r"tch", "ч"), (r"ch(?=[rlnm])", "к"),
    (r"^chem", "кем"), (r"tech", "тек"), (r"ch", "ч"),
    (r"ph", "ф"), (r"th", "т"), (r"ck", "к"), (r"qu", "кв"), (r"^wh", "у"), (r"^kn", "н"), (r"^wr", "р"),
    (r"ee", "и"), (r"ea", "и"), (r"oo", "у"), (r"ou", "ау"), (r"ow$", "оу"), (r"ow", "ау"), (r"aw", "о"),
    (r"ay", "ей"), (r"ai", "ей"), (r"ey$", "и"), (r"oy", "ой"), (r"oi", "ой"), (r"au", "о"), (r"ew", "ью"),
    (r"ie$", "и"), (r"eu", "ью"), (r"(?<=[aeiou])h(?![aeiouаеиоуыэюя])", ""),
    (r"^u(?=[bcdfgklmnprstvz][aeiou])", "ю"), (r"^u", "а"),
    (r"c(?=[eiy])", "с"), (r"c", "к"), (r"g(?=[eiy])", "дж"), (r"j", "дж"), (r"x", "кс"),
    (r"^y(?=[aeiou])", "й"), (r"y", "и"), (r"^e", "э"), (r"^w(?=[aeiou])", "у"), (r"w", "в"),
    (r"(?<=[aeiou])h$", ""), (r"h", "х"),
    (r"a", "а"), (r"b", "б"), (r"d", "д"), (r"e", "е"), (r"f", "ф"), (r"g", "г"), (r"i", "и"), (r"k", "к"),
    (r"l", "л"), (r"m", "м"), (r"n", "н"), (r"o", "о"), (r"p", "п"), (r"q", "к"), (r"r", "р"), (r"s", "с"),
    (r"t", "т"), (r"u", "у"), (r"v", "в"), (r"z", "з"),
]  # fmt: skip
_COMPILED = [(re.compile(pattern), cyrillic) for pattern, cyrillic in _RULES]


def _word(word: str) -> str:
    low = word.lower()
    if not low.isalpha():
        return word
    for pattern, cyrillic in _COMPILED:
        low = pattern.sub(cyrillic, low)
    return low[:1].upper() + low[1:] if word[:1].isupper() else low


def to_cyrillic_phonetic(text: str) -> str:
    """An English name as a Russian writes it: "Microsoft" -> "Майкрософт"."""
    return re.sub(r"[A-Za-z]+", lambda m: _word(m.group()), text)
