"""Blocking keys: the cheap, indexable handles that find candidate records for a company name.

A record is stored with the keys of its normalised name; a query looks up the records that share a key
with it and only those are scored with `matching.similarity`. The keys are chosen so that the variants
partners type still share one: the words in any order, whole words (missing or extra words), word
prefixes (typos at the end of a word), one-letter deletions of the first word (a typo anywhere in it),
acronyms ("IBM"), and each word as it sounds (`sound_skeleton`, for names typed in Cyrillic). Common words
are keyed in one spelling (`common_words`: "Intl" and "International" share their keys).
"""

from __future__ import annotations

from hashlib import blake2b

from matching.normalize import acronym, common_words, sound_key, sound_skeleton

INDEX_VERSION = 6  # bump when the keys change: stored indexes must then be rebuilt (rebuild_conflict_index)
MIN_TOKEN = 3
PREFIX = 4
DELETES_MAX_LEN = 12
ACRONYM_MAX_LEN = 12
ACRONYM_MIN_LEN = 3  # as matching.similarity.MIN_ACRONYM: two initials are never compared

# Words too common to find anything by themselves.
STOP_TOKENS = frozenset(
    {"and", "of", "the", "de", "la", "le", "der", "die", "des", "du", "von", "van", "und", "et", "for", "in"}
)


def _deletes(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


def blocking_keys(key: str) -> set[str]:
    """Keys for a normalised name (matching.normalize.name_key), taken from its sound key so that
    transliterated spellings share them."""
    read = common_words(key)
    tokens = [t for t in sound_key(read).split() if t not in STOP_TOKENS]
    keys: set[str] = set()
    joined = "".join(tokens)
    if joined:
        keys.add("j:" + joined)
    if len(tokens) > 1:
        # The same words in another order: every word may be too common to find the name by itself.
        keys.add("s:" + " ".join(sorted(tokens)))
    for token in tokens:
        if len(token) >= MIN_TOKEN:
            keys.add("t:" + token)
            keys.add("p:" + token[:PREFIX])
    # As it sounds, the words as written too: "tech" is read as "technology" above, but «Тек» is said "tech".
    keys |= _heard(read, from_cyrillic=False) | _heard(key, from_cyrillic=False)
    # A typo anywhere in the first word — the one that usually tells companies apart ("Pvowered Brands
    # Labs") — still meets its one-letter deletions; the other words may be too common to find anything.
    if tokens and PREFIX <= len(tokens[0]) <= DELETES_MAX_LEN:
        keys.update("d:" + d for d in _deletes(tokens[0]))
        keys.add("d:" + tokens[0])
    # Initials as matching.similarity reads them (every word but "and"), in the sound alphabet of the query.
    initials = sound_key(acronym(read))
    if len(initials) >= ACRONYM_MIN_LEN:
        keys.add("a:" + initials)
    if len(tokens) == 1 and ACRONYM_MIN_LEN <= len(tokens[0]) <= ACRONYM_MAX_LEN:
        keys.add("a:" + tokens[0])  # "ibm" finds "international business machines"
    return keys


def _heard(key: str, *, from_cyrillic: bool) -> set[str]:
    words = " ".join(w for w in key.split() if w not in STOP_TOKENS)
    heard = sound_skeleton(words, from_cyrillic=from_cyrillic).split()
    keys = {"f:" + word for word in heard if len(word) >= MIN_TOKEN}
    if len(heard) > 1:
        # The whole name as it sounds: when each word sounds like thousands of others («Сакей Традинг»,
        # «Тс Тек») the words alone cannot find it among a million names.
        keys.add("F:" + "".join(heard))
    return keys


def query_keys(key: str, *, from_cyrillic: bool = False) -> set[str]:
    """The keys to look a name up by: its own, and for a name typed in Cyrillic how its words sound (the
    sound keys of a name spelt in Latin letters would only find what its other keys find)."""
    keys = {k for k in blocking_keys(key) if not k.startswith("f:")}
    if from_cyrillic:
        keys |= _heard(key, from_cyrillic=True)
    return keys


def key_hash(key: str) -> int:
    """A blocking key as a signed 64-bit integer: a compact, stable index value on both databases.
    A collision only adds a candidate, which scoring then drops."""
    return int.from_bytes(blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)
