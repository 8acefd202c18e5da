#!/usr/bin/env bash
# Print the path of an installed Python >= 3.12: python3.13, python3.12 or python3 on PATH, else pyenv's
# 3.13 / 3.12 installs. Exits 1 (printing nothing) when there is none.
set -u

is_recent() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

for candidate in python3.13 python3.12 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && is_recent "$candidate"; then
        # sys.executable resolves pyenv shims and the like to the real interpreter.
        "$candidate" -c 'import sys; print(sys.executable)'
        exit 0
    fi
done

pyenv_root="${PYENV_ROOT:-$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")}"
for minor in 3.13 3.12; do
    for dir in $(ls -d "$pyenv_root/versions/$minor".* 2>/dev/null | sort -rV); do
        if is_recent "$dir/bin/python$minor"; then
            echo "$dir/bin/python$minor"
            exit 0
        fi
    done
done
exit 1
