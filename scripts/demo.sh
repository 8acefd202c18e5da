#!/usr/bin/env bash
# `make demo`: migrate the SQLite demo database, seed it, then serve http://$HOST:$PORT with the task worker.
# Stopping the server (Ctrl-C) stops the worker too.
set -euo pipefail
cd "$(dirname "$0")/.."

HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
# Links in the demo's emails (printed to the console) point at the server started below.
export SITE_URL="${SITE_URL:-http://$HOST:$PORT}"
UV="$(command -v uv 2>/dev/null || echo "$HOME/.local/bin/uv")"
PY="$("$UV" run --no-sync python -c 'import sys; print(sys.executable)')"

mkdir -p var
"$PY" manage.py migrate --noinput -v 0

# Translations are committed as .mo files; compile only when some are missing and gettext is there.
if command -v msgfmt >/dev/null 2>&1; then
    missing=0
    while IFS= read -r po; do
        [ -f "${po%.po}.mo" ] || missing=1
    done < <(find . -path ./.venv -prune -o -name '*.po' -print)
    if [ "$missing" = 1 ]; then
        "$PY" manage.py compilemessages --ignore .venv -v 0
    fi
fi

"$PY" manage.py seed_demo

"$PY" manage.py db_worker --no-reload --no-startup-delay -v 0 &
WORKER=$!
"$PY" manage.py runserver "$HOST:$PORT" &
SERVER=$!
trap 'kill "$SERVER" "$WORKER" 2>/dev/null || true; wait 2>/dev/null || true' EXIT INT TERM
echo "Kanal demo: http://$HOST:$PORT/  (logins above; password kanal-demo-2026; Ctrl-C stops)"
wait "$SERVER"
