#!/usr/bin/env bash
# Repeated code in production modules (issue 7's measure): pairs of places sharing six or more lines of the same
# shape, with tests, migrations, demo seeding, benchmarks and browser tests left out. Needs the `duplicates` tool.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git ls-files -co --exclude-standard \
    | grep -v -E '(^|/)(tests|migrations)/|^(demo|bench|e2e|scripts)/|(^|/)conftest\.py$|(^|/)test_[^/]*\.py$' \
    | while read -r f; do [ -f "$f" ] && mkdir -p "$tmp/$(dirname "$f")" && cp "$f" "$tmp/$f"; done
duplicates --repo "$tmp" --seconds 120 "$@"
