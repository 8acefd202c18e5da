#!/usr/bin/env bash
# Resolve a merge conflict in the Russian catalogue: keep our catalogue, let makemessages add what the merged
# source now uses, and take the other side's translations for entries still untranslated or fuzzy here.
# Needs polib for that last step (uv runs it without adding it to the project).
set -euo pipefail
cd "$(dirname "$0")/.."
po=locale/ru/LC_MESSAGES/django.po
theirs="$(mktemp)"
git show ":3:$po" > "$theirs"
git show ":2:$po" > "$po"
make messages >/dev/null
UV="$(command -v uv || echo "$HOME/.local/bin/uv")"
"$UV" run --no-project --quiet --with polib python - "$po" "$theirs" <<'PY'
import sys

import polib

po, other = polib.pofile(sys.argv[1]), polib.pofile(sys.argv[2])
done = {(e.msgctxt, e.msgid, e.msgid_plural or None): e for e in other if e.translated() and "fuzzy" not in e.flags}
for entry in po:
    if entry.obsolete or (entry.translated() and "fuzzy" not in entry.flags):
        continue
    source = done.get((entry.msgctxt, entry.msgid, entry.msgid_plural or None))
    if source is None:
        continue
    if entry.msgid_plural:
        entry.msgstr_plural = dict(source.msgstr_plural)
    else:
        entry.msgstr = source.msgstr
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
po.save(sys.argv[1])
PY
rm -f "$theirs"
make messages >/dev/null
git add "$po" locale/ru/LC_MESSAGES/django.mo
msgfmt --statistics "$po" -o /dev/null
