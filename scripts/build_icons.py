"""Build static/vendor/icons.svg: one SVG sprite holding only the Tabler Icons (MIT) that Kanal uses.

    cd /tmp && npm pack @tabler/icons@3.35.0 && tar xzf tabler-icons-3.35.0.tgz
    python scripts/build_icons.py /tmp/package

Each icon becomes a <symbol id="NAME"> (the outline variant, stroke="currentColor": it takes the text colour);
templates draw one with {% icon "NAME" %} (core/templatetags/kanal.py), which refuses a name missing here.
To add an icon: add its Tabler name to ICONS and run the script again (it also copies the licence).
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

VERSION = "3.35.0"
ICONS = sorted(
    {
        # shell
        "menu-2",
        "x",
        "search",
        "bell",
        "world",
        "user-circle",
        "logout",
        "key",
        "shield-lock",
        "layout-sidebar-left-collapse",
        "layout-sidebar-left-expand",
        "chevron-right",
        "chevron-down",
        "plus",
        "pencil",
        "settings",
        # menu
        "target-arrow",
        "adjustments",
        "route",
        "file-import",
        "brain",
        "home",
        "layout-dashboard",
        "building-store",
        "map-2",
        "user-plus",
        "telescope",
        "file-certificate",
        "building-bank",
        "package",
        "briefcase",
        "scale",
        "history",
        "users",
        "checklist",
        "id-badge-2",
        "swords",
        # enablement
        "books",
        "school",
        "certificate",
        "award",
        "stairs-up",
        "speakerphone",
        "download",
        "chart-bar",
        "file-text",
        "file-spreadsheet",
        "presentation",
        "photo",
        "video",
        "link",
        # error pages and states
        "alert-triangle",
        "lock",
        "file-search",
        "server-off",
        "circle-check",
        "clock",
        "activity",
        # money
        "wallet",
        "pig-money",
        "receipt",
        "coins",
        "message-report",
        "cash",
        "file-invoice",
        "report-money",
        "arrows-exchange",
    }
)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "vendor" / "icons.svg"
LICENSE_OUT = ROOT / "static" / "vendor" / "TABLER-ICONS-LICENSE"


def symbol(name: str, svg: str) -> str:
    body = svg.split(">", 1)[1].rsplit("</svg>", 1)[0]
    body = re.sub(
        r'\s*<path stroke="none" d="M0 0h24v24H0z" fill="none"\s*/>', "", body
    )  # the invisible frame
    body = re.sub(r"\s+", " ", body).replace("> <", "><").strip()
    return (
        f'<symbol id="{name}" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" '
        f'stroke-linecap="round" stroke-linejoin="round">{body}</symbol>'
    )


def main(package: Path) -> None:
    source = package / "icons" / "outline"
    symbols = [symbol(name, (source / f"{name}.svg").read_text()) for name in ICONS]
    OUT.write_text(
        f"<!-- Tabler Icons {VERSION} (MIT, TABLER-ICONS-LICENSE), built by scripts/build_icons.py -->\n"
        '<svg xmlns="http://www.w3.org/2000/svg">\n' + "\n".join(symbols) + "\n</svg>\n"
    )
    shutil.copyfile(package / "LICENSE", LICENSE_OUT)
    print(f"{OUT.relative_to(ROOT)}: {len(symbols)} icons")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
