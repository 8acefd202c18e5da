#!/usr/bin/env python3
"""The app layers of import-linter's "layers" contract (pyproject.toml) as the text diagram that
docs/architecture.md shows under "App graph".

    scripts/app_layers.py          print the diagram
    scripts/app_layers.py --check  exit 1 when the diagram in docs/architecture.md is not this one
"""

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
START, END = "<!-- app-layers:start -->", "<!-- app-layers:end -->"


def contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}


def diagram() -> str:
    layers = contracts()["layers"]["layers"]
    width = max(len(layer) for layer in layers)
    lines = []
    for i, layer in enumerate(layers):
        if i:
            lines.append("↓".center(width).rstrip())
        lines.append(layer.center(width).rstrip())
    columns = contracts()["columns"]
    note = f"{', '.join(columns['source_modules'])} never import {', '.join(columns['forbidden_modules'])}"
    return "\n".join(["```text", *lines, "```", "", f"Columns: {note}."])


def documented() -> str:
    text = DOC.read_text(encoding="utf-8")
    if START not in text or END not in text:
        return ""
    return text.split(START, 1)[1].split(END, 1)[0].strip()


def main() -> int:
    if "--check" in sys.argv[1:]:
        if documented() != diagram():
            print(f"docs/architecture.md: the app layers between {START} and {END} are stale; expected:")
            print(diagram())
            return 1
        return 0
    print(diagram())
    return 0


if __name__ == "__main__":
    sys.exit(main())
