#!/usr/bin/env bash
# Make sure uv is available and the project environment (.venv) is in sync with uv.lock.
set -euo pipefail
cd "$(dirname "$0")/.."

uv_bin() {
    command -v uv 2>/dev/null || { [ -x "$HOME/.local/bin/uv" ] && echo "$HOME/.local/bin/uv"; } || true
}

UV="$(uv_bin)"
if [ -z "$UV" ]; then
    echo "uv not found; installing it with: python3 -m pip install --user uv" >&2
    if ! python3 -m pip install --user --quiet uv; then
        echo "Could not install uv. Install it yourself (pip install uv, pipx install uv or" >&2
        echo "https://docs.astral.sh/uv/getting-started/installation/) and run make again." >&2
        exit 1
    fi
    UV="$(uv_bin)"
    [ -n "$UV" ] || { echo "uv was installed but is not on PATH; add ~/.local/bin to PATH." >&2; exit 1; }
fi

if [ -x .venv/bin/python ] && .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null
then
    "$UV" sync --quiet
elif PYTHON="$(scripts/find-python.sh)"; then
    "$UV" sync --quiet --python "$PYTHON"
else
    echo "No Python >= 3.12 found on PATH or in pyenv; letting uv find (or download) one." >&2
    "$UV" sync --quiet --python '>=3.12'
fi
