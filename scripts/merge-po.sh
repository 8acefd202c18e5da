#!/usr/bin/env bash
# Resolve a merge conflict in the Russian catalogue: take the union of both sides' translations, then let
# makemessages keep only what the merged source still uses, and compile.
set -euo pipefail
cd "$(dirname "$0")/.."
po=locale/ru/LC_MESSAGES/django.po
tmp="$(mktemp -d)"
git show :2:$po > "$tmp/ours.po"
git show :3:$po > "$tmp/theirs.po"
msgcat --use-first "$tmp/ours.po" "$tmp/theirs.po" -o "$po"
rm -rf "$tmp"
make messages >/dev/null
git add $po locale/ru/LC_MESSAGES/django.mo
msgfmt --statistics $po -o /dev/null
